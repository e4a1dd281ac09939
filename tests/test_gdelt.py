"""Reading GDELT 2.0 event records: the 61-field layout, the mapping, and clear errors."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import FormatError, Precision
from geotimeline.io import gdelt

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


def test_the_country_comes_from_the_name_not_the_fips_code() -> None:
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
    pytest.param(record().rsplit("\t", 4)[0], "line 1", "57 tab-separated fields (a GDELT 1.0",
                 id="gdelt-1"),
    pytest.param(record(ActionGeo_FullName=" , "), "line 1, column 53 (ActionGeo_FullName)",
                 "is not a place name", id="place-name"),
    pytest.param("a,b,c", "line 1", "has 1 tab-separated fields", id="comma-separated"),
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
