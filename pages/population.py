"""人口结构 — population: by grid, age and sex, household size, movements."""

import streamlit as st

from ui import population_data as data
from ui import population_view as view
from ui.setup import page_setup, require_grids

ctx = page_setup("population")
labels = ctx.labels
st.title(labels("population.title"))
require_grids(ctx)
st.caption(ctx.summary())
grids = data.grid_population(ctx.url, ctx.key, ctx.as_of)
sizes = data.household_sizes(ctx.url, ctx.key, ctx.as_of)
view.summary(grids, sizes, labels)
view.by_grid(grids, labels)
view.grid_table(grids, labels, ctx.about)
view.structure(data.age_pyramid(ctx.url, ctx.key, ctx.as_of), sizes, labels)
view.movements(data.movements(ctx.url, ctx.key, ctx.as_of), labels)
