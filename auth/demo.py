"""Demo accounts, one per role, on the embedded demo registry only.

They let a newcomer try every role after ``make run``; on any other registry no account exists
until ``python -m admin user add`` creates one. Their shared password is printed on the sign-in
page and in the README — it protects nothing, so it must never exist beside real data.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from auth.accounts import AccountError, User, create_user, find_user
from auth.roles import Role
from data_access.config import uses_demo
from data_access.schema import community, worker

DEMO_PASSWORD = "Aihe-Demo-2026"
DEMO_COMMUNITY = "AH"
DEMO_TOWNSHIP = "上派镇"

#: login → (role, display name, grants, chair)
DEMO_ACCOUNTS: dict[str, tuple[Role, str, tuple[tuple[str, str], ...], bool]] = {
    "demo-township": (
        Role.TOWNSHIP_OFFICE,
        "镇综治办（演示）",
        (("township", DEMO_TOWNSHIP),),
        False,
    ),
    "demo-secretary": (
        Role.SECRETARY,
        "爱和社区书记（演示）",
        (("community", DEMO_COMMUNITY),),
        False,
    ),
    "demo-chair": (Role.COMMITTEE, "考核小组组长（演示）", (("community", DEMO_COMMUNITY),), True),
    "demo-committee": (
        Role.COMMITTEE,
        "考核小组成员（演示）",
        (("community", DEMO_COMMUNITY),),
        False,
    ),
    "demo-leader": (Role.GRID_LEADER, "网格长（演示）", (), False),
    "demo-worker": (Role.GRID_WORKER, "网格员（演示）", (), False),
    "demo-admin": (Role.ADMIN, "管理员（演示）", (), False),
}


def _first_worker(conn: Connection, role: str) -> tuple[int, str] | None:
    row = conn.execute(
        sa.select(worker.c.id, worker.c.name)
        .join(community, community.c.id == worker.c.community_id)
        .where(community.c.code == DEMO_COMMUNITY, worker.c.role == role)
        .order_by(worker.c.id)
        .limit(1)
    ).first()
    return (row.id, row.name) if row else None


def ensure_demo_accounts(
    app_engine: sa.Engine, registry_url: str, registry: Connection, now: dt.datetime
) -> list[User]:
    """Create the demo accounts that are missing; only when ``registry_url`` is the demo's."""
    if not uses_demo(registry_url):
        raise AccountError("demo accounts exist only on the embedded demo registry")
    users = []
    for login, (role, name, grants, chair) in DEMO_ACCOUNTS.items():
        existing = find_user(app_engine, login=login)
        if existing is not None:
            users.append(existing)
            continue
        worker_id = None
        if role in (Role.GRID_LEADER, Role.GRID_WORKER):
            found = _first_worker(registry, role.value)
            if found is None:
                continue
            worker_id, worker_name = found
            name = f"{worker_name}（{name}）"
        users.append(
            create_user(
                app_engine,
                now,
                login,
                role,
                display_name=name,
                password=DEMO_PASSWORD,
                must_change_password=False,
                is_chair=chair,
                worker_id=worker_id,
                grants=grants,
            )
        )
    return users
