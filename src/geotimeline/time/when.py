"""The fuzzy time model: :class:`Precision`, :class:`Moment`, :class:`Unbounded` and :class:`When`.

A :class:`Moment` is one point in time known only to some precision. As in EDTF, precision is
read as uncertainty: ``2014`` is one unknown instant some time in 2014, so a moment is bounded by
its ``earliest`` and ``latest`` possible instants. A date-time given to the second or finer is an
exact point (``earliest == latest``).

A :class:`When` is either an instant (one moment) or an interval whose ``start`` and ``end`` are
each a moment, or :data:`Unbounded.OPEN` (``..``: still going on, or no bound at all) or
:data:`Unbounded.UNKNOWN` (empty in EDTF: there is a bound, but nobody knows it).

The time-zone rule: a date, or a time written without a UTC offset, is read in UTC. A time
written with an offset keeps it, so that ``str`` gives back what was written.

The order: ``When`` values sort by their earliest possible instant, then by their latest, then
by their canonical text, which makes the order total and independent of how values were made.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import functools
import itertools
from collections.abc import Sequence
from typing import Final, Literal, TypeAlias

import attrs
import pendulum

from geotimeline.errors import InvalidFieldError
from geotimeline.time import calendar as cal

__all__ = ["Moment", "Precision", "Unbounded", "When"]


class Precision(enum.IntEnum):
    """How finely a moment is known, from the coarsest to the finest.

    Precisions compare by fineness, so ``precision >= Precision.DAY`` means "known to the day or
    better".

    >>> Precision.MONTH > Precision.YEAR
    True
    """

    CENTURY = 1
    DECADE = 2
    YEAR = 3
    SEASON = 4
    MONTH = 5
    DAY = 6
    HOUR = 7
    MINUTE = 8
    SECOND = 9


class Unbounded(enum.Enum):
    """The end of an interval that is not a moment.

    ``OPEN`` (EDTF ``..``) is an end that does not exist (yet): "ever since 2014".
    ``UNKNOWN`` (empty in EDTF) is an end that exists but is not known.

    >>> str(When.parse("2014/..").end)
    '..'
    """

    OPEN = ".."
    UNKNOWN = ""

    def __str__(self) -> str:
        return self.value


Bound: TypeAlias = "Moment | Unbounded"

# The width of a moment above the day, less one microsecond: its latest instant's offset.
_TIME_WIDTHS: Final = {
    Precision.HOUR: cal.US_PER_HOUR - 1,
    Precision.MINUTE: cal.US_PER_MINUTE - 1,
    Precision.SECOND: 0,
}
_QUALIFIERS: Final = {(False, False): "", (True, False): "?", (False, True): "~", (True, True): "%"}
_MAX_OFFSET_MINUTES: Final = 14 * 60
_MAX_OFFSET_SECONDS: Final = _MAX_OFFSET_MINUTES * 60
# EDTF writes a year of more than four digits with a Y and alone (Y10000), so only the years
# -9999 to 9999 have months, seasons, decades and days.
_MAX_DATED_YEAR: Final = 9999
# What the text may leave unspecified (X) beyond what is known, by the precision it knows.
_UNSPECIFIABLE: Final = {
    Precision.YEAR: (Precision.MONTH, Precision.DAY),
    Precision.MONTH: (Precision.DAY,),
}
_YEARS: Final = f"years {cal.MIN_YEAR} to {cal.MAX_YEAR}"


def _check_range(field: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidFieldError(field, value, f"is out of range ({low}-{high})")


_FIELD_NAMES: Final = ("year", "month", "day", "hour", "minute", "second", "microsecond")


def _check_integers(parts: tuple[int | None, ...], microsecond: int) -> None:
    """Refuse a calendar field that is not an int: ``True`` is 1 to Python, but no year."""
    for name, value in zip(_FIELD_NAMES, (*parts, microsecond), strict=True):
        if value is not None and type(value) is not int:
            raise InvalidFieldError(name, value, "must be an integer")


def _format_offset(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds == 0:
        return "Z"
    sign = "+" if seconds > 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, rest = divmod(rest, 60)
    # Local mean time before 1900 has offsets to the second (Amsterdam +00:19:32): write the
    # seconds, as Python's isoformat does, rather than move the instant to a whole minute.
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{rest:02d}" if rest else "")


def _offset_seconds(utc_offset: int | dt.timedelta | None) -> int | None:
    """An offset given in minutes (an int) or exactly (a timedelta), in seconds east of UTC."""
    if utc_offset is None:
        return None
    if isinstance(utc_offset, dt.timedelta):
        if utc_offset % dt.timedelta(seconds=1):
            raise InvalidFieldError("utc_offset", utc_offset, "is not a whole number of seconds")
        seconds = utc_offset // dt.timedelta(seconds=1)
        _check_range("utc_offset", seconds, -_MAX_OFFSET_SECONDS, _MAX_OFFSET_SECONDS)
        return seconds
    if type(utc_offset) is not int:  # a bool is an int to Python, and no offset
        raise InvalidFieldError("utc_offset", utc_offset, "must be minutes or a timedelta")
    _check_range("utc_offset", utc_offset, -_MAX_OFFSET_MINUTES, _MAX_OFFSET_MINUTES)
    return utc_offset * 60


# No ``__weakref__`` slot, as on Event: nothing takes weak references to moments, and a
# timeline of times of day holds one of its own for each event (see "Memory" in
# docs/benchmarks.md).
@attrs.frozen(repr=False, weakref_slot=False)
class Moment:
    """One point in time, known to a :class:`Precision`.

    Build moments with :meth:`of`, :meth:`of_season`, :meth:`of_decade` or :meth:`of_century`,
    or read them with :meth:`When.parse`. The fields hold the bounds as microseconds since the
    Unix epoch (UTC) so that ordering compares plain integers.

    >>> march = Moment.of(2014, 3)
    >>> str(march), march.precision.name
    ('2014-03', 'MONTH')
    >>> march.earliest.isoformat(), march.latest.isoformat()
    ('2014-03-01T00:00:00+00:00', '2014-03-31T23:59:59.999999+00:00')
    """

    #: The first instant the moment could be, in microseconds since 1970-01-01T00:00Z.
    earliest_us: int
    #: The last instant the moment could be, in microseconds since 1970-01-01T00:00Z.
    latest_us: int
    precision: Precision = attrs.field(converter=Precision)
    #: The EDTF season code (21-41) of a moment of precision SEASON, else None.
    season: int | None = None
    #: For a time of day: its UTC offset in seconds east of UTC, as written (exact, for the
    #: local mean time of zones before 1900, such as Amsterdam's +00:19:32), or None when none
    #: was written.
    utc_offset_seconds: int | None = None
    #: EDTF ``?``: the source is not sure of this date.
    uncertain: bool = False
    #: EDTF ``~``: the date is an estimate ("circa").
    approximate: bool = False
    #: For a date whose text goes on with unspecified fields (EDTF ``X``) beyond what is known:
    #: the precision it was written to, ``MONTH`` for ``2004-XX``, ``DAY`` for ``1985-04-XX``
    #: and ``1985-XX-XX``; else None. ``precision`` is what is known (the year, the month).
    unspecified: Precision | None = attrs.field(
        default=None, converter=attrs.converters.optional(Precision)
    )

    def __attrs_post_init__(self) -> None:
        # The fields are redundant on purpose (speed); refuse any combination that could not
        # have come from a calendar date, so that a Moment that exists is a valid one.
        expected = _rebuild(self)
        if (expected.earliest_us, expected.latest_us) != (self.earliest_us, self.latest_us):
            raise InvalidFieldError(
                "earliest_us/latest_us",
                (self.earliest_us, self.latest_us),
                f"do not bound a {self.precision.name.lower()}; use Moment.of() to build moments",
            )

    @classmethod
    def of(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
        microsecond: int = 0,
        *,
        utc_offset: int | dt.timedelta | None = None,
        uncertain: bool = False,
        approximate: bool = False,
        unspecified: Precision | None = None,
    ) -> Moment:
        """The moment of a calendar date or date-time; the last field given sets the precision.

        ``utc_offset`` is in minutes east of UTC, or a ``timedelta`` for an offset to the
        second, and only goes with a time of day. Years run
        from -99999 to 99999 in astronomical numbering (0 is 1 BCE, -1 is 2 BCE); a year of
        more than four digits has no month, as in EDTF (``Y10000``). ``unspecified`` writes a
        year or month on with unspecified fields, as EDTF ``2004-XX`` (see the attribute).

        >>> str(Moment.of(2017, 11, 11, 9, 30, utc_offset=420))
        '2017-11-11T09:30+07:00'
        >>> str(Moment.of(1890, 5, 1, 12, 0, utc_offset=dt.timedelta(minutes=19, seconds=32)))
        '1890-05-01T12:00+00:19:32'
        >>> Moment.of(2017, 11, 11, 9, 30, 15).is_exact
        True
        >>> str(Moment.of(-1985)), str(Moment.of(2004, unspecified=Precision.MONTH))
        ('-1985', '2004-XX')
        """
        parts = (year, month, day, hour, minute, second)
        _check_integers(parts, microsecond)
        given = [value is not None for value in parts]
        if False in given and True in given[given.index(False) :]:
            missing = ("year", "month", "day", "hour", "minute", "second")[given.index(False)]
            raise InvalidFieldError(missing, None, "is needed when a finer field is given")
        precision = (
            Precision.YEAR,
            Precision.MONTH,
            Precision.DAY,
            Precision.HOUR,
            Precision.MINUTE,
            Precision.SECOND,
        )[given.count(True) - 1]
        _check_range("year", year, cal.MIN_YEAR, cal.MAX_YEAR)
        if month is not None and abs(year) > _MAX_DATED_YEAR:
            raise InvalidFieldError("month", month, "needs a year of -9999 to 9999 (EDTF)")
        _check_range("month", month, 1, 12)
        if month is not None:
            _check_range("day", day, 1, cal.days_in_month(year, month))
        _check_range("hour", hour, 0, 23)
        _check_range("minute", minute, 0, 59)
        _check_range("second", second, 0, 59)
        _check_range("microsecond", microsecond, 0, 999_999)
        if microsecond and second is None:
            raise InvalidFieldError("microsecond", microsecond, "needs a second")
        if utc_offset is not None and hour is None:
            raise InvalidFieldError("utc_offset", utc_offset, "needs a time of day")
        if (uncertain or approximate) and hour is not None:
            # EDTF qualifies dates only; a time of day is either stated or not.
            raise InvalidFieldError("uncertain/approximate", True, "apply to dates, not times")
        offset = _offset_seconds(utc_offset)
        if unspecified is not None and unspecified not in _UNSPECIFIABLE.get(precision, ()):
            raise InvalidFieldError(
                "unspecified", unspecified, f"is not a finer date than a {precision.name.lower()}"
            )
        if unspecified is not None and abs(year) > _MAX_DATED_YEAR:
            raise InvalidFieldError("unspecified", unspecified, "needs a year of -9999 to 9999")
        earliest, latest = _bounds_of_fields(
            precision, year, month or 1, day or 1, hour or 0, minute or 0, second or 0,
            microsecond, offset,
        )  # fmt: skip
        return _make(cls, earliest, latest, precision, None, offset, uncertain, approximate,
                     None if unspecified is None else Precision(unspecified))  # fmt: skip

    @classmethod
    def of_season(
        cls, year: int, season: int, *, uncertain: bool = False, approximate: bool = False
    ) -> Moment:
        """A season of a year, by its EDTF code (21 spring, 22 summer, 23 autumn, 24 winter, 25-41).

        Seasons are meteorological and northern unless the code says otherwise; a winter runs
        from December to the end of the following February.

        >>> summer = Moment.of_season(2017, 22)
        >>> summer.earliest.date().isoformat(), summer.latest.date().isoformat()
        ('2017-06-01', '2017-08-31')
        """
        _check_range("year", year, -_MAX_DATED_YEAR, _MAX_DATED_YEAR)
        if season not in cal.SEASONS:
            raise InvalidFieldError("season", season, "is not an EDTF season code (21-41)")
        if year == _MAX_DATED_YEAR and cal.SEASONS[season][0] + cal.SEASONS[season][1] > 13:
            raise InvalidFieldError("year", year, "has no following year for this season to end in")
        earliest, latest = cal.season_bounds(year, season)
        return _make(cls, earliest, latest, Precision.SEASON, season, None, uncertain, approximate)

    @classmethod
    def of_decade(
        cls, first_year: int, *, uncertain: bool = False, approximate: bool = False
    ) -> Moment:
        """Some time in the ten years from ``first_year`` (which ends in 0), as EDTF ``201X``.

        >>> str(Moment.of_decade(1990))
        '199X'
        """
        return cls._of_years(first_year, 10, Precision.DECADE, uncertain, approximate)

    @classmethod
    def of_century(
        cls, first_year: int, *, uncertain: bool = False, approximate: bool = False
    ) -> Moment:
        """Some time in the hundred years from ``first_year`` (which ends in 00), as EDTF ``19XX``.

        >>> str(Moment.of_century(1900))
        '19XX'
        """
        return cls._of_years(first_year, 100, Precision.CENTURY, uncertain, approximate)

    @classmethod
    def _of_years(
        cls, first_year: int, count: int, precision: Precision, uncertain: bool, approximate: bool
    ) -> Moment:
        name = precision.name.lower()
        if first_year % count:
            raise InvalidFieldError("first_year", first_year, f"does not start a {name}")
        if first_year < 0:
            # EDTF level 1 leaves digits unspecified in the years 0000-9999 only (201X, 20XX).
            raise InvalidFieldError("first_year", first_year, f"starts a {name} before year 0")
        _check_range("first_year", first_year, 0, _MAX_DATED_YEAR)
        earliest, latest = cal.years_bounds(first_year, count)
        return _make(cls, earliest, latest, precision, None, None, uncertain, approximate)

    @property
    def earliest(self) -> pendulum.DateTime:
        """The first instant this moment could be, as an aware UTC date-time.

        Raises :class:`~geotimeline.errors.OutOfRangeError` outside years 1-9999 (UTC), which
        a date-time cannot hold; ``earliest_us`` holds every year.
        """
        return pendulum.instance(cal.to_datetime(self.earliest_us))

    @property
    def latest(self) -> pendulum.DateTime:
        """The last instant this moment could be, as an aware UTC date-time (OutOfRangeError
        outside years 1-9999, as for :attr:`earliest`).
        """
        return pendulum.instance(cal.to_datetime(self.latest_us))

    @property
    def is_exact(self) -> bool:
        """True when the moment is one known instant (a date-time to the second or finer)."""
        return self.earliest_us == self.latest_us

    @property
    def margin(self) -> int:
        """How many units of its precision a qualifier widens the moment by, on each side:
        0 without one, 1 for ``?`` or ``~``, 2 for ``%`` (both).

        >>> Moment.of(2010).margin, Moment.of(2010, approximate=True).margin
        (0, 1)
        """
        return (self.uncertain or self.approximate) + (self.uncertain and self.approximate)

    @property
    def possible_earliest_us(self) -> int:
        """The first instant the moment possibly is, widened by its :attr:`margin`, in
        microseconds since 1970-01-01T00:00Z.

        >>> str(Moment.of(2010, 3, approximate=True).possible_earliest.date())
        '2010-02-01'
        """
        if not (self.uncertain or self.approximate):
            return self.earliest_us
        return self.moved(-self.margin)[0]

    @property
    def possible_latest_us(self) -> int:
        """The last instant the moment possibly is, widened by its :attr:`margin`."""
        if not (self.uncertain or self.approximate):
            return self.latest_us
        return self.moved(self.margin)[1]

    @property
    def possible_earliest(self) -> pendulum.DateTime:
        """:attr:`possible_earliest_us` as an aware UTC date-time."""
        return pendulum.instance(cal.to_datetime(self.possible_earliest_us))

    @property
    def possible_latest(self) -> pendulum.DateTime:
        """:attr:`possible_latest_us` as an aware UTC date-time."""
        return pendulum.instance(cal.to_datetime(self.possible_latest_us))

    def moved(self, units: int) -> tuple[int, int]:
        """The earliest and latest instants (microseconds) of this moment moved by ``units``
        of its precision (a season by its own length), clamped to the years geotimeline holds.

        >>> [str(cal.to_datetime(bound).date()) for bound in Moment.of(2010, 12).moved(1)]
        ['2011-01-01', '2011-01-31']
        """
        if units == 0:
            return self.earliest_us, self.latest_us
        return _moved_bounds(self, units)

    def local_datetime(self) -> dt.datetime:
        """The earliest instant as written: in its own UTC offset, or UTC when it had none.

        Raises :class:`~geotimeline.errors.OutOfRangeError` outside years 1-9999.
        """
        offset = self.utc_offset_seconds or 0
        local = cal.to_datetime(self.earliest_us + offset * cal.US_PER_SECOND)
        return local.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset)))

    def local_fields(self) -> tuple[int, int, int, int, int, int, int]:
        """The earliest instant as written, as calendar fields (year, month, day, hour, minute,
        second, microsecond) in its own UTC offset: like :meth:`local_datetime`, for any year.

        >>> Moment.of(-1985, 4, 12).local_fields()
        (-1985, 4, 12, 0, 0, 0, 0)
        """
        return cal.fields(self.earliest_us + (self.utc_offset_seconds or 0) * cal.US_PER_SECOND)

    @property
    def utc_offset(self) -> int | None:
        """The UTC offset as written, in whole minutes east of UTC (None when none was written).

        An offset to the second, of local mean time before 1900, is cut to its whole minutes
        here (toward zero); :attr:`utc_offset_seconds` holds it exactly.

        >>> Moment.of(1890, 5, 1, 12, 0, utc_offset=dt.timedelta(seconds=-2670)).utc_offset
        -44
        """
        seconds = self.utc_offset_seconds
        if seconds is None:
            return None
        return seconds // 60 if seconds >= 0 else -(-seconds // 60)

    def __str__(self) -> str:
        return _format_moment(self) + _QUALIFIERS[self.uncertain, self.approximate]

    def __repr__(self) -> str:
        return f"Moment({str(self)!r})"


def _make(
    cls: type[Moment],
    earliest: int,
    latest: int,
    precision: Precision,
    season: int | None,
    utc_offset_seconds: int | None,
    uncertain: bool,
    approximate: bool,
    unspecified: Precision | None = None,
) -> Moment:
    """Build a moment whose fields are known to be consistent, skipping the re-check.

    Parsers build millions of moments, so this writes the slots directly: about three times
    faster than the checked ``__init__``.
    """
    moment = _new(cls)
    _set_earliest_us(moment, earliest)
    _set_latest_us(moment, latest)
    _set_precision(moment, precision)
    _set_season(moment, season)
    _set_utc_offset(moment, utc_offset_seconds)
    _set_uncertain(moment, uncertain)
    _set_approximate(moment, approximate)
    _set_unspecified(moment, unspecified)
    return moment


_new = object.__new__
# The slot descriptors' setters, which a frozen class's own __setattr__ refuses to call.
_set_earliest_us, _set_latest_us, _set_precision, _set_season = (
    Moment.__dict__[name].__set__ for name in ("earliest_us", "latest_us", "precision", "season")
)
_set_utc_offset, _set_uncertain, _set_approximate, _set_unspecified = (
    Moment.__dict__[name].__set__
    for name in ("utc_offset_seconds", "uncertain", "approximate", "unspecified")
)


# Years in one unit of each precision counted in years.
_YEARS_PER_UNIT: Final = {Precision.CENTURY: 100, Precision.DECADE: 10, Precision.YEAR: 1}


def _moved_bounds(moment: Moment, units: int) -> tuple[int, int]:
    """The bounds of ``moment`` moved by ``units`` of its precision, clamped to the years held."""
    precision = moment.precision
    if precision >= Precision.HOUR:
        # Times carry no qualifier, so nothing widens them; a whole unit is a fixed length.
        step = {Precision.HOUR: cal.US_PER_HOUR, Precision.MINUTE: cal.US_PER_MINUTE}
        shift = units * step.get(precision, cal.US_PER_SECOND)
        return _clamped(moment.earliest_us + shift, moment.latest_us + shift)
    if precision is Precision.DAY:
        shift = units * cal.US_PER_DAY
        return _clamped(moment.earliest_us + shift, moment.latest_us + shift)
    year, month = cal.fields(moment.earliest_us)[:2]  # any year, where a date-time has 1-9999
    if precision in _YEARS_PER_UNIT:
        count = _YEARS_PER_UNIT[precision]
        return _months_bounds(year * 12 + units * count * 12, count * 12)
    months = 1 if precision is Precision.MONTH else cal.SEASONS[moment.season or 21][1]
    return _months_bounds(year * 12 + month - 1 + units * months, months)


def _months_bounds(first_month: int, count: int) -> tuple[int, int]:
    """The bounds of ``count`` months from month number ``first_month`` (year * 12 + month - 1),
    clamped to the years held (a run of months wholly outside them shrinks to the nearer edge).
    """
    lowest, highest = cal.MIN_YEAR * 12, cal.MAX_YEAR * 12 + 11
    last_month = first_month + count - 1
    if first_month > highest:
        earliest = cal.MAX_US
    else:
        first = max(first_month, lowest)
        earliest = cal.day_start(first // 12, first % 12 + 1, 1)
    if last_month < lowest:
        latest = cal.MIN_US
    else:
        last = min(last_month, highest)
        latest = cal.month_end(last // 12, last % 12 + 1)
    return earliest, latest


def _clamped(earliest: int, latest: int) -> tuple[int, int]:
    """Bounds kept within the years held (a range moved wholly out of them shrinks to an edge)."""
    low, high = cal.MIN_US, cal.MAX_US
    return min(max(earliest, low), high), min(max(latest, low), high)


def _bounds_of_fields(
    precision: Precision,
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    microsecond: int,
    utc_offset_seconds: int | None,
) -> tuple[int, int]:
    if precision is Precision.YEAR:
        return cal.years_bounds(year, 1)
    if precision is Precision.MONTH:
        return cal.day_start(year, month, 1), cal.month_end(year, month)
    start = cal.day_start(year, month, day)
    if precision is Precision.DAY:
        return start, start + cal.US_PER_DAY - 1
    start += hour * cal.US_PER_HOUR + minute * cal.US_PER_MINUTE
    start += second * cal.US_PER_SECOND + microsecond
    start -= (utc_offset_seconds or 0) * cal.US_PER_SECOND
    width = _TIME_WIDTHS[precision]
    # An exact time's latest instant is its earliest: the same int, not an equal one of its
    # own (32 bytes for each time to the second that no other event shares).
    end = start + width if width else start
    if start < cal.MIN_US or end > cal.MAX_US:
        seconds = utc_offset_seconds or 0
        shown = seconds // 60 if seconds % 60 == 0 else dt.timedelta(seconds=seconds)
        raise InvalidFieldError("utc_offset", shown, f"moves the time out of {_YEARS}")
    return start, end


_WHOLE_YEARS_AND_SEASONS: Final = frozenset({Precision.CENTURY, Precision.DECADE, Precision.SEASON})


def _rebuild(moment: Moment) -> Moment:
    """The moment that the calendar fields of ``moment`` describe (used to validate it)."""
    if not cal.MIN_US <= moment.earliest_us <= cal.MAX_US:
        raise InvalidFieldError("earliest_us", moment.earliest_us, f"is outside {_YEARS}")
    if moment.season is not None and moment.precision is not Precision.SEASON:
        raise InvalidFieldError("season", moment.season, "goes only with precision SEASON")
    local = moment.local_fields()
    year = local[0]
    flags = {"uncertain": moment.uncertain, "approximate": moment.approximate}
    if moment.precision in _WHOLE_YEARS_AND_SEASONS:
        # Their texts could not say these (two moments printed alike would differ), and
        # the readers never make them.
        if moment.utc_offset_seconds is not None:
            raise InvalidFieldError("utc_offset", moment.utc_offset_seconds, "needs a time of day")
        if moment.unspecified is not None:
            raise InvalidFieldError(
                "unspecified",
                moment.unspecified,
                f"does not go with precision {moment.precision.name}",
            )
    match moment.precision:
        case Precision.CENTURY:
            return Moment.of_century(year // 100 * 100, **flags)
        case Precision.DECADE:
            return Moment.of_decade(year // 10 * 10, **flags)
        case Precision.SEASON:
            return Moment.of_season(year, moment.season or 0, **flags)
    names = ("month", "day", "hour", "minute", "second")
    count = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}.get(moment.precision)
    given = names[: int(moment.precision) - 4 if count is None else count]
    fields: dict[str, int] = {name: local[1 + index] for index, name in enumerate(given)}
    if moment.precision is Precision.SECOND:
        fields["microsecond"] = local[6]
    return Moment.of(
        year,
        **fields,
        utc_offset=None
        if moment.utc_offset_seconds is None
        else dt.timedelta(seconds=moment.utc_offset_seconds),
        uncertain=moment.uncertain,
        approximate=moment.approximate,
        unspecified=moment.unspecified,
    )


def _format_year(year: int) -> str:
    """A year as EDTF writes it: ``2014``, ``0000``, ``-0999``, and ``Y10000`` beyond 4 digits."""
    if 0 <= year <= _MAX_DATED_YEAR:
        return f"{year:04d}"
    if -_MAX_DATED_YEAR <= year < 0:
        return f"-{-year:04d}"
    return f"Y{year}"


# The unspecified fields a date's text goes on with, by its precision and written precision.
_UNSPECIFIED_TEXT: Final = {Precision.MONTH: "-XX", Precision.DAY: "-XX-XX"}


def _format_moment(moment: Moment) -> str:
    year, month, day, hour, minute, second, microsecond = moment.local_fields()
    precision = moment.precision
    if precision is Precision.CENTURY:
        return f"{year // 100:02d}XX"
    if precision is Precision.DECADE:
        return f"{year // 10:03d}X"
    if precision is Precision.SEASON:
        return f"{_format_year(year)}-{moment.season}"
    text = _format_year(year)
    if precision is Precision.YEAR:
        if moment.unspecified is not None:
            text += _UNSPECIFIED_TEXT[moment.unspecified]
        return text
    text += f"-{month:02d}"
    if precision is Precision.MONTH:
        return text if moment.unspecified is None else text + "-XX"
    text += f"-{day:02d}"
    if precision is Precision.DAY:
        return text
    text += f"T{hour:02d}"
    if precision >= Precision.MINUTE:
        text += f":{minute:02d}"
    if precision is Precision.SECOND:
        text += f":{second:02d}"
        if microsecond:
            text += f".{microsecond:06d}".rstrip("0")
    return text + _format_offset(moment.utc_offset_seconds)


def _coerce_bound(value: Moment | Unbounded | str) -> Moment | Unbounded:
    if isinstance(value, Moment | Unbounded):
        return value
    when = When.parse(value)
    if when.is_interval:
        raise InvalidFieldError("bound", value, "is an interval, not a single moment")
    return when.start


@functools.total_ordering
@attrs.frozen(repr=False, eq=True, order=False, weakref_slot=False)  # no weak refs, as Moment
class When:
    """When an event happened: an instant, or an interval with fuzzy, open or unknown ends.

    Read ``When`` values with :meth:`parse`, or build them with :meth:`instant` and
    :meth:`interval`. ``str`` gives the canonical EDTF form, which :meth:`parse` reads back.

    >>> crimea = When.parse("2014-02-20/2014-03-18")
    >>> crimea.earliest.date().isoformat(), crimea.latest.date().isoformat()
    ('2014-02-20', '2014-03-18')
    >>> When.parse("2017-22").precision.name
    'SEASON'
    >>> sorted([When.parse("2015"), When.parse("2014-06"), When.parse("2014")])
    [When('2014'), When('2014-06'), When('2015')]
    """

    #: The moment an interval starts at (for an instant, the instant), or how it is unbounded.
    start: Moment | Unbounded
    #: The moment an interval ends at (for an instant, the instant), or how it is unbounded.
    end: Moment | Unbounded
    #: False for an instant, whose ``start`` and ``end`` are the same moment.
    is_interval: bool = True
    # The canonical text, made on first use and kept: every writer asks for it, and events
    # share their When, so a save or an export formats each date once. Not compared.
    _text: str | None = attrs.field(default=None, init=False, eq=False, hash=False, repr=False)
    # The span, made on first use and kept: every event of this date holds this one tuple
    # (``Event.span``), rather than a key of its own. Not compared.
    _span: tuple[int, int] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.is_interval and (
            self.start is not self.end or isinstance(self.start, Unbounded)
        ):
            raise InvalidFieldError("end", self.end, "must be the start itself for an instant")
        if isinstance(self.start, Unbounded) and isinstance(self.end, Unbounded):
            raise InvalidFieldError("start", self.start, "and end cannot both be unbounded")
        if self.earliest_us > self.latest_us:
            raise InvalidFieldError("end", str(self.end), f"is before the start {self.start}")

    @classmethod
    def instant(cls, moment: Moment | str) -> When:
        """The ``When`` of a single moment.

        >>> When.instant(Moment.of(2014, 3, 18))
        When('2014-03-18')
        """
        bound = _coerce_bound(moment)
        return cls(bound, bound, is_interval=False)

    @classmethod
    def interval(cls, start: Moment | Unbounded | str, end: Moment | Unbounded | str) -> When:
        """The ``When`` of an interval; either end may be :class:`Unbounded`.

        >>> When.interval("2014-04", Unbounded.OPEN)
        When('2014-04/..')
        """
        return cls(_coerce_bound(start), _coerce_bound(end), is_interval=True)

    @classmethod
    def parse(
        cls,
        text: str,
        reference: dt.date | str | None = None,
        prefer: Literal["past", "future", "nearest"] = "past",
    ) -> When:
        """Read EDTF (levels 0 and 1), ISO 8601, or the English forms listed in the docs.

        With a ``reference`` date (for instance when the article was published), relative
        forms such as ``Saturday``, ``this summer`` or ``last year`` are resolved against it.
        A month, weekday or day named without a year is the most recent one (``prefer="past"``,
        as news reports what has happened), the next one (``"future"``), or the nearer of the
        two (``"nearest"``); the reference day or month itself counts as either.

        >>> When.parse("2017-22")
        When('2017-22')
        >>> When.parse("summer 2017")
        When('2017-22')
        >>> When.parse("Saturday", reference="2017-11-13")
        When('2017-11-11')
        >>> When.parse("Saturday", reference="2017-11-13", prefer="future")
        When('2017-11-18')
        """
        if type(text) is str and len(text) in _PLAIN_LENGTHS:
            when = _plain_when(text)
            if when is not None:
                return when
        if type(text) is str and _is_shared(text):
            return _edtf_when(text)
        return edtf.parse_when(text, reference, prefer)

    @classmethod
    def coerce(cls, value: When | str | dt.date) -> When:
        """A ``When`` from a ``When``, EDTF or English text, or a date or date-time.

        A date becomes a day; a date-time becomes an exact instant, keeping its UTC offset
        (a naive date-time is read as UTC).

        >>> When.coerce(dt.date(2014, 3, 18))
        When('2014-03-18')
        """
        if isinstance(value, When):
            return value
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, dt.datetime):
            return cls.instant(_moment_of_datetime(value))
        if isinstance(value, dt.date):
            return cls.instant(Moment.of(value.year, value.month, value.day))
        raise InvalidFieldError("when", value, "is not a When, text, date or date-time")

    @property
    def earliest_us(self) -> int:
        """The first possible instant, in microseconds since 1970-01-01T00:00Z."""
        start = self.start
        return cal.MIN_US if isinstance(start, Unbounded) else start.earliest_us

    @property
    def latest_us(self) -> int:
        """The last possible instant, in microseconds since 1970-01-01T00:00Z."""
        end = self.end
        return cal.MAX_US if isinstance(end, Unbounded) else end.latest_us

    @property
    def earliest(self) -> pendulum.DateTime:
        """The first instant this could mean (year 1 for an unbounded start), in UTC.

        A date-time holds years 1-9999 only: outside them this raises
        :class:`~geotimeline.errors.OutOfRangeError`, and ``earliest_us`` holds every year.
        An unbounded start, which sorts before every year, gives the first instant a date-time
        holds, as long as the end is not before it.
        """
        if isinstance(self.start, Unbounded):
            return pendulum.instance(cal.to_datetime(min(cal.DATETIME_MIN_US, self.latest_us)))
        return pendulum.instance(cal.to_datetime(self.earliest_us))

    @property
    def latest(self) -> pendulum.DateTime:
        """The last instant this could mean (the end of year 9999 for an unbounded end), in UTC;
        outside years 1-9999, OutOfRangeError, as for :attr:`earliest`.
        """
        if isinstance(self.end, Unbounded):
            return pendulum.instance(cal.to_datetime(max(cal.DATETIME_MAX_US, self.earliest_us)))
        return pendulum.instance(cal.to_datetime(self.latest_us))

    @property
    def possible_earliest_us(self) -> int:
        """The first instant this possibly means: :attr:`earliest_us`, widened by the
        :attr:`Moment.margin` of a qualified start.

        >>> str(When.parse("2010~").possible_earliest.date())
        '2009-01-01'
        """
        start = self.start
        return cal.MIN_US if isinstance(start, Unbounded) else start.possible_earliest_us

    @property
    def possible_latest_us(self) -> int:
        """The last instant this possibly means: :attr:`latest_us`, widened by the
        :attr:`Moment.margin` of a qualified end.

        >>> str(When.parse("2010-03-15%").possible_latest.date())
        '2010-03-17'
        """
        end = self.end
        return cal.MAX_US if isinstance(end, Unbounded) else end.possible_latest_us

    @property
    def possible_earliest(self) -> pendulum.DateTime:
        """:attr:`possible_earliest_us` as an aware UTC date-time; an unbounded start gives the
        first instant a date-time holds, as :attr:`earliest` does.
        """
        if isinstance(self.start, Unbounded):
            return self.earliest
        return pendulum.instance(cal.to_datetime(self.possible_earliest_us))

    @property
    def possible_latest(self) -> pendulum.DateTime:
        """:attr:`possible_latest_us` as an aware UTC date-time; an unbounded end gives the last
        instant a date-time holds, as :attr:`latest` does.
        """
        if isinstance(self.end, Unbounded):
            return self.latest
        return pendulum.instance(cal.to_datetime(self.possible_latest_us))

    @property
    def is_widened(self) -> bool:
        """True when a qualifier makes what this possibly means wider than it is written.

        >>> When.parse("2010").is_widened, When.parse("2010?/2012").is_widened
        (False, True)
        """
        # Inlined: a timeline asks this of every event when it builds its index of them.
        start, end = self.start, self.end
        if type(start) is Moment and (start.uncertain or start.approximate):
            return True
        return type(end) is Moment and (end.uncertain or end.approximate)

    @property
    def last_covered_us(self) -> int:
        """The last microsecond tick the date covers as written: :attr:`latest_us`, except
        that an interval ending at an exact time ends just before it (and one whose ends are
        the same point is that point).

        >>> When.parse("2014/2015-03-15T05:00:00Z").last_covered_us == When.parse(
        ...     "2015-03-15T04:59:59.999999Z").latest_us
        True
        """
        latest = self.latest_us
        end = self.end
        if self.is_interval and type(end) is Moment and end.earliest_us == latest:
            return latest - 1 if self.earliest_us < latest else latest
        return latest

    @property
    def precision(self) -> Precision:
        """The precision of the moment, or of the coarser of an interval's known ends."""
        known = [bound.precision for bound in (self.start, self.end) if isinstance(bound, Moment)]
        return min(known)

    @property
    def span(self) -> tuple[int, int]:
        """The first and last ticks the date covers as written: ``(earliest_us,
        last_covered_us)``, what a timeline orders events by before their ids. Made once:
        events of this date share the tuple.

        >>> When.parse("2017").span == (When.parse("2017").earliest_us,
        ...                             When.parse("2017-12-31T23:59:59.999999Z").latest_us)
        True
        """
        span = self._span
        if span is None:
            span = (self.earliest_us, self.last_covered_us)
            _set_span(self, span)
        return span

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """What ``When`` values are ordered by: earliest, then latest, then canonical text."""
        return self.earliest_us, self.latest_us, str(self)

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = str(self.start) if not self.is_interval else f"{self.start}/{self.end}"
            _set_text(self, text)
        return text

    def __repr__(self) -> str:
        return f"When({str(self)!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key < other.sort_key


