"""The print stylesheet of every page (``page_setup`` adds it): printing a page from the browser
gives clean A4 sheets — the sidebar, Streamlit's header and menus, the inputs and the download
buttons left out; titles, captions (the scope and the data's as-of line), tiles, tables and
charts kept, sized to the sheet's width and not broken across two sheets.

Elements are found by Streamlit's own ``data-testid`` attributes (Streamlit 1.67) and by the
keys of our containers (``st-key-…`` classes), so no view draws anything for print. The tiles'
columns on paper are set per row by ``ui.tiles`` from the widths below.
"""

from __future__ import annotations

import streamlit as st

#: the sheet and its margins (mm): A4 portrait
PAGE_MARGIN_MM = 12
#: the printed width (CSS px, 96 per inch) between the margins: (210 − 2 × 12) mm
PRINT_WIDTH_PX = round((210 - 2 * PAGE_MARGIN_MM) / 25.4 * 96)
#: a tile on paper: its value's and its label's/change's font size, its padding and border (px)
PRINT_VALUE_PX = 20
PRINT_SMALL_PX = 11
PRINT_TILE_PADDING = 18
PRINT_DELTA_PILL = 18
PRINT_GAP = 8
#: charts, tables and the map on paper, against their size on screen
CHART_ZOOM = 0.75
TABLE_ZOOM = 0.8
#: the grid map is drawn as wide as the page on screen: at this scale a 1,280-px window's fits
MAP_ZOOM = 0.68

#: what is never printed: the app's frame and menus, and every input (their choices are named
#: in the page's caption); the help icons (?) and the tables' toolbars
HIDDEN = (
    "stSidebar",
    "stSidebarCollapsedControl",
    "stExpandSidebarButton",
    "stHeader",
    "stToolbar",
    "stDecoration",
    "stStatusWidget",
    "stMainMenu",
    "stAppDeployButton",
    "stSkipToContent",
    "stToast",
    "stBottom",
    "stElementToolbar",
    "stTooltipIcon",
    "stDeckGlJsonChartZoomButton",
    "stButton",
    "stDownloadButton",
    "stLinkButton",
    "stPageLink",
    "stFormSubmitButton",
    "stPopover",
    "stSelectbox",
    "stMultiSelect",
    "stDateInput",
    "stTimeInput",
    "stTextInput",
    "stTextArea",
    "stNumberInput",
    "stRadio",
    "stCheckbox",
    "stSlider",
    "stButtonGroup",
    "stColorPicker",
    "stFileUploader",
    "stChatInput",
)
#: what a row of columns must hold to be printed (a row of inputs alone leaves no gap)
CONTENT = (
    "stHeading",
    "stMarkdown",
    "stMetric",
    "stPlotlyChart",
    "stDataFrame",
    "stTable",
    "stDeckGlJsonChart",
    "stVegaLiteChart",
    "stAlert",
    "stImage",
    "stText",
    "stCode",
    "stJson",
    "stExpander",
    "stTabs",
)
#: what is never cut by a sheet's end
WHOLE = (
    "stMetric",
    "stPlotlyChart",
    "stDeckGlJsonChart",
    "stVegaLiteChart",
    "stDataFrame",
    "stTable",
    "stAlert",
    "stImage",
)


def _ids(test_ids: tuple[str, ...]) -> str:
    return ", ".join(f'[data-testid="{name}"]' for name in test_ids)


def stylesheet() -> str:
    """The print stylesheet (CSS)."""
    hidden = _ids(HIDDEN)
    content = _ids(CONTENT)
    whole = _ids(WHOLE)
    return f"""
@page {{ size: A4 portrait; margin: {PAGE_MARGIN_MM}mm; }}
@media print {{
  html, body {{ background: #ffffff !important; }}
  {hidden} {{ display: none !important; }}
  /* an input's place, and a row of inputs or of download buttons alone, leave no gap */
  [data-testid="stElementContainer"]:has(> :is({hidden})),
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-downloads-"]),
  [data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"]):not(:has({content})) {{
    display: none !important;
  }}
  /* the page is the sheet: no sidebar width, no screen padding, nothing scrolled away */
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    position: static !important; overflow: visible !important; height: auto !important;
  }}
  [data-testid="stMain"] {{ margin: 0 !important; width: 100% !important; }}
  [data-testid="stMainBlockContainer"] {{
    padding: 0 !important; max-width: 100% !important; width: 100% !important;
  }}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 0.5rem !important; }}
  /* columns side by side as on screen (Streamlit stacks them on paper), kept on one sheet: a
     column's chart or table pushed to the next sheet alone would overlap what follows */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]) {{
    display: flex !important; flex-wrap: nowrap !important; gap: 12px !important;
    break-inside: avoid; page-break-inside: avoid;
  }}
  [data-testid="stColumn"] {{ min-width: 0 !important; }}
  h1 {{ font-size: 1.6rem !important; padding: 0 0 0.25rem 0 !important; }}
  h2, h3 {{ font-size: 1.15rem !important; padding: 0.4rem 0 0.1rem 0 !important; }}
  h1, h2, h3, h4, [data-testid="stHeading"] {{ break-after: avoid; page-break-after: avoid; }}
  {whole} {{ break-inside: avoid; page-break-inside: avoid; }}
  /* charts and tables as wide as the sheet at most; a table drawn wider is shrunk to it */
  [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stDataFrame"],
  [data-testid="stTable"], [data-testid="stFullScreenFrame"] {{ max-width: 100% !important; }}
  [data-testid="stDataFrame"] canvas {{ max-width: 100% !important; }}
  /* drawn smaller than on screen, so the overview's charts and lists fit two sheets; a chart
     re-drawn for print (a resized window) fills its place at this scale */
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{ zoom: {CHART_ZOOM}; }}
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) {{ zoom: {MAP_ZOOM}; }}
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) {{ zoom: {TABLE_ZOOM}; }}
  /* tiles: small, and a value or a change never wraps ("+1,001" stays whole) */
  [data-testid="stMetric"] {{ padding: 0 !important; }}
  [data-testid="stMetric"] > div {{ padding: 5px 8px !important; }}
  [data-testid="stMetricLabel"] span:has([data-testid="stTooltipIcon"]) {{ display: none !important; }}
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p {{
    font-size: {PRINT_SMALL_PX}px !important; min-height: 0 !important;
  }}
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{
    font-size: {PRINT_VALUE_PX}px !important; line-height: 1.25 !important;
    white-space: nowrap !important; overflow: visible !important; text-overflow: clip !important;
    overflow-wrap: normal !important; word-break: keep-all !important;
  }}
  [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {{
    font-size: {PRINT_SMALL_PX}px !important; white-space: nowrap !important;
    overflow-wrap: normal !important; word-break: keep-all !important;
  }}
}}
"""


def print_stylesheet() -> None:
    """Add the print stylesheet to the page (drawn nowhere: a style element alone)."""
    st.html(f"<style>{stylesheet()}</style>")
