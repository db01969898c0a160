"""Reading an article from a link: download one web page safely, then keep its article text and metadata.

:func:`download` fetches an http(s) page and nothing else: the host is resolved here and every address it has, IPv4
and IPv6, is checked before a connection is made, to that checked address (so a second DNS answer cannot send the
request elsewhere); every redirect is checked again the same way, at most ``MAX_REDIRECTS`` of them. Private,
loopback, link-local, multicast, reserved, shared and unspecified addresses are refused unless
``allow_private_hosts=True``, which only the command line's ``--allow-private-hosts`` sets (its tests serve saved
pages from 127.0.0.1); the app never sets it. The body is read in chunks and the download stops past
``MAX_DOWNLOAD_BYTES``; the name lookup, each connect and each read wait at most ``timeout`` seconds and the
whole download at most ``TOTAL_SECONDS``.

:func:`read_article` keeps the article's text, title, outlet (site name), byline and publication date with
trafilatura (its date is htmldate's, from the page's markup only).

The standard library's ``http.client`` does the HTTP, on a socket connected here: ``urllib.request`` and
``requests`` resolve the host again when they connect, so a name whose DNS answer changes between the check and the
connection (DNS rebinding) would reach an address never checked; ``requests`` is also only a dependency of
Streamlit and folium here, not one of ours. Every failure is one :class:`LinkProblem` whose message is one line
naming the address and the problem; no traceback, no server path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass

from geo.corpus import MAX_ARTICLE_BYTES, MAX_OUTLET_LENGTH

SCHEMES = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2_000
MAX_REDIRECTS = 5
TOO_SLOW = "the page took too long to arrive (timeout)"
TIMEOUT_SECONDS = 10.0  # the name lookup, each connect and each read
TOTAL_SECONDS = 30.0  # the whole download, redirects included: a server sending a byte at a time is cut off too
# A news page's HTML with its inline scripts is a few hundred KB (the Guardian's saved page in tests/data/pages is
# 737 KB); past this the page is refused, and the download stops there instead of reading it whole.
MAX_DOWNLOAD_BYTES = 3_000_000
CHUNK_BYTES = 65_536
# trafilatura's time grows faster than the number of elements (measured on one core: 2,000 paragraphs 0.3 s,
# 5,000 0.7 s, 10,000 1.7 s, 20,000 5.5 s), so a page is refused on its element count before it is read. The saved
# news pages of tests/data/pages and trafilatura's other saved news pages have 270 to 1,200 elements.
MAX_ELEMENTS = 6_000
# Fewer characters of article text than this is a paywall, an index page or a cookie wall, not an article; the
# same number as trafilatura's own minimum (MIN_EXTRACTED_SIZE in its settings).
MIN_TEXT_CHARS = 250
MAX_SHOWN_URL = 100
# The longest "Author: ..." line geo.corpus reads as a byline (its MAX_BYLINE_LENGTH, not exported): a longer
# author field (a list of a dozen names) is left out rather than left as a line of article text.
MAX_BYLINE_LENGTH = 120
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "kb-handover-map/1 (reads one article a user asked for)"
# The address kinds refused, in the order they are named: 127.0.0.1 is both loopback and private, named loopback;
# 240.0.0.1 is both reserved and private, named reserved.
REFUSED_KINDS = (
    ("is_unspecified", "an unspecified"),
    ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_reserved", "a reserved"),
    ("is_private", "a private"),
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # a NAT64 gateway forwards these to the IPv4 address inside


class LinkProblem(ValueError):
    """A link that cannot be read, in one line: the address (cut to ``MAX_SHOWN_URL`` characters) and the
    problem."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"{shown_url(url)}: {problem}")


@dataclass(frozen=True)
class Page:
    """A downloaded page: the address it came from after redirects, its content type and charset (as the server
    gave them) and its bytes."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class LinkedArticle:
    """The article read from a page. ``url`` is the address that was read (after redirects), not the page's own
    claim (its canonical link), which a page can set to any site's."""

    url: str
    title: str
    text: str
    outlet: str = ""
    byline: str = ""
    published: dt.date | None = None


