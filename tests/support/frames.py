"""Frames and models as plain data, to compare two computations of the same figures."""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl


def plain(value: Any) -> Any:
    """A model's value as plain data, frames as their rows in a fixed order."""
    if isinstance(value, pl.DataFrame):
        return {"columns": value.schema, "rows": value.sort(value.columns, nulls_last=True).rows()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
