"""What a reader sees is written for a reader: every page, run through app.py on the tiny
registry (nulls, empty weeks, bad codes, a grid without households), shows in Chinese no
``snake_case`` name, ``None``, ``nan``, ``True``/``False``, command or English word outside the
codes a page names (grid, community and check codes, file formats); in English no programme's
words either. The text is collected by ``tests/support/visible_text.py``: Markdown, captions,
headings, alerts, tiles (label, value, change, help), widgets (label, help, options), tables
(headers, column help, cells as drawn) and plotly figures (titles, axes, legends, ticks, hover
and text templates)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from metrics.quality import CHECKS
from tests.pages.conftest import no_exceptions
from tests.support.visible_text import identifiers, machine_words, visible_text
from ui.i18n import Labels
from ui.nav import PAGES

SCOPES = (
    {"as_of": "2026-03-10"},
    {"as_of": "2026-03-10", "community": "AH"},
    {"grid": "AH-01"},  # the registry's latest day
)
#: cells that show a registry value as it is stored: the data-quality drill-down's value column
#: is the finding itself ("Business" where the origin code should be "business")
REGISTRY_VALUES = {f"cell of {Labels(lang).plain('quality.col.value')}" for lang in ("zh", "en")}
#: and the access log's logins, as the app database stores them ("sec-ah", "tester")
REGISTRY_VALUES |= {
    f"cell of {Labels(lang).plain('access_log.col.login')}" for lang in ("zh", "en")
}


def problems(at: AppTest, lang: str) -> list[str]:
    check = identifiers if lang == "zh" else machine_words
    found = []
    for kind, text in visible_text(at):
        words = check(text)
        if words and kind not in REGISTRY_VALUES:
            found.append(f"{kind}: {words} in {text[:120]!r}")
    return found


def drill_downs(at: AppTest) -> list[AppTest]:
    """The data-quality page once per check with findings (each lists its own columns)."""
    pick = at.selectbox(key="dq_check")
    runs = []
    for code in (c.code for c in CHECKS):
        if any(code in option and "（0）" not in option for option in pick.options):
            runs.append(pick.set_value(code).run())
            pick = runs[-1].selectbox(key="dq_check")
    return runs


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_a_page_shows_no_programme_text(tiny_page, page, lang: str) -> None:
    found: set[str] = set()
    for query in SCOPES:
        at = tiny_page(page.path, lang=lang, **query)
        no_exceptions(at)
        runs = [at, *(drill_downs(at) if page.key == "data_quality" else [])]
        for run in runs:
            no_exceptions(run)
            found.update(f"{query}: {p}" for p in problems(run, lang))
    assert not found, "\n".join(sorted(found))


# --- the collector and the check themselves -------------------------------------------------


def _elements() -> None:
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    st.markdown("说明 [术语与口径](glossary?lang=zh#coverage_30d)")
    st.caption("对应指标：`coverage_30d`")
    st.metric("覆盖率", "80.2%", delta="+15.8 pp", help="口径 assessed_on")
    st.selectbox("网格", ["AH-01 建新小区", "None"])
    st.dataframe(pd.DataFrame({"grid_code": ["AH-01", None], "值": ["a", "b"]}))
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="本周", hovertemplate="%{y}<br>nan"))
    fig.update_layout(title="走访", yaxis_title="visit_days")
    st.plotly_chart(fig)


def test_the_collector_reads_every_kind_of_element() -> None:
    at = AppTest.from_function(_elements, default_timeout=60).run()
    text = list(visible_text(at))
    words = {w for _, t in text for w in identifiers(t)}
    # link targets are not shown; their text is
    assert "说明 术语与口径" in [t for kind, t in text if kind == "markdown"]
    assert {"coverage_30d", "pp", "assessed_on", "None", "grid_code", "visit_days"} <= words
    assert "nan" in words  # the hover template, its tags and placeholders taken out
    assert ("cell of grid_code", "None") in text  # an empty cell drawn without a placeholder
    assert "go" not in words and "Figure" not in words


@pytest.mark.parametrize(
    "text",
    [
        "AH-01 建新小区",
        "见数据质量 DQ23",
        "导出 CSV · 导出 Excel",
        "2026-03-02 至 2026-03-08：72.3%",
        "性别代码不是 M/F",
        "语言 Language · English",
        "+15.8 个百分点",
        "3 天 5 小时",
    ],
)
def test_codes_dates_numbers_and_formats_are_allowed(text: str) -> None:
    assert identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("+15.8 pp", ["pp"]),
        ("None", ["None"]),
        ("比率 nan", ["nan"]),
        ("是否敏感：True", ["True"]),
        ("可用 GRID_MAP_STYLE_URL 配置底图", ["GRID_MAP_STYLE_URL"]),
        ("与 python -m metrics workers 一致", ["python", "m", "metrics", "workers"]),
        ("visits.coverage_30d", ["visits", "coverage_30d"]),
        ("Households", ["Households"]),
    ],
)
def test_identifiers_and_english_words_are_found(text: str, words: list[str]) -> None:
    assert identifiers(text) == words


def test_in_english_only_a_programmes_words_are_found() -> None:
    assert machine_words("Coverage 90 d: +15.8 pp") == []
    assert machine_words("coverage_90d is None, ratio nan") == ["coverage_90d", "None", "nan"]
