"""Every page printed as the browser prints it: an A4 PDF per page and a PNG per printed sheet.

    .venv/bin/python scripts/print_pages.py [--out artifacts/print] [--lang zh --lang en]
        [--page overview …] [--query as_of=2026-03-10 --query community=AH]

Starts its own ``streamlit run app.py`` on the demo with an app database of its own (a
temporary file), signed in by a session cookie as a secretary granted every community (the
largest figures: the widest tiles), as the browser tests sign in; prints each page with Chromium's print (``page.pdf``, A4, the page's
print stylesheet) into ``<page>-<lang>.pdf`` and says how many sheets it took. Each sheet is
drawn to ``<page>-<lang>-<n>.png`` by ``pdftoppm`` (poppler-utils) when it is installed; else
one ``<page>-<lang>-print.png`` shows the page under print media at A4's width. Look at them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from data_access.config import DEMO_DB_PATH, ENV_VAR  # noqa: E402
from scripts.screenshots import TIMEOUT_MS, _ready, ready_marker  # noqa: E402
from tests.e2e.helpers import wait_for_run  # noqa: E402
from tests.support.accounts import Accounts  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from tests.support.streamlit_server import StreamlitLauncher  # noqa: E402
from ui.nav import PAGES  # noqa: E402

#: A4's width in CSS px (210 mm at 96 px per inch)
A4_WIDTH_PX = 794
#: a PDF's page objects (not the ``/Pages`` tree above them)
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def sheets(pdf: bytes) -> int:
    """How many pages a PDF that Chromium wrote has (its page objects are not compressed)."""
    return len(_PAGE_OBJECT.findall(pdf))


def print_page(page: Page, path: Path) -> int:
    """Print ``page`` as the browser's print does (A4, the stylesheet's margins) into ``path``;
    returns the number of sheets."""
    pdf = page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True)
    return sheets(pdf)


def draw_sheets(page: Page, pdf: Path) -> list[Path]:
    """PNGs of the printed sheets (``pdftoppm``), else of the page under print media at A4's
    width."""
    stem = pdf.with_suffix("")
    if shutil.which("pdftoppm"):
        for old in stem.parent.glob(f"{stem.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(stem)], check=True)
        return sorted(stem.parent.glob(f"{stem.name}-*.png"))
    size = page.viewport_size or {"width": 1280, "height": 900}
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    path = stem.parent / f"{stem.name}-print.png"
    page.screenshot(path=str(path), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size(size)
    return [path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "print")
    parser.add_argument("--lang", action="append", choices=("zh", "en"))
    parser.add_argument("--page", action="append", choices=[p.url_path for p in PAGES])
    parser.add_argument("--query", action="append", default=[], help="NAME=VALUE for every page")
    parser.add_argument("--width", type=int, default=1280, help="the browser window's width")
    args = parser.parse_args(argv)
    langs = args.lang or ["zh"]
    pages = [p for p in PAGES if not args.page or p.url_path in args.page]
    extra = [tuple(q.split("=", 1)) for q in args.query]
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    if not DEMO_DB_PATH.is_file():
        from demo.__main__ import main as demo_main

        demo_main(["ensure"])

    work = Path(tempfile.mkdtemp(prefix="print-"))
    registry = f"sqlite:///{DEMO_DB_PATH}"
    accounts = Accounts(f"sqlite:///{work / 'app.sqlite'}")
    tester = accounts.tester(registry)
    launcher = StreamlitLauncher(work)
    try:
        env = {ENV_VAR: registry, "APP_DB_URL": accounts.url, "ACCOUNTS_IDLE_MINUTES": "720"}
        base = launcher("app.py", env=env, timeout=120)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
            )
            for lang in langs:
                context = browser.new_context(
                    locale="zh-CN" if lang == "zh" else "en-US",
                    viewport={"width": args.width, "height": 900},
                )
                context.add_cookies([accounts.browser_cookie(tester)])
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                for spec in pages:
                    page.goto(f"{base}/{spec.url_path}?{urlencode([('lang', lang), *extra])}")
                    marker = ready_marker(spec, lang)
                    _ready(page, marker)
                    wait_for_run(page)  # the script run has ended, not only begun
                    pdf = args.out / f"{spec.url_path}-{lang}.pdf"
                    count = print_page(page, pdf)
                    drawn = draw_sheets(page, pdf)
                    shown = ", ".join(str(p.relative_to(ROOT)) for p in drawn)
                    print(f"{pdf.relative_to(ROOT)}: {count} A4 page(s); {shown}")
                context.close()
            browser.close()
    finally:
        launcher.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
