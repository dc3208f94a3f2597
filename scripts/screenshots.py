"""Whole-page screenshots of every page, zh and en, at 1280 and 1920 px, on the demo registry.

    .venv/bin/python scripts/screenshots.py [--out artifacts/pages] [--width 1280 --width 1920]
        [--lang zh --lang en] [--page overview …] [--query as_of=2026-03-10 --query community=AH]

Starts its own ``streamlit run app.py`` on the demo (built first if missing), drives Debian's
Chromium and waits on conditions only: the script run finished, every chart drawn, the map's
canvas present. The files are ``<page>-<lang>-<width>.png``; look at them.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from data_access.config import DEMO_DB_PATH, ENV_VAR  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from tests.support.streamlit_server import StreamlitLauncher  # noqa: E402
from ui.nav import FIGURE_PAGES, PAGES  # noqa: E402

TIMEOUT_MS = 120_000
#: every page's freshness line (labels "fresh.line"), in either language
FRESH = r"(数据更新至|Data up to)"
#: the glossary's title
GLOSSARY = {"zh": r"^术语与口径$", "en": r"^Glossary$"}
#: the access log's title
ACCESS_LOG = {"zh": r"^访问日志$", "en": r"^Access log$"}
#: who the screenshots are taken as: the demo's community secretary (every page but none hidden)
LOGIN = "demo-secretary"


def _sign_in(page: Page, base: str) -> None:
    """Sign in through the form as the demo secretary (the demo's accounts share one password)."""
    from auth.demo import DEMO_PASSWORD

    page.goto(f"{base}/?lang=zh")
    page.get_by_label("用户名").fill(LOGIN)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").wait_for()


def ready_marker(spec: Any, lang: str) -> str:
    """The text that tells a page is drawn: its freshness line, except on the pages that rest on
    no records (the glossary, the access log), which have none."""
    if spec in FIGURE_PAGES:
        return FRESH
    return ACCESS_LOG[lang] if spec.key == "access_log" else GLOSSARY[lang]


def _ready(page: Page, marker: str = FRESH) -> None:
    """The run finished and what draws after it (plotly, deck.gl) has drawn."""
    # ``marker`` is drawn by the run (a figure page's freshness line under its title), so once it
    # is there the run has begun, and the running indicator going away means it has ended
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(re.compile(marker)).first).to_be_visible(timeout=TIMEOUT_MS)
    for name in ("stStatusWidget", "stSkeleton"):
        expect(page.locator(f'[data-testid="{name}"]')).to_have_count(0, timeout=TIMEOUT_MS)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')]
                 .every(c => c.querySelector('canvas'))""",
        timeout=TIMEOUT_MS,
    )


def _whole_page(page: Page, path: Path, width: int, marker: str) -> None:
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]') || document.body;
            return Math.max(main.scrollHeight, document.body.scrollHeight);
        }"""
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16000)})
    _ready(page, marker)
    page.screenshot(path=str(path), full_page=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "pages")
    parser.add_argument("--width", type=int, action="append")
    parser.add_argument("--lang", action="append", choices=("zh", "en"))
    parser.add_argument("--page", action="append", choices=[p.url_path for p in PAGES])
    parser.add_argument("--query", action="append", default=[], help="NAME=VALUE for every page")
    args = parser.parse_args(argv)
    widths = args.width or [1280, 1920]
    langs = args.lang or ["zh", "en"]
    pages = [p for p in PAGES if not args.page or p.url_path in args.page]
    extra = [tuple(q.split("=", 1)) for q in args.query]
    args.out.mkdir(parents=True, exist_ok=True)
    if not DEMO_DB_PATH.is_file():
        from demo.__main__ import main as demo_main

        demo_main(["ensure"])

    launcher = StreamlitLauncher(Path(tempfile.mkdtemp(prefix="shots-")))
    try:
        base = launcher("app.py", env={ENV_VAR: f"sqlite:///{DEMO_DB_PATH}"}, timeout=120)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
            )
            for lang in langs:
                context = browser.new_context(
                    locale="zh-CN" if lang == "zh" else "en-US",
                    viewport={"width": widths[0], "height": 900},
                )
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                _sign_in(page, base)
                for spec in pages:
                    query = urlencode([("lang", lang), *extra])
                    page.goto(f"{base}/{spec.url_path}?{query}")
                    marker = ready_marker(spec, lang)
                    _ready(page, marker)
                    for width in widths:
                        path = args.out / f"{spec.url_path}-{lang}-{width}.png"
                        page.set_viewport_size({"width": width, "height": 900})
                        _whole_page(page, path, width, marker)
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                context.close()
            browser.close()
    finally:
        launcher.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
