"""Shared rules of ``kpi-definitions.md``: rounding, ratios, calendar windows, age.

Pure functions, no I/O: every other metric module builds on these.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

RATIO_PLACES = 4
SCORE_PLACES = 2
ELDERLY_AGE = 60
#: A criterion's ``max_score`` above this is taken as a typing slip, not a maximum (the demo's
#: criteria add up to 100): such a criterion, or one with a maximum of 0 or less, scores nothing.
MAX_SCORE_LIMIT = 1000


def _half_up(numerator: int, denominator: int, places: int) -> float:
    """``numerator / denominator`` (``denominator`` > 0) rounded half-up, away from zero, to
    ``places`` decimals, in integers: ``floor((2·|n|·10^p + d) / 2d)`` is the exact rational's
    rounding, with no ``Fraction`` arithmetic (a month sheet rounds thousands of ratios)."""
    scale = 10**places
    magnitude = (abs(numerator) * scale * 2 + denominator) // (2 * denominator)
    rounded = magnitude if numerator >= 0 else -magnitude
    return float(Decimal(rounded) / Decimal(scale))


def round_half_up(value: Fraction | int, places: int) -> float:
    """Round the exact ``value`` half-up to ``places`` decimals."""
    value = Fraction(value)
    return _half_up(value.numerator, value.denominator, places)


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` rounded half-up to 4 decimals; ``None`` when the denominator is 0."""
    numerator, denominator = int(numerator), int(denominator)
    if denominator == 0:
        return None
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    return _half_up(numerator, denominator, RATIO_PLACES)


@functools.lru_cache(maxsize=1 << 16)
def exact_decimal(value: float | int) -> Decimal:
    """A stored number as the decimal it was written as (its shortest repr: ``84.35``).

    Cached: a sheet's rates and scores repeat (0.5, 20.0, …), and month over month asks for
    thousands of them."""
    return Decimal(repr(float(value)))


@functools.lru_cache(maxsize=1 << 16)
def exact_ratio(value: float | int) -> tuple[int, int]:
    """``exact(value)`` as (numerator, denominator) in lowest terms, in integers: for sums and
    differences taken without ``Fraction`` objects (month over month subtracts thousands)."""
    return exact_decimal(value).as_integer_ratio()


def exact_difference(a: float | int, b: float | int, places: int) -> float:
    """``round_half_up(exact(a) − exact(b), places)``, in integers."""
    a_num, a_den = exact_ratio(a)
    b_num, b_den = exact_ratio(b)
    return _half_up(a_num * b_den - b_num * a_den, a_den * b_den, places)


def exact(value: float | int) -> Fraction:
    """A stored score as the exact decimal it was written as (``84.35`` is 8435/100, not its binary float)."""
    return Fraction(exact_decimal(value))


def round_score(value: Fraction) -> float:
    return round_half_up(value, SCORE_PLACES)


def to_decimal_places(value: float, places: int) -> float:
    """Half-up rounding of an already computed float through its shortest decimal form."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# --- calendar -------------------------------------------------------------

#: The days a figure may be asked for (the date picker's range too): the windows reach 89 days
#: back and weeks forward, so a day near ``date.min``/``date.max`` would overflow the arithmetic.
MIN_DAY = dt.date(2000, 1, 1)
MAX_DAY = dt.date(2100, 12, 31)


def day_in_range(day: dt.date) -> bool:
    return MIN_DAY <= day <= MAX_DAY


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def iso_week_name(day: dt.date) -> str:
    """The ISO week containing ``day`` by name: ``2026-W11``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_complete_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete ISO week (Monday–Sunday) ending on or before ``day``."""
    end = day - dt.timedelta(days=(day.weekday() + 1) % 7)
    return end - dt.timedelta(days=6), end


def window_start(day: dt.date, days: int) -> dt.date:
    """First day of the ``days``-day window ending on ``day``: ``[day-(days-1), day]``."""
    return day - dt.timedelta(days=days - 1)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day of ``[first, last]``."""
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def end_of_day(day: dt.date) -> dt.datetime:
    """The end of ``day``: the next day at 00:00:00, exclusive."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in full years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def born_by_for_age(day: dt.date, years: int) -> dt.date:
    """The latest birth date whose age on ``day`` is at least ``years``.

    ``age_on(b, day) >= years`` exactly when ``b <= (day.year - years, day.month, day.day)``;
    a 29 February that does not exist in that year becomes 28 February.
    """
    year = day.year - years
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY-MM``; ``ValueError`` when malformed."""
    if len(month) != 7 or month[4] != "-" or not (month[:4].isdigit() and month[5:].isdigit()):
        raise ValueError(f"malformed month {month!r}: expected YYYY-MM")
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
