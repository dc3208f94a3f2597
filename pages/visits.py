"""走访覆盖 — visits and coverage: weekly coverage, the 3-day and 4 % rules, 30/90-day coverage,
households not visited in 90 days, visits by purpose."""

from functools import partial

import streamlit as st

from ui import lists, personal, visits_data, visits_view
from ui.data import ahead
from ui.setup import page_setup, require_grids

ctx = page_setup("visits", visits_view.CONTROLS)
labels = ctx.labels
st.title(labels("visits.title"))
require_grids(ctx)
url, key, day = ctx.url, ctx.key, ctx.as_of

if personal.sees_lists(ctx.about):
    # the overdue households' list is read while the weekly figures are computed (its SQL
    # releases the interpreter): the list's own call below waits for it or reads it cached
    offset, limit = lists.asked_window(visits_view.GAP_PAGE_KEY)
    ahead(visits_data.not_visited_page, url, key, day, offset, limit, masked=True)
ahead(visits_data.month_options, url, key, day)  # the first visit in scope: one query
weekly = visits_data.weekly(url, key, day)
coverage = visits_data.coverage(url, key, day)
st.caption(
    ctx.summary(
        labels("visits.caption", first=weekly.plan.first_day.isoformat(), day=day.isoformat())
    )
)
visits_view.summary_tiles(weekly, coverage, labels)
visits_view.weekly_coverage(weekly, labels)
visits_view.visit_days_heatmap(
    visits_data.visit_days_chart(url, key, day, labels.lang), labels, day
)

visits_view.rate_header(labels)
month = visits_view.month_picker(visits_data.month_options(url, key, day), labels)
visits_view.daily_rate_calendar(
    visits_data.month_calendar(url, key, day, month),
    visits_data.rate_calendar_chart(url, key, day, month, labels.lang),
    labels,
)

visits_view.coverage_by_grid(coverage, labels, ctx.about)
window = visits_view.not_visited_header(coverage, labels, day)
if window is not None and not personal.lists_hidden(ctx.about, labels):
    reveal = personal.unmask_control(ctx.about, labels, "visits_gap")
    households = visits_data.not_visited_page(
        url, key, day, window.offset, window.limit, masked=reveal is None
    )
    visits_view.not_visited_list(
        households,
        labels,
        ctx.about,
        partial(visits_data.not_visited_export, url, key, day),
        reveal,
    )
visits_view.purposes_chart(weekly, labels)
