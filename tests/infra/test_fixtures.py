"""The test infrastructure itself: PostgreSQL, Streamlit servers and Chromium are really there."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.support.postgres import PostgresServer
from tests.support.streamlit_server import StreamlitFailed, StreamlitLauncher

TINY_APP = textwrap.dedent(
    """
    import os

    import streamlit as st

    st.title("社区网格 infra check")
    st.markdown(f"marker: {os.environ['INFRA_MARKER']}")
    if "clicks" not in st.session_state:
        st.session_state.clicks = 0
    if st.button("点击", key="click"):
        st.session_state.clicks += 1
    st.markdown(f"已点击 {st.session_state.clicks} 次")
    """
)


@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("tiny_app") / "tiny_app.py"
    script.write_text(TINY_APP, encoding="utf-8")
    return script


def test_pg_server_answers_queries(pg_server: PostgresServer) -> None:
    engine = sa.create_engine(pg_server.url("postgres"))
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version_num")).scalar_one()
            fsync = conn.execute(sa.text("SHOW fsync")).scalar_one()
    finally:
        engine.dispose()
    assert int(version) >= 150000
    assert fsync == "off"


def test_pg_create_database_round_trips_chinese_text(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("infra_utf8")
    assert url == f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/infra_utf8"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (name text)"))
            conn.execute(sa.text("INSERT INTO t VALUES (:name)"), {"name": "网格员 张三"})
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT name FROM t")).scalar_one() == "网格员 张三"
            assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
    finally:
        engine.dispose()


def test_chromium_renders_a_streamlit_page(
    streamlit_app: Callable[..., str], browser_page: Page, tiny_app: Path, artifacts_dir: Path
) -> None:
    base_url = streamlit_app(tiny_app, env={"INFRA_MARKER": "环境变量已传入"})
    browser_page.goto(base_url)
    expect(browser_page.get_by_role("heading", name="社区网格 infra check")).to_be_visible()
    expect(browser_page.get_by_text("marker: 环境变量已传入")).to_be_visible()
    expect(browser_page.get_by_text("已点击 0 次")).to_be_visible()
    # A click is a websocket round trip: the script reruns and the DOM changes.
    browser_page.get_by_role("button", name="点击").click()
    expect(browser_page.get_by_text("已点击 1 次")).to_be_visible()
    browser_page.screenshot(path=artifacts_dir / "infra-tiny-app.png", full_page=True)
    assert (artifacts_dir / "infra-tiny-app.png").stat().st_size > 0


def test_same_request_reuses_the_running_server(
    streamlit_app: Callable[..., str], tiny_app: Path
) -> None:
    env = {"INFRA_MARKER": "复用"}
    assert streamlit_app(tiny_app, env=env) == streamlit_app(tiny_app, env=env)


def test_server_that_dies_fails_with_its_output(tmp_path: Path) -> None:
    launcher = StreamlitLauncher(tmp_path)
    with pytest.raises(StreamlitFailed, match="does not exist"):
        launcher(tmp_path / "missing_app.py", timeout=30)
    launcher.stop_all()


def test_stop_all_ends_the_server(tmp_path: Path, tiny_app: Path) -> None:
    launcher = StreamlitLauncher(tmp_path)
    base_url = launcher(tiny_app, env={"INFRA_MARKER": "stop"})
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=5) as response:
        assert response.read() == b"ok"
    launcher.stop_all()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=5)


def test_cjk_font_is_installed() -> None:
    """Chinese labels need a CJK font, or screenshots show empty boxes (fonts-noto-cjk)."""
    fc_match = shutil.which("fc-match")
    assert fc_match, "fontconfig's fc-match missing (comes with chromium)"
    family = subprocess.run(
        [fc_match, "-f", "%{family}", "sans-serif:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "CJK" in family, (
        f"no CJK font for zh-cn (got {family!r}); apt-get install fonts-noto-cjk"
    )