def _make_when(start: Moment | Unbounded, end: Moment | Unbounded, is_interval: bool) -> When:
    """Build a ``When`` whose ends are known to be in order, skipping the re-check."""
    when = _new(When)
    _set_start(when, start)
    _set_end(when, end)
    _set_is_interval(when, is_interval)
    _set_text(when, None)
    _set_span(when, None)
    return when


_set_start, _set_end, _set_is_interval, _set_text, _set_span = (
    When.__dict__[name].__set__ for name in ("start", "end", "is_interval", "_text", "_span")
)


def _utc_second_whens(starts: Sequence[int]) -> list[When]:
    """The ``When`` of each instant of ``starts`` (microseconds since the epoch) written as a
    time of day to the second in UTC: the values ``_make`` and ``_make_when`` build for such a
    text, made by C loops rather than by two calls for each (a reader of a large file makes
    a hundred thousand). Its earliest and latest instant are the same int, as there.
    """
    every = itertools.repeat  # one value for each item: map stops with the items
    moments = list(map(_new, every(Moment, len(starts))))
    for setter, values in (
        (_set_earliest_us, starts), (_set_latest_us, starts), (_set_precision, every(_SECOND)),
        (_set_season, every(None)), (_set_utc_offset, every(0)), (_set_uncertain, every(False)),
        (_set_approximate, every(False)), (_set_unspecified, every(None)),
    ):  # fmt: skip
        collections.deque(map(setter, moments, values), maxlen=0)
    whens = list(map(_new, every(When, len(starts))))
    for setter, bounds in (
        (_set_start, moments), (_set_end, moments), (_set_is_interval, every(False)),
        (_set_text, every(None)), (_set_span, every(None)),
    ):  # fmt: skip
        collections.deque(map(setter, whens, bounds), maxlen=0)
    return whens


