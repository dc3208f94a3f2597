"""Streamlit layer: page setup and filters, cached loaders, labels, charts.

Every page imports ``ui`` first, and Streamlit runs each session's script in a thread of its own.
The libraries that plotly and pydeck import lazily, in the middle of drawing a chart (numpy,
pandas), are imported here, once, under this package's import lock: otherwise the first sessions
of a fresh server race to import them and Python's import-deadlock detection hands some of them a
half-initialised module ("partially initialized module 'numpy' has no attribute 'ndarray'").
"""

import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import polars  # noqa: F401
import pydeck  # noqa: F401