def shown_url(url: str) -> str:
    """An address for a message: one line, at most ``MAX_SHOWN_URL`` characters."""
    url = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in url).strip()
    return url if len(url) <= MAX_SHOWN_URL else url[:MAX_SHOWN_URL] + "…"


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an http(s) address, or :class:`LinkProblem`: not an address, another scheme (``file:``,
    ``ftp:``, ``javascript:`` ...), no host, a bad port, spaces or control characters."""
    url = url.strip()
    if not url:
        raise LinkProblem(url, "no address given")
    if len(url) > MAX_URL_LENGTH:
        raise LinkProblem(url, f"the address is {len(url):,} characters; at most {MAX_URL_LENGTH:,}")
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        raise LinkProblem(url, "not a web address: it holds a space or a control character")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise LinkProblem(url, "not a web address (a bad host or port)") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        given = f"{scheme}: addresses are not read" if scheme else "it has no http:// or https:// at its start"
        raise LinkProblem(url, f"not a web address: {given}; only http:// and https:// ones are")
    if not parts.hostname:
        raise LinkProblem(url, "not a web address: no host name after //")
    if port == 0:
        raise LinkProblem(url, "not a web address: port 0")
    return parts


def address_problem(address: str) -> str | None:
    """Why an IP address may not be fetched (``"a loopback"``, ``"a link-local"``, ...), or None for a public one.
    An IPv6 address carrying an IPv4 one (mapped, 6to4, Teredo, NAT64) is judged by the IPv4 address too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # "fe80::1%eth0": the zone is not part of the address
    inner: list[ipaddress.IPv4Address] = []
    if isinstance(ip, ipaddress.IPv6Address):
        inner = [a for a in (ip.ipv4_mapped, ip.sixtofour, ip.teredo and ip.teredo[1]) if a]
        if ip in NAT64:
            inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    for candidate in (*inner, ip):  # the IPv4 address first: ::ffff:127.0.0.1 is named loopback, not private
        for attribute, kind in REFUSED_KINDS:
            if getattr(candidate, attribute):
                return kind
        if not candidate.is_global:  # e.g. 100.64.0.0/10, the carriers' shared address space
            return "a non-public"
    return None


def resolve(url: str, host: str, port: int, allow_private_hosts: bool, timeout: float = TIMEOUT_SECONDS) -> list:
    """The socket addresses of ``host`` to connect to, all of them checked, or :class:`LinkProblem`."""
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise LinkProblem(url, f"not a web address: the host name {host!r} cannot be written in ASCII") from None
    try:
        found = _lookup(ascii_host, port, timeout)
    except socket.gaierror:
        raise LinkProblem(url, f"no such host: {host}") from None
    except TimeoutError:
        raise LinkProblem(url, f"no answer from the name server within {timeout:g} seconds (timeout)") from None
    addresses = [(family, sockaddr) for family, _type, _proto, _name, sockaddr in found]
    if not allow_private_hosts:
        for _family, sockaddr in addresses:
            kind = address_problem(sockaddr[0])
            if kind:
                where = host if host == sockaddr[0] else f"{host} ({sockaddr[0]})"
                raise LinkProblem(
                    url,
                    f"refused: {where} is {kind} address, not a public web server",
                )
    return addresses


