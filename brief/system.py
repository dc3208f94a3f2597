"""The system components the brief's renderers need, checked before anything is drawn.

The PDF is laid out by WeasyPrint, which needs Pango (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``); every format draws Chinese with a CJK font (Debian: ``fonts-noto-cjk``).
A missing one is ``MissingComponent`` with a sentence naming the package to install.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

#: where Debian, Fedora and Arch put Noto Sans CJK (the first found is used)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
FONT_FAMILY = "Noto Sans CJK SC"


class MissingComponent(RuntimeError):
    """A system component a renderer needs is not installed (the message says which)."""


@lru_cache(maxsize=1)
def cjk_font_file() -> str:
    """The file of a CJK font: Noto Sans CJK where it is installed, else what fontconfig has."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run(
                [fc_list, ":lang=zh-cn", "file"], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in sorted(out.splitlines()):
            path = line.split(":")[0].strip()
            if path and Path(path).is_file():
                return path
    raise MissingComponent(
        "no Chinese (CJK) font is installed; install one, e.g. Debian: apt-get install fonts-noto-cjk"
    )


def check_pdf() -> None:
    """WeasyPrint and Pango can be loaded, and a CJK font exists."""
    cjk_font_file()
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as exc:
        raise MissingComponent(
            "the PDF needs Pango, which is not installed; Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 ({exc})"
        ) from None
    except ImportError as exc:
        raise MissingComponent(f"the PDF needs WeasyPrint ({exc}); run: make venv") from None


def check(fmt: str) -> None:
    """Everything format ``fmt`` (pdf, docx, xlsx) needs; ``MissingComponent`` when not."""
    if fmt == "pdf":
        check_pdf()
    elif fmt == "docx":
        cjk_font_file()  # the charts' labels
