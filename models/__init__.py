"""Page models: one Streamlit-free builder per page section, shared by the pages, the commands,
the benchmark and the brief.

A builder is ``(conn, rs, options…) -> frozen dataclass``: an open registry connection, the
resolved scope (its ``as_of`` is the day) and plain options. It runs the section's push-down
queries (``data_access``), computes with ``metrics`` and assembles what the section shows —
joins, masking, totals — so the same figures reach a page, a command and the brief. The
Streamlit side (``ui/*_data.py``) only caches a builder (``ui.data.loader``) and renders.

Imports: ``data_access`` and ``metrics``; never Streamlit, plotly or ``ui``
(``tests/test_layers.py``).
"""
