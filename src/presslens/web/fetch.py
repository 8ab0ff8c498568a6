"""A guarded URL fetcher for ``POST /analyze`` with ``{"url": ...}`` (off unless the server allows it).

Rules, checked for the first URL and again for every redirect hop:

- scheme ``http`` or ``https`` only, no user/password in the URL;
- the host name is resolved once with :func:`socket.getaddrinfo`; every address it resolves to
  must be global (:func:`is_public`): loopback, private, link-local (169.254.0.0/16, the cloud
  metadata address 169.254.169.254 among them), shared (100.64/10), multicast, reserved,
  unspecified, IPv4-mapped/NAT64/6to4 forms of those, ... are all refused;
- the connection goes to the checked IP address (no second DNS lookup, so DNS rebinding cannot
  swap the address between check and connect); HTTPS still verifies the certificate against the
  host name (SNI);
- redirects are followed by hand (at most ``max_redirects``), each target checked as above;
- the body is read in chunks and refused past ``max_bytes``; the whole fetch is bounded by
  ``timeout`` seconds (a timer shuts the socket down when time is up, so a server that drips
  bytes cannot hold it longer).

``resolver`` can be replaced (tests pass a fake one, so no test sends traffic off the machine).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from presslens.errors import PresslensError

Resolver = Callable[[str, int], list[str]]

#: Extra ranges refused even where ``ipaddress`` calls them global.
_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96", "64:ff9b:1::/48", "2001:db8::/32",
    "100::/64", "2002::/16", "fd00:ec2::254/128",
)]


class FetchError(PresslensError):
    """A URL that may not or cannot be fetched. ``code`` says why (``fetch-...``); ``status`` is the
    HTTP status the API answers with (400 refused, 413 too large, 502 the server failed, 504 too slow)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message, status=status, code=code)


def is_public(address: str) -> bool:
    """True only for a global unicast address (IPv4-mapped and 6to4 IPv6 forms judged by their IPv4 address)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(str(ip.ipv4_mapped))
        if ip.sixtofour is not None:
            return False
        if ip.teredo is not None:
            return False
    if (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
            or not ip.is_global):
        return False
    return not any(ip in net for net in _BLOCKED if net.version == ip.version)


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("fetch-dns", f"cannot resolve {host!r} ({exc})") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a fixed IP address, with SNI and certificate checks for ``host``."""

    def __init__(self, ip: str, port: int, host: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, ip: str, port: int, host: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


def check_url(url: str, resolver: Resolver = system_resolver, allow: Callable[[str], bool] = is_public) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked ip) for ``url``, or FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("fetch-bad-url", f"not a valid URL: {url[:200]!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("fetch-scheme", f"only http and https URLs can be fetched, not {scheme or 'a relative URL'!r}")
    if parts.username or parts.password:
        raise FetchError("fetch-bad-url", "URLs with a user name or password are not fetched")
    host = parts.hostname
    if not host:
        raise FetchError("fetch-bad-url", f"the URL {url[:200]!r} has no host")
    port = port or (443 if scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
        addresses = [str(literal)]
    except ValueError:
        addresses = resolver(host, port)
    if not addresses:
        raise FetchError("fetch-dns", f"{host!r} resolves to no address")
    refused = [a for a in addresses if not allow(a)]
    if refused:
        raise FetchError("fetch-forbidden-address", f"{host!r} resolves to a non-public address ({refused[0]}); refused")
    return scheme, host, port, addresses[0]


def fetch(url: str, *, max_bytes: int = 5_000_000, timeout: float = 10.0, max_redirects: int = 5,
          resolver: Resolver = system_resolver, allow: Callable[[str], bool] = is_public) -> Fetched:
    """GET ``url`` under the rules in the module docstring."""
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        scheme, host, port, ip = check_url(url, resolver, allow)
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError("fetch-timeout", f"fetching took longer than {timeout:g} s", 504)
        cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        conn = cls(ip, port, host, left)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        expired = threading.Event()

        def cut(conn: http.client.HTTPConnection = conn, expired: threading.Event = expired) -> None:  # the hard time limit: unblock any recv
            expired.set()
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(left, cut)
        timer.daemon = True
        timer.start()
        try:
            conn.request("GET", path, headers={"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": "presslens",
                                               "Accept": "text/html, text/markdown, text/plain;q=0.9, */*;q=0.1"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchError("fetch-failed", f"redirect {resp.status} without a Location", 502)
                url = urljoin(url, location)
                continue
            if resp.status >= 400:
                raise FetchError("fetch-failed", f"the server answered {resp.status} for {url[:200]}", 502)
            length = resp.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError("fetch-too-large", f"the page is larger than {max_bytes} bytes", 413)
            chunks, size = [], 0
            while True:
                chunk = resp.read1(65536)
                if expired.is_set():
                    raise TimeoutError
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError("fetch-too-large", f"the page is larger than {max_bytes} bytes", 413)
                chunks.append(chunk)
            return Fetched(url, resp.status, resp.getheader("Content-Type") or "", b"".join(chunks))
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set() or isinstance(exc, TimeoutError):
                raise FetchError("fetch-timeout", f"fetching took longer than {timeout:g} s", 504) from exc
            raise FetchError("fetch-failed", f"cannot fetch {url[:200]} ({exc})", 502) from exc
        finally:
            timer.cancel()
            conn.close()
    raise FetchError("fetch-too-many-redirects", f"more than {max_redirects} redirects", 502)


__all__ = ["FetchError", "Fetched", "check_url", "fetch", "is_public", "system_resolver"]