_SECOND: Final = Precision.SECOND


# ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``: the dates that cannot depend on a reference date.
_PLAIN_LENGTHS: Final = frozenset({4, 7, 10})


# Not ``typed``: its one caller passes exact ``str`` only, and a typed key is a tuple of the
# text and its type, 56 bytes more for each date the cache holds.
@functools.lru_cache(maxsize=2**15)
def _plain_when(text: str) -> When | None:
    """The ``When`` of a plain year, month or day, shared by every caller; None for other text.

    Large timelines repeat the same days over and over, and a ``When`` with its moment and
    bounds takes about 200 bytes; sharing one immutable value per date saves that much per
    event, and the parsing too. The cache is bounded (2**15 dates: 90 years of days).
    """
    plain = edtf._PLAIN_DATE.fullmatch(text)
    if plain is None:
        return None
    moment = edtf._plain_moment(*plain.groups())
    if moment is None:
        return None
    when = _make_when(moment, moment, False)
    # A plain date is written as its canonical text (a test checks it): kept, it is the
    # cache's own key, and it lets two equal dates that are not one object compare as texts.
    _set_text(when, text)
    return when


# EDTF texts up to this long are parsed once and their ``When`` shared (see _edtf_when).
_SHARED_LENGTH: Final = 48


def _is_shared(text: str) -> bool:
    """Whether the ``When`` of ``text`` is kept for its next reader: EDTF dates (not times of
    day, which hardly ever repeat and would only push the dates out of the cache).
    """
    return (
        len(text) <= _SHARED_LENGTH
        and "T" not in text
        and ":" not in text
        and edtf._EDTF_CHARACTERS.fullmatch(text) is not None
    )


@functools.lru_cache(maxsize=2**15)
def _edtf_when(text: str) -> When:
    """The ``When`` of an EDTF text other than a plain date, shared by every caller.

    EDTF never depends on a reference date, so one value serves every reader of the text.
    Timelines repeat intervals (``2014-04/2016``), seasons and qualified days as they repeat
    days: sharing them saves the memory of a ``When`` and its moments for each event, and
    lets comparisons of events stop at ``is`` (see :func:`geotimeline.diffing.diff`).
    Errors are not cached: a text that does not parse is read again each time.
    """
    when = edtf.parse_when(text)
    str(when)  # its canonical text, kept with it once for all its readers (see __str__)
    return when


def _moment_of_datetime(value: dt.datetime) -> Moment:
    # The offset is kept to the second: a zone's local mean time before 1900 is not whole
    # minutes (Europe/Amsterdam +00:19:32), and rounding it would move the instant.
    return Moment.of(
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond, utc_offset=value.utcoffset(),
    )  # fmt: skip


# The parser needs the classes above, so it is imported last; When.parse looks it up at call time.
from geotimeline.time.parsing import edtf  # noqa: E402
