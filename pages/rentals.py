"""出租房屋 — rented housing: rentals per grid, the pledge (治安责任书) and 90-day inspection
shares, floating residents living in rentals, and the rentals to follow up."""

import streamlit as st

from metrics.rentals import inspected_since
from ui import rentals_data, rentals_view
from ui.setup import page_setup, require_grids

ctx = page_setup("rentals", rentals_view.CONTROLS)
labels = ctx.labels
st.title(labels("rentals.title"))
require_grids(ctx)
figures = rentals_data.figures(ctx.url, ctx.key, ctx.as_of)
st.caption(
    ctx.summary(
        labels(
            "rentals.caption",
            first=inspected_since(ctx.as_of).isoformat(),
            day=ctx.as_of.isoformat(),
        )
    )
)
rentals_view.summary_tiles(figures, labels)
rentals_view.by_grid(figures, labels, ctx.about)
rentals_view.follow_up_list(ctx.url, ctx.key, ctx.about, figures, labels)
