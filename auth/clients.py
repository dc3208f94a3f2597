"""Which client a request comes from, for the per-address lockout and the access log.

Streamlit gives the address of the TCP peer (``None`` for loopback). Behind a reverse proxy that
peer is the proxy, so every user would be one client: five failures by anyone would lock out
everyone. A peer that is loopback or one of the trusted proxies (``ACCOUNTS_TRUSTED_PROXIES`` or
``[accounts] trusted_proxies``, addresses separated by commas) is taken to be a proxy, and the
client is the right-most address of ``X-Forwarded-For`` that is not itself a trusted proxy (the
one the nearest proxy saw; what a client writes there itself stands further left). A peer that is
not trusted is the client, whatever it sends.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable

from data_access.config import secrets_section

ENV_VAR = "ACCOUNTS_TRUSTED_PROXIES"
LOOPBACK = "127.0.0.1"
#: what the log says when nothing names the client
UNKNOWN = "unknown"


def _address(text: str) -> str | None:
    """``text`` as a normalised IP address (``::ffff:10.0.0.1`` → ``10.0.0.1``), else None."""
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def trusted_proxies() -> frozenset[str]:
    text = os.environ.get(ENV_VAR, "").strip()
    if not text:
        value = secrets_section("accounts").get("trusted_proxies", "")
        text = ",".join(value) if isinstance(value, list) else str(value)
    return frozenset(a for a in (_address(t) for t in text.split(",") if t.strip()) if a)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Iterable[str] = ()) -> str:
    """The client's address: ``peer`` (None: loopback) unless it is loopback or trusted, then
    the right-most untrusted address of ``forwarded_for``."""
    proxies = {LOOPBACK, "::1", *trusted}
    hop = _address(peer) if peer else LOOPBACK
    if hop is None:
        return UNKNOWN
    if hop not in proxies:
        return hop
    for text in reversed((forwarded_for or "").split(",")):
        address = _address(text)
        if address is None:
            return hop  # a malformed entry: trust nothing to its left
        if address not in proxies:
            return address
    return hop
