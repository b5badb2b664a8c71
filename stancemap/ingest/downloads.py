"""Fetching pages over HTTP(S): bounded in time, size and redirects, public addresses only,
and polite about who we are.

A batch of thousands of URLs must not hang on one slow server or fill memory with
one endless or compressed-bomb response, and a URL from a feed or a redirect must not
make stancemap reach into the network it runs in (a cloud metadata service, an admin
page on localhost). So:

- every connection goes through `GuardedBackend`: the host name is resolved once, each
  address is checked (loopback, private, link-local, multicast, reserved and other
  non-public addresses are refused unless `allow_private`), and the socket connects to
  exactly the address that was checked, so a DNS answer that changes between check and
  connect (DNS rebinding) cannot slip through; redirects open new connections and are
  checked the same way, hop by hop;
- one deadline (`DEADLINE_FACTOR` x the timeout) covers the whole exchange: name lookup,
  connect, TLS, headers, every redirect and the body, however slowly a server drips them;
- the body is read raw and its Content-Encoding layers are undone here as a stream,
  each layer stopping at the size cap, so `Content-Encoding: gzip, gzip` cannot
  expand a few kilobytes into gigabytes;
- proxies and credentials from the environment are not used (a proxy would connect on
  our behalf to addresses we never see).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

import httpcore
import httpx

from ..config import __version__
from .errors import IngestError

DEFAULT_TIMEOUT = 20.0  # seconds, per connect/read; DEADLINE_FACTOR x this for the whole exchange
DEADLINE_FACTOR = 3
DEFAULT_MAX_BYTES = 50_000_000
MAX_REDIRECTS = 5
USER_AGENT = f"stancemap/{__version__} (news statement analysis; +https://pypi.org/project/stancemap/)"
ALLOW_PRIVATE_HINT = "pass --allow-private-addresses (or --allow-address NET) to fetch from your own network"
_CHUNK = 1 << 16  # most output one decompression step may produce


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str | None
    data: bytes


class AddressRefused(IngestError):
    """The host resolves only to addresses stancemap does not connect to by default."""


class _DeadlinePassed(Exception):
    """The exchange's overall deadline passed (raised inside httpcore, turned into IngestError)."""


def check_url(url: str) -> None:
    """Refuse anything but http(s) URLs with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise IngestError(f"malformed URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise IngestError(f"unsupported URL scheme {parts.scheme!r}: only http and https are fetched")
    if not host:
        raise IngestError("URL has no host")


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why stancemap does not connect to this address by default, or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            problem = address_problem(embedded)
            if problem:
                return problem
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private-network address"
    if not ip.is_global:
        return "not a public internet address"
    return None


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the exchange's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, backend: "GuardedBackend"):
        self.inner, self.backend = inner, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.backend.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.backend.left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, self.backend.left(timeout)), self.backend)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolve, check, then connect to the checked address; every step within the deadline."""

    def __init__(self, allow_private: bool = False, allow_networks: Iterable[str] = ()):
        self.allow_private = allow_private
        self.allow_networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
        self.deadline: float | None = None  # time.monotonic() by which the current exchange must end
        self._plain = httpcore.SyncBackend()

    def left(self, timeout: float | None) -> float | None:
        if self.deadline is None:
            return timeout
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _DeadlinePassed()
        return remaining if timeout is None else min(timeout, remaining)

    def allowed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        """Whether the user allowed this address whatever it is (--allow-private-addresses, --allow-address)."""
        return self.allow_private or any(ip.version == net.version and ip in net for net in self.allow_networks)

    def resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        """The host's addresses (an IP literal as it is); the lookup too is bounded in time."""
        literal = host.strip("[]")
        try:
            ipaddress.ip_address(literal.split("%", 1)[0])
            return [literal]
        except ValueError:
            pass
        answer: dict[str, Any] = {}

        def lookup() -> None:
            try:
                answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                answer["error"] = exc

        worker = threading.Thread(target=lookup, daemon=True)
        worker.start()
        worker.join(self.left(timeout))
        if worker.is_alive():
            raise httpcore.ConnectTimeout(f"looking up {host} took too long")
        if "error" in answer:
            raise httpcore.ConnectError(f"cannot resolve {host}: {answer['error']}")
        return list(dict.fromkeys(info[4][0] for info in answer["infos"]))

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.resolve(host, port, timeout)
        usable, refused = [], []
        for address in addresses:
            try:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
            except ValueError:
                refused.append((address, "not an IP address"))
                continue
            problem = None if self.allowed(ip) else address_problem(ip)
            if problem:
                refused.append((address, problem))
            else:
                usable.append(address)
        if not usable:
            address, problem = refused[0] if refused else (host, "no address")
            shown = host if host == address else f"{host} ({address})"
            raise AddressRefused(f"refused to connect to {shown}: {problem}; {ALLOW_PRIVATE_HINT}")
        error: Exception | None = None
        for address in usable:  # connect to the very address that was checked, never the name again
            try:
                stream = self._plain.connect_tcp(address, port, self.left(timeout), local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self)
        raise error or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("stancemap does not fetch from unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that connects only through a GuardedBackend."""

    def __init__(self, backend: GuardedBackend):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=backend, http1=True, http2=False,
        )