def _lookup(host: str, port: int, timeout: float) -> list:
    """``socket.getaddrinfo`` waited for at most ``timeout`` seconds (it has no timeout of its own: the system's
    resolver may retry for half a minute). A lookup given up on ends in its daemon thread, its answer unused."""
    answer: dict[str, object] = {}

    def look_up() -> None:
        try:
            answer["found"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the caller's thread
            answer["error"] = exc

    thread = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(host)
    if "error" in answer:
        raise answer["error"]
    return answer["found"]


def _connect(url: str, parts: urllib.parse.SplitResult, addresses: list[tuple], timeout: float) -> socket.socket:
    """A socket connected to the first of the checked ``addresses`` that answers (TLS for https)."""
    problem = "the server refused the connection"
    sock = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            break
        except TimeoutError:
            problem = f"no answer within {timeout:g} seconds (timeout)"
        except OSError:
            pass
        sock.close()
        sock = None
    if sock is None:
        raise LinkProblem(url, problem)
    if parts.scheme.lower() != "https":
        return sock
    try:
        return ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise LinkProblem(url, f"secure connection refused: {exc.verify_message or 'bad certificate'}") from None
    except (ssl.SSLError, OSError):
        sock.close()
        raise LinkProblem(url, "the secure connection failed") from None


def _target(parts: urllib.parse.SplitResult) -> str:
    """The request target: path and query, non-ASCII characters percent-encoded."""
    target = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        target += "?" + urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return target


def download(
    url: str,
    *,
    allow_private_hosts: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    total_seconds: float = TOTAL_SECONDS,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> Page:
    """Download one HTML page, following at most ``MAX_REDIRECTS`` redirects, each checked as the first address.

    Raises
    ------
    LinkProblem
        Not an http(s) address, no such host, a refused address (also after a redirect), no connection, a timeout,
        an HTTP error status, too many redirects, not HTML, or more than ``max_bytes``.
    """
    deadline = time.monotonic() + total_seconds
    current = url.strip()
    for hop in range(MAX_REDIRECTS + 1):
        try:
            parts = check_url(current)
            port = parts.port or SCHEMES[parts.scheme.lower()]
            left = max(deadline - time.monotonic(), 0.001)
            addresses = resolve(current, parts.hostname, port, allow_private_hosts, min(timeout, left))
        except LinkProblem as exc:
            if not hop:
                raise
            raise LinkProblem(url, f"redirected to {shown_url(current)}: {exc.problem}") from None
        sock = _connect(current, parts, addresses, min(timeout, max(deadline - time.monotonic(), 0.001)))
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
        connection.default_port = SCHEMES[parts.scheme.lower()]  # the Host header names the port only if unusual
        connection.sock = sock  # connected to the checked address: http.client never resolves the name itself
        # At the deadline the connection is shut down under http.client, which may be waiting for a byte of a
        # header line: each wait is bounded by ``timeout``, but a server dribbling its headers is not otherwise.
        watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), _shut, args=(sock,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request(
                "GET",
                _target(parts),
                headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"},
            )
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise LinkProblem(current, f"the server answered {response.status} without a Location to go to")
                current = urllib.parse.urljoin(current, location.strip())
                continue
            return _read_page(current, response, deadline, max_bytes)
        except TimeoutError:
            raise LinkProblem(current, f"no answer within {timeout:g} seconds (timeout)") from None
        except (http.client.HTTPException, OSError):
            if time.monotonic() >= deadline:  # the watchdog shut the connection
                raise LinkProblem(current, TOO_SLOW) from None
            raise LinkProblem(
                current, "the server's answer could not be read (connection broken or not HTTP)"
            ) from None
        finally:
            watchdog.cancel()
            connection.close()
    raise LinkProblem(url, f"more than {MAX_REDIRECTS} redirects")


def _shut(sock: socket.socket) -> None:
    """Shut a connection down from the watchdog's thread: a blocked receive returns at once."""
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _read_page(url: str, response: http.client.HTTPResponse, deadline: float, max_bytes: int) -> Page:
    if not 200 <= response.status < 300:
        reason = " ".join(str(response.reason).split())[:60]
        raise LinkProblem(url, f"the server answered {response.status} {reason}".rstrip())
    declared = response.getheader("Content-Type")
    content_type = declared.split(";", 1)[0].strip().lower() if declared else ""
    if content_type and content_type not in HTML_TYPES:
        raise LinkProblem(url, f"not a web page: its content type is {shown_url(content_type)}, not HTML")
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise LinkProblem(url, f"the page is {int(length):,} bytes; the limit is {max_bytes:,}")
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise LinkProblem(url, TOO_SLOW)
        # read1: what one receive brings (each waits at most ``timeout``), so the deadline is checked between
        # receives; read() would wait for the whole chunk, however slowly it came.
        chunk = response.read1(min(CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            if time.monotonic() >= deadline:  # not the page's end: the watchdog shut the connection
                raise LinkProblem(url, TOO_SLOW)
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise LinkProblem(url, f"the page is over {max_bytes:,} bytes, the limit (the download was stopped)")
    body = b"".join(chunks)
    if not content_type and not body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise LinkProblem(url, "not a web page: no content type and no HTML")
    return Page(
        url=url, content_type=content_type or "text/html", charset=response.headers.get_content_charset(), body=body
    )


def read_article(page: Page) -> LinkedArticle:
    """The article in a downloaded page (trafilatura), or :class:`LinkProblem` for a page with too little text
    (a paywall, an index page) or more text than an article may have (``MAX_ARTICLE_BYTES``, as for a paste)."""
    import trafilatura  # here, not at the top: the app imports this module on every page, trafilatura in 1 s

    html: str | bytes = page.body
    if page.charset:
        try:
            html = page.body.decode(page.charset, errors="replace")
        except LookupError:  # an unknown charset name: trafilatura guesses from the bytes
            html = page.body
    tree = trafilatura.load_html(html)  # lxml's parser: linear in the page's size
    elements = sum(1 for _element in tree.iter()) if tree is not None else 0
    if elements > MAX_ELEMENTS:
        raise LinkProblem(page.url, f"the page has {elements:,} HTML elements; the limit is {MAX_ELEMENTS:,}")
    found = trafilatura.bare_extraction(
        tree,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        # htmldate: the date the page's markup gives (meta tags, <time>, JSON-LD, its address), not the first
        # date-like words of its text, which may be any day the article mentions.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": dt.date.today().isoformat(),
        },
    )
    text = _one_paragraph_a_line(found.text if found is not None else "")
    if len(text) < MIN_TEXT_CHARS:
        raise LinkProblem(
            page.url, f"too little article text on the page ({len(text):,} characters; at least {MIN_TEXT_CHARS})"
        )
    title = " ".join((found.title or "").split())
    size = len((title + "\n\n" + text).encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise LinkProblem(page.url, f"the article's text is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
    outlet = " ".join((found.sitename or "").split())
    byline = " ".join((found.author or "").split())
    return LinkedArticle(
        url=page.url,
        title=title,
        text=text,
        outlet=outlet if len(outlet) <= MAX_OUTLET_LENGTH else "",
        byline=byline if len(byline) <= MAX_BYLINE_LENGTH else "",
        published=_day(found.date),
    )


def _one_paragraph_a_line(text: str) -> str:
    """trafilatura's text with blank lines between paragraphs, as in the articles of data/articles."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def fetch_article(
    url: str,
    *,
    allow_private_hosts: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> LinkedArticle:
    """Download ``url`` and read its article: :func:`download`, then :func:`read_article`."""
    return read_article(download(url, allow_private_hosts=allow_private_hosts, timeout=timeout, max_bytes=max_bytes))
