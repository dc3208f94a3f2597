"""The one-way imports of style.md: no SQL in pages/ui, no Streamlit in metrics, no I/O in metrics."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from data_access.config import PROJECT_ROOT

FORBIDDEN = {
    "pages": {"sqlalchemy", "data_access.queries", "data_access.engine", "psycopg", "sqlite3"},
    "ui": {"sqlalchemy", "data_access.engine", "psycopg", "sqlite3"},
    "metrics": {"streamlit", "sqlalchemy", "data_access", "psycopg", "sqlite3", "plotly", "pydeck"},
    "data_access": {"streamlit", "plotly", "pydeck", "ui", "auth", "app_db"},
    # accounts and the app database know no Streamlit; the registry only through data_access
    "auth": {
        "streamlit",
        "plotly",
        "pydeck",
        "ui",
        "psycopg",
        "sqlite3",
        "data_access.schema",
        "data_access.engine",
    },
    "app_db": {"streamlit", "plotly", "pydeck", "ui", "auth", "data_access.schema"},
    # page models: data_access and metrics only — no Streamlit, charts, accounts or SQL of their own
    "models": {
        "streamlit",
        "plotly",
        "pydeck",
        "ui",
        "auth",
        "app_db",
        "commands",
        "psycopg",
        "sqlite3",
        "sqlalchemy",
        "data_access.engine",
        "data_access.schema",
    },
    # the committee's scoring: the app database, the log, metrics and page models; no Streamlit
    "scoring": {
        "streamlit",
        "plotly",
        "pydeck",
        "ui",
        "psycopg",
        "sqlite3",
        "data_access.schema",
        "data_access.engine",
        "data_access.queries",
    },
    # the daily store: the registry through data_access, the app database; no Streamlit or pages
    "store": {
        "streamlit",
        "plotly",
        "pydeck",
        "ui",
        "auth",
        "models",
        "psycopg",
        "sqlite3",
        "data_access.schema",
        "data_access.engine",
    },
    # the weekly brief: page models and the catalogue, rendered without Streamlit or a browser
    "brief": {
        "streamlit",
        "plotly",
        "pydeck",
        "ui",
        "app_db",
        "psycopg",
        "sqlite3",
        "sqlalchemy",
        "data_access.engine",
        "data_access.schema",
        "data_access.queries",
    },
}
#: imports a layer may make although a forbidden prefix covers them
ALLOWED = {
    "models": {"sqlalchemy.engine"},  # the ``Connection`` type a builder takes
    # the Connection type; the label catalogue (plain Python, no Streamlit)
    "brief": {"sqlalchemy.engine", "ui.i18n", "ui.text", "ui.formats"},
    # the signed sheet's files: the label catalogue, the formula guard, the column formats
    "scoring": {"ui.i18n", "ui.text", "ui.formats"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(folder: str) -> list[Path]:
    return sorted((PROJECT_ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layer_imports(folder: str) -> None:
    assert files(folder), f"{folder}/ has no Python files"
    offences = []
    for path in files(folder):
        if folder == "metrics" and path.name == "__main__.py":
            continue  # the command's entry point delegates to commands/, outside the pure layer
        for module in imported_modules(path) - ALLOWED.get(folder, set()):
            for forbidden in FORBIDDEN[folder]:
                if module == forbidden or module.startswith(forbidden + "."):
                    offences.append(f"{path.relative_to(PROJECT_ROOT)} imports {module}")
    assert not offences, "\n".join(offences)


def test_ui_uses_the_page_models_not_the_other_way() -> None:
    """``ui`` may import ``models`` (the loaders cache the builders); a builder never needs ``ui``."""
    ui_imports = set().union(*(imported_modules(path) for path in files("ui")))
    assert any(module.startswith("models.") for module in ui_imports)


def test_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from sqlalchemy import select\nimport streamlit as st\n")
    assert {"sqlalchemy", "streamlit"} <= imported_modules(bad)


def test_pages_call_page_setup_first() -> None:
    """Every page starts with the shared setup, so it is safe when Streamlit runs it without app.py."""
    for path in files("pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in tree.body
            if not isinstance(node, ast.Import | ast.ImportFrom | ast.Expr)
            or isinstance(getattr(node, "value", None), ast.Call)
        ]
        first = calls[0]
        call = first.value if isinstance(first, ast.Assign | ast.Expr) else None
        assert isinstance(call, ast.Call) and getattr(call.func, "id", None) == "page_setup", (
            path.name
        )
