"""Demo accounts, one per role, on the embedded demo registry only.

They let a newcomer try every role after ``make run``; on any other registry no account exists
until ``python -m admin user add`` creates one. Their shared password is printed on the sign-in
page and in the README — it protects nothing, so it must never exist beside real data.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from auth.accounts import User, create_user, find_user, list_users, set_disabled
from auth.roles import Role
from data_access import access as registry_access
from data_access.config import uses_demo
from metrics.rubric import DEMO_RUBRIC
from scoring.store import ensure_rubric

DEMO_PASSWORD = "Aihe-Demo-2026"
DEMO_COMMUNITY = "AH"
DEMO_TOWNSHIP = "上派镇"
#: who the access log says made or locked them
ACTOR = "demo"
DEMO_RUBRIC_REASON = "演示：依据工作方案的入格、走访、巡查与日清周结规则"

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


def ensure_demo_accounts(
    app_engine: sa.Engine, registry_url: str, registry: Connection, now: dt.datetime
) -> list[User]:
    """On the embedded demo registry: create the demo accounts that are missing and return them
    all. On any other registry: create nothing and return ``[]`` — and if demo accounts exist
    in this app database from an earlier demo run, lock them (they also never sign in beside
    real data: ``authenticate(..., demo_allowed=False)``)."""
    if not uses_demo(registry_url):
        for user in list_users(app_engine):
            if user.demo and not user.disabled:
                set_disabled(app_engine, now, user.login, True, actor=ACTOR)
        return []
    # the demo ships a rubric that follows the seed's rules (version 1 when there is none)
    ensure_rubric(app_engine, now, DEMO_RUBRIC, DEMO_RUBRIC_REASON, ACTOR)
    users = []
    for login, (role, name, grants, chair) in DEMO_ACCOUNTS.items():
        existing = find_user(app_engine, login=login)
        if existing is not None:
            if existing.demo and existing.disabled:
                set_disabled(app_engine, now, login, False, actor=ACTOR)
                existing = find_user(app_engine, login=login)
            users.append(existing)
            continue
        worker_id = None
        if role in (Role.GRID_LEADER, Role.GRID_WORKER):
            found = registry_access.first_worker_in_post(registry, DEMO_COMMUNITY, role.value)
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
                actor=ACTOR,
                display_name=name,
                password=DEMO_PASSWORD,
                must_change_password=False,
                is_chair=chair,
                worker_id=worker_id,
                grants=grants,
                demo=True,
            )
        )
    return users