class Fetcher:
    """One connection pool for a batch; `get` is one bounded exchange."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, *, allow_private: bool = False, allow_networks: Iterable[str] = ()):
        self.timeout = timeout
        self.backend = GuardedBackend(allow_private, allow_networks)
        self.client = httpx.Client(
            transport=_GuardedTransport(self.backend),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            trust_env=False,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def get(self, url: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Fetched:
        """The body of a 2xx response, or IngestError naming what went wrong."""
        check_url(url)
        limit = DEADLINE_FACTOR * self.timeout
        self.backend.deadline = time.monotonic() + limit
        try:
            with self.client.stream("GET", url) as response:
                final = str(response.url)
                if urlsplit(final).scheme not in ("http", "https"):
                    raise IngestError(f"redirected to a non-http(s) URL {final}")
                if response.status_code >= 400:
                    raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                declared = response.headers.get("content-length", "").strip()
                if declared.isdigit() and int(declared) > max_bytes:
                    raise IngestError(f"response is {int(declared):,} bytes, over the size cap of {max_bytes:,} (--max-bytes)")
                body = decode_content(_raw(response, max_bytes), response.headers.get_list("content-encoding", split_commas=True), max_bytes)
                data = bytearray()
                for chunk in body:
                    data += chunk
                    if len(data) > max_bytes:
                        raise IngestError(f"response exceeds the size cap of {max_bytes:,} bytes (--max-bytes)")
                return Fetched(final, response.status_code, response.headers.get("content-type"), bytes(data))
        except _DeadlinePassed:
            raise IngestError(f"the server took longer than {limit:g} s for the whole exchange ({DEADLINE_FACTOR} x --timeout)") from None
        except httpx.TooManyRedirects:
            raise IngestError(f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.TimeoutException as exc:
            if time.monotonic() >= self.backend.deadline - 0.05:
                raise IngestError(f"the server took longer than {limit:g} s for the whole exchange ({DEADLINE_FACTOR} x --timeout)") from None
            raise IngestError(f"timed out after {self.timeout:g} s ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from None
        except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # a URL httpx cannot even send
            raise IngestError(f"malformed URL ({exc})") from None
        finally:
            self.backend.deadline = None
            self.client.cookies.clear()  # no cookie set by one URL's server travels to the next URL


def _raw(response: httpx.Response, max_bytes: int) -> Iterator[bytes]:
    """The body as sent (before Content-Encoding), refused past the cap."""
    total = 0
    for chunk in response.iter_raw():
        total += len(chunk)
        if total > max_bytes:
            raise IngestError(f"response exceeds the size cap of {max_bytes:,} bytes (--max-bytes)")
        yield chunk


def decode_content(chunks: Iterable[bytes], encodings: list[str], max_bytes: int) -> Iterator[bytes]:
    """Undo Content-Encoding layers (last applied, first undone) as a stream; no layer may
    produce more than max_bytes, and no step holds more than a small chunk at once."""
    stream: Iterable[bytes] = chunks
    for encoding in reversed([e.strip().lower() for e in encodings if e.strip()]):
        if encoding == "identity":
            continue
        if encoding in ("gzip", "x-gzip"):
            stream = inflate(stream, "gzip", max_bytes)
        elif encoding == "deflate":
            stream = inflate(stream, "deflate", max_bytes)
        else:
            raise IngestError(f"unsupported Content-Encoding {encoding!r} (stancemap asks for gzip or deflate only)")
    return iter(stream)


def inflate(chunks: Iterable[bytes], kind: str, max_bytes: int, what: str = "compressed content") -> Iterator[bytes]:
    """Decompress gzip (any number of members) or deflate (zlib-wrapped or raw) as a stream,
    refusing output beyond max_bytes before it is produced, and truncated or corrupt data."""
    wbits = 16 + zlib.MAX_WBITS if kind == "gzip" else zlib.MAX_WBITS
    dec = zlib.decompressobj(wbits)
    produced = 0
    fed = False  # any input at all (an empty body is no truncated stream)
    started = False  # output produced: a deflate stream may then no longer turn out to be raw
    carry = b""  # a lone first byte of a possible next gzip member
    for data in chunks:
        data, carry = carry + data, b""
        fed = fed or bool(data)
        while data:
            if dec.eof:  # another gzip member, or trailing bytes (often zero padding) to ignore
                if kind == "gzip" and data[:2] == b"\x1f\x8b":
                    dec = zlib.decompressobj(wbits)
                elif kind == "gzip" and data == b"\x1f":
                    carry = data
                    break
                else:
                    break
            try:
                out = dec.decompress(data, _CHUNK)
            except zlib.error as exc:
                if kind == "deflate" and not started and wbits > 0:
                    wbits = -zlib.MAX_WBITS  # "deflate" sent as raw deflate, as some servers do
                    dec = zlib.decompressobj(wbits)
                    continue
                raise IngestError(f"corrupt {kind} data in the {what} ({exc})") from None
            data = dec.unused_data if dec.eof else dec.unconsumed_tail
            if out:
                started = True
                produced += len(out)
                if produced > max_bytes:
                    raise IngestError(f"{what} exceeds the size cap of {max_bytes:,} bytes once decompressed (--max-bytes)")
                yield out
    if fed and not dec.eof:
        raise IngestError(f"truncated {kind} data in the {what} (the stream ends before its end marker)")


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    allow_networks: Iterable[str] = (),
    fetcher: Fetcher | None = None,
) -> Fetched:
    """One URL, with a pool of its own unless a Fetcher is given."""
    if fetcher is not None:
        return fetcher.get(url, max_bytes)
    with Fetcher(timeout, allow_private=allow_private, allow_networks=allow_networks) as own:
        return own.get(url, max_bytes)
