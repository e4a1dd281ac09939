"""Reading ACLED exports: the column mapping, the precision codes, and clear errors."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotimeline import FormatError, Precision
from geotimeline.io import acled

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
