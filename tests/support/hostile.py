"""A hostile registry: the demo with every free-text field rewritten to Markdown, HTML and
spreadsheet-formula payloads (codes stay codes: they are the schema's identifiers).

The payloads point at 203.0.113.9 (TEST-NET-3, never routed); a browser test aborts any request
that leaves the app and fails if one was attempted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

OUTSIDE_HOST = "203.0.113.9"

#: one of each kind; a row's value is ``PAYLOADS[id % len]`` and its id, so names stay distinct
PAYLOADS = (
    f"[点此](http://{OUTSIDE_HOST}/x)",
    f"![x](http://{OUTSIDE_HOST}/x.png)",
    f"<img src=http://{OUTSIDE_HOST}/y onerror=alert(1)>",
    f"<a href=http://{OUTSIDE_HOST}>a</a>",
    f'=HYPERLINK("http://{OUTSIDE_HOST}","x")',
    "+1+1",
    "@SUM(A1)",
    ":red[红] :material/home: $x$ **b** www.example.org",
    "-2+3",
)

#: a special group's name in both languages: the issue's own example
GROUP_NAME = f"![sg](http://{OUTSIDE_HOST}/sg.png)"

#: (table, key column, text columns) — every free-text column of registry-schema.md
TEXT_COLUMNS = (
    ("community", "id", ("name", "township")),
    ("area", "id", ("name", "lead_name")),
    ("grid", "id", ("name",)),
    ("household", "id", ("address",)),
    ("resident", "id", ("name", "phone")),
    ("rental", "id", ("landlord_name",)),
    ("worker", "id", ("name", "phone")),
    ("incident_category", "code", ("name_zh", "name_en")),
    ("assessment_criterion", "code", ("name_zh", "name_en")),
    ("special_group", "code", ("name_zh", "name_en")),
    ("assessment", "rowid", ("assessed_by",)),
)


def payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def make_hostile(demo: Path, target: Path) -> Path:
    """Copy the demo registry to ``target`` and rewrite its text; returns ``target``."""
    target.write_bytes(demo.read_bytes())
    with sqlite3.connect(target) as db:
        db.create_function("payload", 1, payload, deterministic=True)
        for table, key, columns in TEXT_COLUMNS:
            if key == "code":
                # lookups: numbered in their table's order
                codes = [r[0] for r in db.execute(f"SELECT code FROM {table} ORDER BY rowid")]
                for number, code in enumerate(codes):
                    values = {c: f"{payload(number)} {c[-2:]}{number}" for c in columns}
                    if table == "special_group" and code == codes[0]:
                        values = {c: GROUP_NAME for c in columns}
                    sets = ", ".join(f"{c} = :{c}" for c in columns)
                    db.execute(
                        f"UPDATE {table} SET {sets} WHERE code = :code", {**values, "code": code}
                    )
                continue
            sets = ", ".join(f"{c} = payload({key}) || ' ' || {key}" for c in columns)
            db.execute(f"UPDATE {table} SET {sets}")
    return target
