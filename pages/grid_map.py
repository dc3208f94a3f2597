"""网格地图 — grids coloured by a chosen figure; a click on a grid sets the grid filter."""

import streamlit as st

from ui import grid_map_data, grid_map_view
from ui.setup import freshness_caption, page_setup, require_grids

ctx = page_setup("grid_map", grid_map_view.CONTROLS)
labels = ctx.labels
st.title(labels("grid_map.title"))
require_grids(ctx)
gm = grid_map_data.grid_map(ctx.url, grid_map_data.context_key(ctx.key), ctx.as_of)
selected = ctx.resolved.grid_codes if ctx.key.grids else ()
grid_map_view.summary(gm, labels)
freshness_caption(ctx)
figure, group = grid_map_view.choose_figure(gm, labels)
grid_map_view.draw_map(gm, figure, group, labels, selected, ctx.disclosure)
grid_map_view.figures_table(gm, figure, group, labels, selected, ctx.about, ctx.disclosure)
grid_map_view.undrawable(gm, labels, ctx.about)
