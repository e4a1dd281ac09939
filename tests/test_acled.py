"""Reading ACLED exports: the column mapping, the precision codes, and clear errors."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotimeline import FormatError, InvalidFieldError, Precision, Timeline
from geotimeline.cli import main
from geotimeline.io import FORMATS, acled

SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"
HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,actor2,iso,country,admin1,location,latitude,longitude,geo_precision,"
    "source,notes"
)


def csv_text(*rows: list[str], header: str = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return out.getvalue()


def row(**cells: str) -> list[str]:
    defaults = {
        "event_id_cnty": "SYR1", "event_date": "2017-04-04", "year": "2017",
        "time_precision": "1", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria", "assoc_actor_1": "", "actor2": "", "iso": "760",
        "country": "Syria", "admin1": "Idleb", "location": "Saraqib", "latitude": "35.86",
        "longitude": "36.80", "geo_precision": "1", "source": "SANA", "notes": "",
    }  # fmt: skip
    defaults.update(cells)
    return [defaults[name] for name in HEADER.split(",")]


def test_the_sample_file_loads_every_row() -> None:
    timeline = acled.load(SAMPLE)
    assert len(timeline) == 7
    timeline._check()


def test_a_row_maps_to_an_event() -> None:
    event = acled.load(SAMPLE)["SYR90001"]
    assert event is not None
    assert event.title == "Chemical weapon in Khan Shaykhun"
    assert str(event.when) == "2017-04-04"
    assert event.actors == ("Military Forces of Syria (2000-2024)", "Civilians (Syria)")
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place.region) == (
        "Khan Shaykhun", "SY", "Idleb",
    )  # fmt: skip
    assert event.place.coordinates == (35.4417, 36.6514)
    assert [source.outlet for source in event.sources] == ["Reuters", "SANA"]
    assert event.tags == ("chemical weapon", "explosions/remote violence", "political violence")
    assert event.metadata["acled"]["fatalities"] == "74"
    assert event.metadata["place_detail"] == "town"


def test_precision_3_is_the_month_not_the_coded_day() -> None:
    event = acled.load(SAMPLE)["SYR90003"]
    assert event is not None
    assert str(event.when) == "2017-07"
    assert event.when.precision is Precision.MONTH


def test_precision_2_is_the_week_around_the_coded_day() -> None:
    event = acled.load(SAMPLE)["UKR50003"]
    assert event is not None
    assert str(event.when) == "2017-03-12/2017-03-18"


def test_notes_with_commas_quotes_and_newlines_survive() -> None:
    timeline = acled.load(SAMPLE)
    multiline = timeline["SYR90003"]
    quoted = timeline["SYR90002"]
    assert multiline is not None
    assert quoted is not None
    assert "\n" in multiline.metadata["acled"]["notes"]  # kept as written
    assert multiline.summary.endswith("during July. The sources give the month only.")
    assert '"in response"' in quoted.summary


def test_geo_precision_sets_the_place_name_and_detail() -> None:
    timeline = acled.load(SAMPLE)
    near, region, no_point = timeline["SYR90002"], timeline["SYR90003"], timeline["SYR90004"]
    assert near is not None
    assert region is not None
    assert no_point is not None
    assert near.place is not None
    assert (near.place.name, near.metadata["place_detail"]) == ("near Shayrat Airbase", "near-town")
    assert region.place is not None
    assert (region.place.name, region.metadata["place_detail"]) == ("Idleb", "region")
    assert no_point.place is not None
    assert no_point.place.coordinates is None
    assert "place_detail" not in no_point.metadata


def test_associated_actors_follow_their_actor() -> None:
    event = acled.load(SAMPLE)["SYR90004"]
    assert event is not None
    assert event.actors == (
        "Government of Russia (2000-)",
        "Government of United States (2017-2021)",
        "Government of Jordan (1999-)",
    )


def test_upper_case_headers_a_bom_and_written_out_dates_are_read() -> None:
    text = "\ufeff" + csv_text(row(event_date="4 April 2017"), header=HEADER.upper())
    event = acled.loads(text).first
    assert event is not None
    assert str(event.when) == "2017-04-04"


def test_the_country_falls_back_from_iso_to_the_name() -> None:
    event = acled.loads(csv_text(row(iso="0", country="Syria"))).first
    assert event is not None
    assert event.place is not None
    assert event.place.country == "SY"


@given(
    st.dates(dt.date(1997, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from([1, 2, 3]),
)
def test_the_coded_day_lies_within_the_bounds_and_the_bounds_fit_the_code(
    day: dt.date, code: int
) -> None:
    event = acled.loads(
        csv_text(row(event_date=day.isoformat(), year=str(day.year), time_precision=str(code)))
    ).first
    assert event is not None
    earliest, latest = event.when.earliest.date(), event.when.latest.date()
    assert earliest <= day <= latest
    if code == 1:
        assert earliest == latest == day
    elif code == 2:
        assert (earliest, latest) == (day - dt.timedelta(days=3), day + dt.timedelta(days=3))
    else:
        assert (earliest.year, earliest.month, earliest.day) == (day.year, day.month, 1)
        assert (latest.year, latest.month) == (day.year, day.month)
        assert (latest + dt.timedelta(days=1)).day == 1


BAD_FILES = [
    pytest.param("", None, "is empty", id="empty"),
    pytest.param("event_id_cnty,event_date\nX,2017-01-01\n", "line 1", "lacks", id="not-acled"),
    pytest.param(csv_text(row(time_precision="4")), "line 2, column 4 (time_precision)",
                 "'4' is not an ACLED time_precision code", id="time-precision"),
    pytest.param(csv_text(row(event_date="2017-02-30")), "line 2, column 2 (event_date)",
                 "is not a date", id="date"),
    pytest.param(csv_text(row(year="2016")), "line 2, column 3 (year)", "is not the year",
                 id="year"),
    pytest.param(csv_text(row(longitude="")), "line 2, column 15 (longitude)", "is empty",
                 id="half-a-point"),
    pytest.param(csv_text(row(latitude="north")), "line 2, column 14 (latitude)",
                 "'north' is not a number", id="latitude-text"),
    pytest.param(csv_text(row(latitude="95")), "line 2, column 14 (latitude)",
                 "-90..90", id="latitude-range"),
    pytest.param(csv_text(row(geo_precision="0")), "line 2, column 16 (geo_precision)",
                 "geo_precision", id="geo-precision"),
    pytest.param(csv_text(row(iso="SYR")), "line 2, column 10 (iso)", "numeric", id="iso"),
    pytest.param(csv_text(row(event_id_cnty="SYR 1")), "line 2, column 1 (event_id_cnty)",
                 "id:", id="id"),
    pytest.param(csv_text(row(), row()), "line 3, column 1 (event_id_cnty)",
                 "repeats line 2", id="duplicate"),
    pytest.param(csv_text(row(notes="two\nlines"), row(event_id_cnty="SYR2", time_precision="x")),
                 "line 4, column 4 (time_precision)", "time_precision", id="after-multiline"),
    pytest.param(csv_text(row()) + "SYR2,2017-04-04\n", "line 3", "has 2 cells", id="short-row"),
    pytest.param(csv_text(row()) + 'SYR2,"2017-04-04\n', "line 3", "not valid CSV",
                 id="open-quote"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "location", "reason"), BAD_FILES)
def test_a_bad_file_names_the_line_and_column(text: str, location: str | None, reason: str) -> None:
    with pytest.raises(FormatError) as caught:
        acled.loads(text, "export.csv")
    assert caught.value.source == "export.csv"
    assert caught.value.location == location
    assert reason in caught.value.reason


def test_a_bad_row_after_good_ones_gives_no_timeline(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    good = SAMPLE.read_text(encoding="utf-8")
    last = good.splitlines()[-1].replace("UKR50003,2017-03-15", "UKR50004,someday")
    path.write_text(good + last + "\n", "utf-8")
    with pytest.raises(FormatError, match=r"/export\.csv, line 10, column 2 \(event_date\): "):
        acled.load(path)


def test_an_unreadable_file_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"event_id_cnty\xff\n")
    with pytest.raises(FormatError, match="cannot be read: 'utf-8' codec"):
        acled.load(path, encoding="utf-8")
    # A byte order mark says UTF-8: no other encoding is tried.
    path.write_bytes(b"\xef\xbb\xbfevent_id_cnty\xff\n")
    with pytest.raises(FormatError, match="cannot be read: 'utf-8' codec"):
        acled.load(path)
    with pytest.raises(FormatError, match="cannot be read"):
        acled.load(tmp_path / "missing.csv")


_TOKENS = st.sampled_from(["a", "1", "2", "3", ",", '"', "\n", "\r", ";", ".", "-", "SYR", " "])
_CELLS = st.sampled_from(["", "1", "2", "3", "-1", "95.5", "36.8", "760", "x", "2017-04-04", "\n"])


@given(st.lists(_TOKENS).map("".join))
def test_any_text_loads_or_raises_format_error(text: str) -> None:
    with contextlib.suppress(FormatError):
        acled.loads(HEADER + "\n" + text)._check()


@given(st.dictionaries(st.sampled_from(HEADER.split(",")), _CELLS | st.text(max_size=5)))
def test_any_cells_load_or_raise_format_error(cells: dict[str, str]) -> None:
    with contextlib.suppress(FormatError):
        assert len(acled.loads(csv_text(row(**cells)))) == 1


@pytest.mark.parametrize(
    ("cells", "location", "reason"),
    [
        # Found by the fuzzing campaign: the week around a day at either end of the calendar
        # overflowed Python's dates, and digits such as "²" passed isdigit() but not int().
        ({"event_date": "0001-01-02", "year": "1", "time_precision": "2"}, "2 (event_date)",
         "leaves years 1-9999"),
        ({"event_date": "9999-12-30", "year": "9999", "time_precision": "2"}, "2 (event_date)",
         "leaves years 1-9999"),
        ({"time_precision": "¹"}, "4 (time_precision)", "is not an ACLED time_precision code"),
        ({"time_precision": "1" * 5000}, "4 (time_precision)", "is not an ACLED time_precision"),
        ({"geo_precision": "²"}, "16 (geo_precision)", "is not an ACLED geo_precision code"),
        ({"iso": "²"}, "10 (iso)", "is not a numeric ISO 3166-1 code"),
        ({"event_id_cnty": ""}, "1 (event_id_cnty)", "is empty"),
    ],
)  # fmt: skip
def test_hostile_cells_are_format_errors_with_short_messages(
    cells: dict[str, str], location: str, reason: str
) -> None:
    with pytest.raises(FormatError) as caught:
        acled.loads(csv_text(row(**cells)))
    assert caught.value.location == f"line 2, column {location}"
    assert reason in caught.value.reason
    assert len(str(caught.value)) < 250


# -- real exports: the older layout, encodings, countries, bad rows set aside --------------------

OLD_LAYOUT = Path(__file__).parent / "data" / "acled_2016_old_layout.csv"
EXPORT_2025 = Path(__file__).parent / "data" / "acled_2025_export.csv"
COUNTRIES = Path(__file__).parent / "data" / "acled_countries.csv"


def test_an_old_layout_cp1252_export_loads_its_good_rows_and_names_the_bad_one() -> None:
    timeline, rejected = acled.load(OLD_LAYOUT, errors="collect")
    assert [event.id for event in timeline] == [
        "DRC9001", "DRC9002", "CNG9001", "SWZ9002", "CDI9001",
    ]  # fmt: skip
    assert [(row.line, row.column) for row in rejected] == [(5, "year")]
    assert rejected[0].reason == "'2015' is not the year of event_date 2016-01-20"
    assert rejected[0].text.startswith("572,SWZ9001,")
    countries = [event.place.country for event in timeline if event.place is not None]
    assert countries == ["CD", "CD", "CG", "SZ", "CI"]


def test_an_old_layout_row_maps_allies_dates_and_cp1252_text() -> None:
    timeline, _ = acled.load(OLD_LAYOUT, errors="collect")
    first, week, protest = timeline["DRC9001"], timeline["DRC9002"], timeline["CNG9001"]
    assert first is not None
    assert week is not None
    assert protest is not None
    assert str(first.when) == "2015-12-29"  # 29/12/2015: the day first
    assert str(week.when) == "2015-12-30/2016-01-05"
    assert "army\u2019s spokesman" in first.summary  # byte 0x92, cp1252's apostrophe
    assert "\u201cat least 9\u201d" in week.summary
    assert week.actors == (
        "ADF: Allied Democratic Forces",
        "Civilians (Democratic Republic of Congo)",
        "Nande Ethnic Group (Democratic Republic of Congo)",
    )
    assert protest.actors == (
        "Protesters (Republic of Congo)",
        "Opposition Party (Republic of Congo)",
        "Police Forces of Republic of Congo (1997-)",
    )
    assert week.place is not None
    assert week.place.name == "near Oicha"  # the trailing no-break space is dropped
    assert first.metadata["acled"]["gwno"] == "490"  # kept, not read as an ISO code
    assert "" not in first.metadata["acled"]


def test_an_old_layout_export_read_strictly_stops_at_the_bad_row() -> None:
    with pytest.raises(FormatError) as caught:
        acled.load(OLD_LAYOUT)
    assert caught.value.location == "line 5, column 5 (year)"


def test_a_new_layout_utf8_export_with_a_byte_order_mark_loads() -> None:
    timeline = acled.load(EXPORT_2025)
    assert len(timeline) == 5
    strike, clash, swazi = timeline["SDN31001"], timeline["COD31001"], timeline["SWZ31001"]
    assert strike is not None
    assert clash is not None
    assert swazi is not None
    assert str(strike.when) == "2025-05-16"  # 16 May 2025
    assert str(clash.when) == "2025-05-31/2025-06-06"  # 03 June 2025, precision 2
    assert str(swazi.when) == "2025-06"  # 30 Jun 2025, precision 3
    assert strike.actors == (
        "Rapid Support Forces", "Civilians (Sudan)", "Women (Sudan)", "Health Workers (Sudan)",
    )  # fmt: skip
    assert clash.actors[-2:] == ("CODECO: Cooperative for Development of Congo", "Mai-Mai")
    places = {event.id: event.place.country for event in timeline if event.place is not None}
    assert places == {
        "SDN31001": "SD", "COD31001": "CD", "XKX31001": "XK", "SWZ31001": "SZ", "PSE31001": "PS",
    }  # fmt: skip


def test_a_forced_encoding_is_the_only_one_tried() -> None:
    assert acled.load(OLD_LAYOUT, encoding="cp1252", errors="collect") == acled.load(
        OLD_LAYOUT, errors="collect"
    )
    with pytest.raises(FormatError, match="cannot be read: 'utf-8' codec can't decode"):
        acled.load(OLD_LAYOUT, encoding="utf-8", errors="collect")
    with pytest.raises(InvalidFieldError, match="encoding: 'klingon' is not an encoding"):
        acled.load(OLD_LAYOUT, encoding="klingon")
    bytes_read = acled.loads(OLD_LAYOUT.read_bytes(), errors="collect")
    assert bytes_read.timeline == acled.load(OLD_LAYOUT, errors="collect").timeline


def write_export(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_non_ascii_utf8_before_the_first_cp1252_byte_reads_the_file_again(tmp_path: Path) -> None:
    # "Ã©" in cp1252 is the bytes of "é" in UTF-8: only the later 0x92 shows the file is cp1252.
    text = csv_text(row(notes="Ã© is mojibake"), row(event_id_cnty="SYR2", notes="army’s"))
    events = acled.load(write_export(tmp_path / "export.csv", text, "cp1252"))
    assert [event.summary for event in events] == ["Ã© is mojibake", "army’s"]


def test_a_cp1252_byte_after_many_ascii_lines_is_read_on_from_there(tmp_path: Path) -> None:
    rows = [row(event_id_cnty=f"SYR{number}", notes="x" * 100) for number in range(2000)]
    rows.append(row(event_id_cnty="SYR2000", notes="army’s"))
    events = acled.load(write_export(tmp_path / "export.csv", csv_text(*rows), "cp1252"))
    assert len(events) == 2001
    last = events["SYR2000"]
    assert last is not None
    assert last.summary == "army’s"


def test_a_byte_cp1252_leaves_undefined_reads_as_latin1(tmp_path: Path) -> None:
    text = csv_text(row(notes="café"), row(event_id_cnty="SYR2", notes="control \x81 byte"))
    events = acled.load(write_export(tmp_path / "export.csv", text, "latin-1"))
    assert [event.summary for event in events] == ["café", "control \x81 byte"]


# Characters whose bytes differ between UTF-8, cp1252 and latin-1, with ASCII around them.
_CP1252_TEXT = st.text(st.sampled_from('ab ,\n"’“”€éÃ©¿ÿ'), max_size=12)
_LATIN1_TEXT = st.text(st.sampled_from('ab ,\n"é©¿ÿ\x81\x8d\x90\x80'), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([("cp1252", _CP1252_TEXT), ("latin-1", _LATIN1_TEXT)]).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), st.lists(pair[1], min_size=1, max_size=10))
    ),
    st.integers(0, 40),
)
def test_a_file_reads_as_the_first_encoding_that_decodes_all_of_it(
    tmp_path: Path, written: tuple[str, list[str]], ascii_rows: int
) -> None:
    encoding, notes = written
    rows = [row(event_id_cnty=f"A{number}") for number in range(ascii_rows)]
    rows += [row(event_id_cnty=f"B{number}", notes=note) for number, note in enumerate(notes)]
    data = csv_text(*rows).encode(encoding)
    expected = next(text for text in _decodings(data))
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    assert acled.load(path) == acled.loads(expected)
    assert acled.loads(data) == acled.loads(expected)


def _decodings(data: bytes) -> Iterator[str]:
    for encoding in ("utf-8", "cp1252", "latin-1"):
        with contextlib.suppress(UnicodeDecodeError):
            yield data.decode(encoding)


def test_trailing_empty_header_cells_and_the_cells_under_them_are_dropped() -> None:
    header = HEADER + ",,,"
    short = row(event_id_cnty="SYR2")  # ends where the names do: read
    unnamed = [*row(event_id_cnty="SYR3"), "", "x"]  # a value under no name: a bad row
    text = csv_text([*row(), "", "", ""], short, unnamed, header=header)
    timeline, rejected = acled.loads(text, errors="collect")
    assert [event.id for event in timeline] == ["SYR1", "SYR2"]
    assert [(item.line, item.column, item.reason) for item in rejected] == [
        (4, None, "has 'x' in column 20, which the header does not name"),
    ]
    too_long = csv_text([*row(), "", "", "", ""], header=header)
    with pytest.raises(FormatError, match="has 22 cells where the header names 18"):
        acled.loads(too_long)


def test_rows_of_empty_cells_are_no_rows() -> None:
    text = csv_text(row(), [""] * 18, [" "] * 18)
    assert len(acled.loads(text)) == 1


@pytest.mark.parametrize(
    "written",
    ["2017-04-04", "04/04/2017", "4/4/2017", "04-04-2017", "4 April 2017", "04 april 2017",
     "4 APR 2017", "4 Apr. 2017", "04-April-2017", "04-Apr-2017"],
)  # fmt: skip
def test_every_date_form_acled_writes_is_read(written: str) -> None:
    event = acled.loads(csv_text(row(event_date=written))).first
    assert event is not None
    assert str(event.when) == "2017-04-04"


@pytest.mark.parametrize(
    "written",
    ["2017/04/04", "04/13/2017", "4 Foo 2017", "4 April 17", "4 April-2017", "04.04.2017",
     "٤/٤/٢٠١٧", "31 February 2017", "2017-4-4", "April 4, 2017", ""],
)  # fmt: skip
def test_a_date_in_no_form_of_acled_is_a_bad_row(written: str) -> None:
    _, rejected = acled.loads(csv_text(row(event_date=written)), errors="collect")
    assert [(item.column, "is not a date" in item.reason) for item in rejected] == [
        ("event_date", True)
    ]


_FORMS = st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y",
                          "%d-%B-%Y", "%d-%b-%Y"])  # fmt: skip


@given(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 28)), _FORMS, st.booleans())
def test_a_day_written_in_any_acled_form_reads_back(day: dt.date, form: str, upper: bool) -> None:
    # strftime's %B is English in the C locale the tests run in; the reader needs no locale.
    written = day.strftime(form)
    event = acled.loads(csv_text(row(event_date=written.upper() if upper else written,
                                     year=str(day.year)))).first  # fmt: skip
    assert event is not None
    assert event.when.earliest.date() == day


def _acled_countries() -> list[tuple[str, str]]:
    with COUNTRIES.open(encoding="utf-8", newline="") as handle:
        return [(line["country"], line["code"]) for line in csv.DictReader(handle)]


@pytest.mark.parametrize(("name", "code"), _acled_countries())
def test_every_country_on_acleds_list_has_its_iso_code(name: str, code: str) -> None:
    event = acled.loads(csv_text(row(iso="", country=name))).first
    assert event is not None
    assert event.place is not None
    assert event.place.country == code


def test_the_country_list_is_acleds_whole_list() -> None:
    names = [name for name, _ in _acled_countries()]
    assert len(names) == len(set(names)) == 244
    assert set(acled.COUNTRY_ALIASES) <= set(names)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"iso": "", "country": "Narnia"}, "country", "'Narnia' is not a country ACLED names"),
        ({"iso": "999", "country": ""}, "iso", "'999' is no country's ISO 3166-1 code"),
        ({"iso": "999", "country": "Atlantis"}, "country", "'Atlantis' is not a country"),
    ],
)
def test_a_country_that_is_none_is_a_bad_row(
    cells: dict[str, str], column: str, reason: str
) -> None:
    _, rejected = acled.loads(csv_text(row(**cells)), errors="collect")
    assert [(item.column, reason in item.reason) for item in rejected] == [(column, True)]


def test_kosovo_written_as_iso_0_takes_its_country_from_the_name() -> None:
    event = acled.loads(csv_text(row(iso="0", country="Kosovo"))).first
    assert event is not None
    assert event.place is not None
    assert event.place.country == "XK"


# Bad rows of each kind, the column each is rejected for (None for the row as a whole).
BAD_ROWS: list[tuple[dict[str, str], str | None]] = [
    ({"event_date": "someday"}, "event_date"),
    ({"year": "1999"}, "year"),
    ({"latitude": "north"}, "latitude"),
    ({"longitude": ""}, "longitude"),
    ({"latitude": "95"}, "latitude"),
    ({"time_precision": "7"}, "time_precision"),
    ({"geo_precision": "x"}, "geo_precision"),
    ({"country": "Narnia", "iso": ""}, "country"),
    ({"iso": "SYR"}, "iso"),
    ({"event_id_cnty": ""}, "event_id_cnty"),
    ({"event_id_cnty": "DUPLICATE"}, "event_id_cnty"),
    ({"cells": "short"}, None),
]


def bad_row(number: int, kind: int) -> list[str]:
    cells, _ = BAD_ROWS[kind]
    if cells.get("cells") == "short":
        return [f"BAD{number}", "2017-04-04"]
    return row(**{"event_id_cnty": f"BAD{number}", **cells})


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, len(BAD_ROWS) - 1), st.sampled_from(["", "a\nb"])),
        max_size=25,
    )
)
def test_collecting_keeps_exactly_the_good_rows_and_names_exactly_the_bad_lines(
    plan: list[tuple[bool, int, str]],
) -> None:
    rows = [row(event_id_cnty="DUPLICATE")]  # the first of its id: good
    good_rows = list(rows)
    bad_lines, bad_columns = [], []
    line = 3  # after the header and that first row
    for number, (good, kind, notes) in enumerate(plan):
        if good:
            rows.append(row(event_id_cnty=f"GOOD{number}", notes=notes))
            good_rows.append(rows[-1])
        else:
            rows.append(bad_row(number, kind))
            bad_lines.append(line)
            bad_columns.append(BAD_ROWS[kind][1])
        line += 1 + (notes.count("\n") if good else 0)
    timeline, rejected = acled.loads(csv_text(*rows), "export.csv", errors="collect")
    assert timeline == acled.loads(csv_text(*good_rows))
    assert [item.line for item in rejected] == bad_lines
    assert [item.column for item in rejected] == bad_columns
    assert all(item.source == "export.csv" for item in rejected)
    if rejected:
        with pytest.raises(FormatError) as caught:
            acled.loads(csv_text(*rows), "export.csv")
        assert caught.value.location == rejected[0].error.location


def test_collecting_still_raises_for_what_concerns_the_whole_file() -> None:
    for text in ("", "event_id_cnty,event_date\nX,2017-01-01\n", csv_text(row()) + 'SYR2,"x\n'):
        with pytest.raises(FormatError):
            acled.loads(text, errors="collect")
    with pytest.raises(InvalidFieldError, match="errors: 'ignore' must be"):
        acled.loads(csv_text(row()), errors="ignore")


def test_the_acled_format_collects_for_the_command_line() -> None:
    spec = FORMATS["acled"]
    assert spec.collects
    timeline, rejected = spec.load_collecting(OLD_LAYOUT)
    assert (len(timeline), len(rejected)) == (5, 1)


def test_the_command_line_converts_the_good_rows_and_writes_the_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, rejected = tmp_path / "events.json", tmp_path / "rejected.csv"
    arguments = ["convert", str(OLD_LAYOUT), str(target), "--from", "acled"]
    assert main([*arguments, "--rejected", str(rejected)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"geotimeline: 1 row rejected, written to {rejected}"
    )
    assert Timeline.load(target) == acled.load(OLD_LAYOUT, errors="collect").timeline
    rows = list(csv.DictReader(io.StringIO(rejected.read_text(encoding="utf-8"))))
    assert [(line["line"], line["column"]) for line in rows] == [("5", "year")]


def _piped(path: Path, data: bytes) -> threading.Thread:
    os.mkfifo(path)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), path.open("wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_read_once_and_needs_its_encoding_named_past_utf8(tmp_path: Path) -> None:
    text = "\ufeff" + csv_text(row(notes="café"))
    _piped(tmp_path / "utf8", text.encode("utf-8"))
    assert len(acled.load(tmp_path / "utf8")) == 1  # the byte order mark peeked, not lost
    cp1252 = csv_text(row(notes="army’s")).encode("cp1252")
    _piped(tmp_path / "cp1252", cp1252)
    with pytest.raises(FormatError, match="a stream cannot be read again as cp1252: name its"):
        acled.load(tmp_path / "cp1252")
    _piped(tmp_path / "named", cp1252)
    event = acled.load(tmp_path / "named", encoding="cp1252").first
    assert event is not None
    assert event.summary == "army’s"
