"""The client's address behind a proxy (``auth.clients``): literal cases."""

from __future__ import annotations

import pytest

from auth.clients import client_address

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.9", None, (), "203.0.113.9"),  # no proxy: the peer
        ("203.0.113.9", "198.51.100.1", (), "203.0.113.9"),  # an untrusted peer's header: ignored
        (None, None, (), "127.0.0.1"),  # loopback, nothing forwarded
        (None, "198.51.100.1", (), "198.51.100.1"),  # a proxy on this host
        (PROXY, "198.51.100.1", (PROXY,), "198.51.100.1"),  # a trusted proxy elsewhere
        (PROXY, "198.51.100.1", (), PROXY),  # the same proxy, not trusted
        # a client's own X-Forwarded-For stands to the left of what the proxy appended
        (PROXY, "6.6.6.6, 198.51.100.1", (PROXY,), "198.51.100.1"),
        # two trusted proxies in a row
        (PROXY, "198.51.100.1, 10.0.0.6", (PROXY, "10.0.0.6"), "198.51.100.1"),
        (PROXY, "junk, 198.51.100.1", (PROXY,), "198.51.100.1"),
        (PROXY, "198.51.100.1, junk", (PROXY,), PROXY),  # malformed nearest entry: the proxy
        ("::ffff:203.0.113.9", None, (), "203.0.113.9"),  # IPv4-mapped IPv6
        ("not an address", None, (), "unknown"),
    ],
)
def test_client_address(peer, forwarded, trusted, client) -> None:
    assert client_address(peer, forwarded, trusted) == client
