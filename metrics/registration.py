"""Registration weeks: weeks whose change comes from registering records, not from people
arriving — the collection campaign (集中采集) that brought most of the registry in, or a bulk
import. Week-over-week changes that rest on such a week are labelled, never read as growth.

A week (ISO, Monday to Sunday) is a **registration week** when

* the residents registered in it (``registered_on`` in the week, household's grid in scope)
  number at least ``MIN_REGISTERED`` and more than ``SURGE_FACTOR`` × the median of the
  ``BASELINE_WEEKS`` weeks before it that are not registration weeks themselves (judged only
  once ``MIN_BASELINE`` such weeks exist), or
* it overlaps a campaign period set in the configuration (``[campaign] periods``).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence

import polars as pl

from metrics.core import week_start

SURGE_FACTOR = 3
BASELINE_WEEKS = 8
MIN_BASELINE = 4
MIN_REGISTERED = 20

Period = tuple[dt.date, dt.date]


def judged_weeks(day: dt.date, shown_weeks: int) -> list[dt.date]:
    """The Mondays to fetch for the ``shown_weeks`` weeks ending with ``day``'s week: those weeks
    and twice the baseline before them (so the first shown week has a judged baseline)."""
    last = week_start(day)
    count = shown_weeks + 2 * BASELINE_WEEKS
    return [last - dt.timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def registration_weeks(
    weekly: pl.DataFrame, mondays: Sequence[dt.date], campaigns: Sequence[Period] = ()
) -> pl.DataFrame:
    """Every week of ``mondays`` (ascending) with its registrations, the baseline it was judged
    on, and whether it is a registration week and why (``surge`` / ``campaign``).

    ``weekly``: week_start, registered (weeks without registrations may be missing).
    Out: week_start, registered, baseline (None while not judged), registration_week, reason.
    """
    counts = dict(zip(weekly["week_start"].to_list(), weekly["registered"].to_list(), strict=True))
    rows = []
    normal: list[int] = []
    for monday in mondays:
        registered = int(counts.get(monday, 0))
        sunday = monday + dt.timedelta(days=6)
        prior = normal[-BASELINE_WEEKS:]
        baseline = statistics.median(prior) if len(prior) >= MIN_BASELINE else None
        surge = (
            baseline is not None
            and registered >= MIN_REGISTERED
            and registered > SURGE_FACTOR * baseline
        )
        campaign = any(first <= sunday and last >= monday for first, last in campaigns)
        reason = "campaign" if campaign else ("surge" if surge else None)
        if reason is None:
            normal.append(registered)
        rows.append((monday, registered, baseline, reason is not None, reason))
    return pl.DataFrame(
        rows,
        schema={
            "week_start": pl.Date,
            "registered": pl.Int64,
            "baseline": pl.Float64,
            "registration_week": pl.Boolean,
            "reason": pl.String,
        },
        orient="row",
    )


def touches_registration(weeks: pl.DataFrame, first: dt.date, last: dt.date) -> bool:
    """Whether the days ``[first, last]`` (a week-over-week change's window) fall partly in a
    registration week."""
    hit = weeks.filter(
        pl.col("registration_week"),
        pl.col("week_start") <= last,
        pl.col("week_start") + pl.duration(days=6) >= first,
    )
    return hit.height > 0
