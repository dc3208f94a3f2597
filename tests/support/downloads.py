"""AppTest on the tiny registry, and the files its download buttons would give.

A download is made on click (``st.download_button(data=callable)``): Streamlit registers the
callable with its media file manager under the button's file id. ``Downloads`` records them, so
a test presses a button the way the browser does — it calls what Streamlit would call — and
reads the file name Streamlit would send.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest


@dataclass(frozen=True)
class Download:
    key: str
    file_name: str
    make: Callable[[], bytes]

    def book(self) -> openpyxl.Workbook:
        return openpyxl.load_workbook(io.BytesIO(self.make()))

    def text(self) -> str:
        return self.make().decode("utf-8-sig")


class Downloads:
    def __init__(self) -> None:
        self.registered: dict[str, tuple[str | None, Callable[[], bytes]]] = {}

    def of(self, at: AppTest) -> dict[str, Download]:
        """The page's download buttons by widget key (``<table>_csv``, ``<table>_xlsx``)."""
        found = {}
        for button in at.get("download_button"):
            name, make = self.registered[button.proto.deferred_file_id]
            key = button.proto.id.rsplit("-", 1)[-1]
            found[key] = Download(key, name or "", make)
        return found


def recording() -> tuple[Downloads, Callable]:
    """A ``Downloads`` and the ``MediaFileManager.add_deferred`` that records into it."""
    seen = Downloads()
    register = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = register(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        seen.registered[file_id] = (file_name, data_callable)
        return file_id

    return seen, spy
