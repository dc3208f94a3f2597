"""Lockouts: 5 failed sign-ins within 15 minutes lock the account — and, separately, the client
address — for 15 minutes (the numbers: ``auth.settings``). Attempts refused while locked are not
counted (they would otherwise keep an attacker's victim locked out for ever); a success clears
the count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from auth.settings import DEFAULTS, LockoutRule

RULE = DEFAULTS.lockout


def horizon(rule: LockoutRule = RULE) -> dt.timedelta:
    """Attempts older than this can no longer lock anything (and may be purged)."""
    return rule.window + rule.duration


def locked_until(
    attempts: Iterable[tuple[dt.datetime, bool]], now: dt.datetime, rule: LockoutRule = RULE
) -> dt.datetime | None:
    """When the lock that holds at ``now`` ends, or ``None``. ``attempts``: (at, succeeded), the
    counted attempts of one account or one client address, in any order."""
    failures: list[dt.datetime] = []
    until: dt.datetime | None = None
    for at, succeeded in sorted(attempts):
        if until is not None and at < until:
            continue  # recorded while locked (should not be): not counted
        if succeeded:
            failures.clear()
            continue
        failures = [f for f in failures if at - f < rule.window]
        failures.append(at)
        if len(failures) >= rule.failures:
            until = at + rule.duration
            failures.clear()
    return until if until is not None and until > now else None
