"""Who the client is (``server.throttle.service.client_address``): the connection's peer;
``X-Forwarded-For`` only when that peer is a trusted proxy."""

from __future__ import annotations

import ipaddress

import pytest

from server.throttle.service import Network, client_address

PROXIES: tuple[Network, ...] = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("fd00::/8"),
)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # An untrusted peer is the client, whatever it claims to forward for.
        ("203.0.113.7", [], "203.0.113.7"),
        ("203.0.113.7", ["198.51.100.1"], "203.0.113.7"),
        ("203.0.113.7", ["198.51.100.1, 10.0.0.5"], "203.0.113.7"),
        # A trusted proxy: the right-most address it did not add itself.
        ("10.0.0.5", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["192.0.2.9, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["192.0.2.9", "198.51.100.1, 10.1.2.3"], "198.51.100.1"),
        ("10.0.0.5", ["10.9.9.9, 10.1.2.3"], "10.9.9.9"),
        ("10.0.0.5", [], "10.0.0.5"),
        # What a trusted proxy did not write stops the walk at the last trusted hop.
        ("10.0.0.5", ["198.51.100.1, not-an-address"], "10.0.0.5"),
        # IPv6 clients count per /64; IPv4-mapped addresses as IPv4.
        ("2001:db8:1:2:aaaa::1", [], "2001:db8:1:2::/64"),
        ("fd00::1", ["2001:db8:1:2:bbbb::7"], "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", [], "203.0.113.7"),
        # Not an IP at all (a test client, a Unix socket): the peer as it is.
        ("testclient", ["198.51.100.1"], "testclient"),
    ],
)
def test_client_address(peer: str, forwarded: list[str], client: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == client


def test_no_trusted_proxies_means_the_header_is_never_read() -> None:
    assert client_address("10.0.0.5", ["198.51.100.1"], ()) == "10.0.0.5"
