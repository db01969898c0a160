"""Reading an article from a link (geo.links, geo.added.prepare_link): saved pages served by a local HTTP server in
the test (a thread on 127.0.0.1), every failure with its one message, and the address checks.

The server is on a loopback address, which the app refuses: the pages are read here with ``allow_private_hosts=True``
(as ``python -m geo extract --allow-private-hosts`` reads them). The redirect tests need a first hop that counts as
public: a second server on 127.0.0.2, the one address the patched check lets through (``public_test_host``); every
other address, the redirect targets included, goes through the real check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import importlib.util
import re
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from geo import added, links
from geo.corpus import MAX_ARTICLE_BYTES, find_mentions, load_corpus, parse_article
from geo.links import LinkProblem
from geo.names import place_gazetteer
from geo.places import load_places

PAGES = Path(__file__).resolve().parent / "data" / "pages"
REUTERS = "reuters.com.parasite.html"
DW = "dw.com.colonial.html"
PAYWALL = "scmp.com.playbook.html"
MOSCOW_TIMES = "themoscowtimes.com.pullout-deadline.constructed.html"
STREAM_LIMIT = 500_000_000  # what /endless would send if nobody stopped reading


class Handler(http.server.BaseHTTPRequestHandler):
    """The test server's pages; what it saw is kept on the server (``server.seen``)."""

    protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the connection closes

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.server.seen.append((parts.path, self.headers.get("Host")))
        route = parts.path.split("/")[1]
        if route == "pages":
            self.reply(200, "text/html; charset=utf-8", (PAGES / parts.path.split("/")[2]).read_bytes())
        elif route == "redirect":
            self.send_response(int(query.get("status", 302)))
            self.send_header("Location", query["to"])
            self.end_headers()
        elif route == "loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif route == "slow":
            time.sleep(float(query.get("seconds", 3)))
            self.reply(200, "text/html", (PAGES / REUTERS).read_bytes())
        elif route == "dribble":  # headers at once, then a byte every 0.2 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.stream((b"<p>x</p>"[i % 8 : i % 8 + 1] for i in range(100)), pause=0.2)
        elif route == "dribble-headers":  # a status line, then a header a byte every 0.2 s
            self.wfile.write(b"HTTP/1.0 200 OK\r\n")
            self.stream(((b"X-Slow: " + b"x" * 100)[i : i + 1] for i in range(108)), pause=0.2)
        elif route == "pdf":
            self.reply(200, "application/pdf", b"%PDF-1.4\n" + bytes(2000))
        elif route == "no-type":
            self.reply(200, None, (PAGES / query["page"]).read_bytes() if "page" in query else b"\x89PNG\r\n" * 10)
        elif route == "declared-big":  # says its size first: refused on the header
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(links.MAX_DOWNLOAD_BYTES + 1))
            self.end_headers()
            self.stream(b"<p>" + b"x" * 65_536 for _ in range(100))
        elif route == "endless":  # no size given, never ends: the reader must stop
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.stream(b"<p>" + b"Kalbajar " * 7_000 + b"</p>" for _ in range(STREAM_LIMIT // 63_007))
        elif route == "many-elements":  # what makes trafilatura slow: elements, not bytes
            count = int(query["count"])
            paragraphs = "<p>Troops left Kalbajar on Sunday.</p>" * count
            self.reply(200, "text/html; charset=utf-8", f"<html><body><article>{paragraphs}</article>".encode())
        elif route == "long-article":
            paragraphs = "".join(
                f"<p>{n}: " + "The convoy left Kalbajar before the deadline. " * 20 + "</p>" for n in range(300)
            )
            page = f"<html><head><title>Long</title></head><body><article>{paragraphs}</article></body></html>"
            self.reply(200, "text/html; charset=utf-8", page.encode())
        else:
            self.reply(404, "text/html", b"<html><body>not here</body></html>", reason="Not Found")

    def reply(self, status: int, content_type: str | None, body: bytes, reason: str | None = None):
        self.send_response(status, reason)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.stream([body])

    def stream(self, chunks, pause: float = 0.0):
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.server.sent += len(chunk)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, family=socket.AF_INET):
        self.address_family = family
        super().__init__((host, 0), Handler)
        self.seen: list[tuple[str, str]] = []
        self.sent = 0

    def url(self, path: str) -> str:
        host = self.server_address[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.server_address[1]}{path}"


def serve(host: str, family=socket.AF_INET):
    server = Server(host, family)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="module")
def page_server():
    """A threaded HTTP server on 127.0.0.1 serving tests/data/pages and the failure cases."""
    server = serve("127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def public_server():
    """A second server, on 127.0.0.2: the one address ``public_test_host`` lets through as if public."""
    server = serve("127.0.0.2")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def public_test_host(monkeypatch, public_server):
    real = links.address_problem
    monkeypatch.setattr(links, "address_problem", lambda a: None if a == "127.0.0.2" else real(a))
    return public_server


def fetch(url: str, **kwargs) -> links.LinkedArticle:
    return links.fetch_article(url, allow_private_hosts=True, **kwargs)


def problem_of(url: str, **kwargs) -> str:
    """The one message for ``url``: a LinkProblem, one line, naming the address as typed (shortened)."""
    with pytest.raises(LinkProblem) as caught:
        links.fetch_article(url, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message and str(Path.cwd()) not in message
    assert message.startswith(links.shown_url(url) + ": ")
    return caught.value.problem


# --- pages read ---------------------------------------------------------------------------------------------------


def test_a_saved_reuters_page_gives_its_title_outlet_byline_date_and_text(page_server):
    url = page_server.url(f"/pages/{REUTERS}")
    article = fetch(url)
    assert article.title == "'Parasite' scores historic upset at SAG awards, boosting Oscar chances"
    assert (article.outlet, article.byline, article.published) == ("Reuters", "Jill Serjeant", dt.date(2020, 1, 20))
    assert article.url == url  # the address read, not the page's canonical reuters.com one
    assert article.text.startswith("LOS ANGELES (Reuters) - South Korean thriller “Parasite” was the upset winner")
    assert "Additional reporting by Steve Gorman" in article.text
    assert "Cookie" not in article.text and "<" not in article.text  # the page's chrome and markup stay out


def test_a_saved_dw_page_gives_its_outlet_and_date(page_server):
    article = fetch(page_server.url(f"/pages/{DW}"))
    assert article.title.startswith("Berlin confronts Germany's colonial past with new initiative")
    assert article.outlet == "DW.COM" and article.published == dt.date(2020, 1, 19)
    assert "five-year project to mark its part in European colonialism" in article.text


def test_a_page_about_the_handover_is_extracted_as_its_seed_text_is(page_server):
    """The constructed page wraps data/articles/004's text: read from the link, the article names the same places
    in the same sentences with the same dates as the seed file, and carries the page's title, outlet and date."""
    url = page_server.url(f"/pages/{MOSCOW_TIMES}")
    name, text = added.linked_text(fetch(url))
    article = parse_article(text, name)
    assert article.title == "Azerbaijan Extends Armenian Pullout Deadline From Disputed Area"
    assert (article.outlet, article.published, article.url) == ("The Moscow Times", dt.date(2020, 11, 15), url)
    assert article.byline == "Hervé Bar"  # trafilatura leaves "for AFP" out of the author
    gazetteer = place_gazetteer(load_places())
    (seed,) = [a for a in load_corpus() if a.file == "004_f0ae970b1b167635.txt"]

    def found(a):  # (place, sentence, date) of every mention outside the title (the seed's is a Markdown heading)
        return sorted((m.place_id, m.sentence, m.date) for m in find_mentions(a, gazetteer) if m.start >= len(a.title))

    from_link = found(article)
    assert from_link == found(seed)
    assert {p for p, _s, _d in from_link} >= {"kalbajar", "stepanakert", "charektar", "dadivank", "aghdam", "lachin"}
    assert any(p == "aghdam" and d == "2020-11-20" for p, _s, d in from_link)  # "by November 20", from 15 Nov


def test_a_redirect_to_an_allowed_address_is_followed(page_server):
    target = page_server.url(f"/pages/{REUTERS}")
    article = fetch(page_server.url("/redirect?" + urllib.parse.urlencode({"to": target, "status": 301})))
    assert article.url == target and article.outlet == "Reuters"


def test_the_checked_address_is_the_one_connected_to(public_test_host, monkeypatch):
    """The name is resolved once, here, and the connection goes to the address that was checked; the Host header
    keeps the name."""
    port = public_test_host.server_address[1]
    asked = []

    def getaddrinfo(host, port_, *args, **kwargs):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port_))]

    monkeypatch.setattr(links.socket, "getaddrinfo", getaddrinfo)
    article = links.fetch_article(f"http://news.test:{port}/pages/{REUTERS}")
    assert article.outlet == "Reuters" and asked == ["news.test"]
    assert public_test_host.seen[-1] == (f"/pages/{REUTERS}", f"news.test:{port}")


# --- failures, one message each -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "file: addresses are not read"),
        ("ftp://ftp.example.org/article.html", "ftp: addresses are not read"),
        ("javascript:alert(document.cookie)", "javascript: addresses are not read"),
        ("data:text/html,<h1>x</h1>", "not a web address"),
        ("www.reuters.com/article/x", "no http:// or https:// at its start"),
        ("http://", "no host name"),
        ("http://exa mple.com/", "a space or a control character"),
        ("http://example.com:99999/", "a bad host or port"),
        ("https://" + "a" * 2_000 + ".com/", "at most 2,000"),
        ("", "no address given"),
    ],
    ids=["file", "ftp", "javascript", "data", "no-scheme", "no-host", "space", "bad-port", "too-long", "empty"],
)
def test_what_is_not_an_http_address_is_refused_before_any_connection(url, words, monkeypatch):
    monkeypatch.setattr(links.socket, "getaddrinfo", lambda *a, **k: pytest.fail("resolved " + url))
    assert words in problem_of(url)


def test_a_name_server_that_does_not_answer_times_out(monkeypatch):
    monkeypatch.setattr(links.socket, "getaddrinfo", lambda *args, **kwargs: time.sleep(3))
    started = time.monotonic()
    problem = problem_of("https://news.example/article", timeout=0.5)
    assert problem == "no answer from the name server within 0.5 seconds (timeout)"
    assert time.monotonic() - started < 2


def test_no_such_host():
    assert problem_of("http://no-such-host.invalid/news") == "no such host: no-such-host.invalid"


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("[::1]", "::1 is a loopback address"),
        ("localhost", "a loopback address"),
        ("2130706433", "2130706433 (127.0.0.1) is a loopback address"),  # 127.0.0.1 written as one number
        ("0", "an unspecified address"),
        ("169.254.169.254", "169.254.169.254 is a link-local address"),  # the cloud metadata service
        ("10.0.0.1", "10.0.0.1 is a private address"),
    ],
)
def test_a_private_address_is_refused_without_connecting(host, words, page_server):
    before = len(page_server.seen)
    problem = problem_of(f"http://{host}:{page_server.server_address[1]}/pages/{REUTERS}")
    assert problem.startswith("refused: ") and words in problem
    assert len(page_server.seen) == before


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("http://127.0.0.1:{port}/pages/" + REUTERS, "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::1]:{port}/pages/" + REUTERS, "::1 is a loopback address"),
        ("http://localhost:{port}/pages/" + REUTERS, "a loopback address"),
        ("http://192.168.0.1/", "192.168.0.1 is a private address"),
        ("file:///etc/passwd", "file: addresses are not read"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(target, words, page_server, public_test_host):
    target = target.format(port=page_server.server_address[1])
    before = len(page_server.seen)
    url = public_test_host.url("/redirect?" + urllib.parse.urlencode({"to": target}))
    problem = problem_of(url)
    assert problem.startswith(f"redirected to {links.shown_url(target)}: ") and words in problem
    assert len(page_server.seen) == before  # the private server was never asked


def test_the_same_redirect_is_followed_with_private_hosts_allowed(page_server, public_server):
    """The counterpart of the refusals: the redirect itself works."""
    target = page_server.url(f"/pages/{REUTERS}")
    assert fetch(public_server.url("/redirect?" + urllib.parse.urlencode({"to": target}))).url == target


def test_too_many_redirects(page_server):
    assert problem_of(page_server.url("/loop"), allow_private_hosts=True) == "more than 5 redirects"


def test_a_server_that_does_not_answer_times_out(page_server):
    started = time.monotonic()
    problem = problem_of(page_server.url("/slow?seconds=3"), allow_private_hosts=True, timeout=0.5)
    assert problem == "no answer within 0.5 seconds (timeout)"
    assert time.monotonic() - started < 2


# A page whose body trickles in (100 bytes at 0.2 s each would take 20 s), and a server that trickles its headers
# (108 bytes, 22 s): both cut off at the total time.
@pytest.mark.parametrize("route", ["/dribble", "/dribble-headers"])
def test_a_server_that_trickles_is_cut_off_at_the_total_time(page_server, route):
    started = time.monotonic()
    with pytest.raises(LinkProblem) as caught:
        links.download(page_server.url(route), allow_private_hosts=True, timeout=1, total_seconds=1.5)
    assert caught.value.problem == "the page took too long to arrive (timeout)"
    assert time.monotonic() - started < 3.5


def test_a_closed_port_is_a_refused_connection():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    assert problem_of(f"http://127.0.0.1:{port}/", allow_private_hosts=True) == "the server refused the connection"


def test_an_http_error_status_is_named(page_server):
    assert problem_of(page_server.url("/gone"), allow_private_hosts=True) == "the server answered 404 Not Found"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/pdf", "not a web page: its content type is application/pdf, not HTML"),
        ("/no-type", "not a web page: no content type and no HTML"),
    ],
)
def test_what_is_not_html_is_refused(path, words, page_server):
    assert problem_of(page_server.url(path), allow_private_hosts=True) == words


def test_a_page_without_a_content_type_is_read_when_it_is_html(page_server):
    assert fetch(page_server.url(f"/no-type?page={REUTERS}")).outlet == "Reuters"


def test_a_page_over_the_size_limit_is_refused_on_its_declared_size(page_server):
    problem = problem_of(page_server.url("/declared-big"), allow_private_hosts=True)
    assert problem == f"the page is {links.MAX_DOWNLOAD_BYTES + 1:,} bytes; the limit is {links.MAX_DOWNLOAD_BYTES:,}"


def test_a_page_that_never_ends_is_cut_off_at_the_limit_not_read_whole(page_server):
    page_server.sent = 0
    started = time.monotonic()
    problem = problem_of(page_server.url("/endless"), allow_private_hosts=True)
    assert problem == f"the page is over {links.MAX_DOWNLOAD_BYTES:,} bytes, the limit (the download was stopped)"
    assert time.monotonic() - started < 5
    time.sleep(0.5)  # the server notices the closed connection
    assert page_server.sent < 10 * links.MAX_DOWNLOAD_BYTES < STREAM_LIMIT


def test_a_page_with_too_many_elements_is_refused_before_it_is_read(page_server):
    started = time.monotonic()
    problem = problem_of(page_server.url("/many-elements?count=70000"), allow_private_hosts=True)  # 2.6 MB
    # 70,000 paragraphs and the html, body and article elements
    assert problem == f"the page has 70,003 HTML elements; the limit is {links.MAX_ELEMENTS:,}"
    assert time.monotonic() - started < 3  # trafilatura took 25 s on it before the limit


def test_a_page_just_under_the_element_limit_is_read_in_about_a_second(page_server):
    started = time.monotonic()
    article = fetch(page_server.url(f"/many-elements?count={links.MAX_ELEMENTS - 10}"))
    assert article.text.count("Troops left Kalbajar on Sunday.") == links.MAX_ELEMENTS - 10
    assert time.monotonic() - started < 4  # 1.0 s measured on a shared core; the bound leaves room for a busy CI


def test_a_paywalled_page_has_too_little_text(page_server):
    problem = problem_of(page_server.url(f"/pages/{PAYWALL}"), allow_private_hosts=True)
    assert problem == "too little article text on the page (151 characters; at least 250)"


def test_an_article_over_the_text_limit_is_refused(page_server):
    problem = problem_of(page_server.url("/long-article"), allow_private_hosts=True)
    assert problem.startswith("the article's text is ") and f"the limit is {MAX_ARTICLE_BYTES:,}" in problem


def test_a_long_address_is_shortened_in_the_message():
    url = "ftp://example.com/" + "x" * 500
    with pytest.raises(LinkProblem) as caught:
        links.fetch_article(url)
    assert str(caught.value).startswith("ftp://example.com/" + "x" * 82 + "…: ")


# --- the address check ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("127.255.0.9", "a loopback"),
        ("::1", "a loopback"),
        ("0.0.0.0", "an unspecified"),
        ("::", "an unspecified"),
        ("169.254.169.254", "a link-local"),
        ("fe80::1%eth0", "a link-local"),
        ("10.1.2.3", "a private"),
        ("172.16.0.1", "a private"),
        ("192.168.1.1", "a private"),
        ("fc00::1", "a private"),
        ("224.0.0.1", "a multicast"),
        ("ff02::1", "a multicast"),
        ("240.0.0.1", "a reserved"),
        ("100.64.0.1", "a non-public"),  # the carriers' shared address space
        ("::ffff:127.0.0.1", "a loopback"),  # IPv4-mapped
        ("2002:a9fe:a9fe::", "a link-local"),  # 6to4 around 169.254.169.254
        ("64:ff9b::a9fe:a9fe", "a link-local"),  # NAT64 around 169.254.169.254
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
        ("151.101.1.69", None),
    ],
)
def test_address_problem(address, kind):
    assert links.address_problem(address) == kind


# --- the add path -------------------------------------------------------------------------------------------------


def test_prepare_link_adds_the_page_as_a_pasted_article(page_server):
    url = page_server.url(f"/pages/{REUTERS}")
    seeds = load_corpus()
    name, text, article = added.prepare_link(url, seeds, 0, fetch=fetch)
    assert name == "127.0.0.1-reuters.com.parasite.txt"
    assert (article.title, article.label(), article.byline, article.url) == (
        "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
        "Reuters, 20 Jan 2020",
        "Jill Serjeant",
        url,
    )
    assert text.endswith(f"Outlet: Reuters\nAuthor: Jill Serjeant\nDate: 2020-01-20\nOriginal url: {url}\n")
    assert added.load(added.dump([(name, text)]), "saved.json") == [(name, text)]  # saved and restored as is
    with pytest.raises(added.DataError, match="the same text as 127.0.0.1-reuters.com.parasite.txt"):
        added.prepare_link(url, [*seeds, article], 1, fetch=fetch)


def test_prepare_link_refuses_a_private_address_by_default(page_server):
    before = len(page_server.seen)
    with pytest.raises(LinkProblem, match="refused: 127.0.0.1 is a loopback address"):
        added.prepare_link(page_server.url(f"/pages/{REUTERS}"), load_corpus(), 0)
    assert len(page_server.seen) == before


def test_a_full_session_reads_no_link(page_server):
    before = len(page_server.seen)
    with pytest.raises(added.DataError, match="the most it keeps"):
        added.prepare_link(page_server.url(f"/pages/{REUTERS}"), [], added.MAX_ADDED_ARTICLES, fetch=fetch)
    assert len(page_server.seen) == before


# --- the saved pages' provenance ------------------------------------------------------------------------------------


def test_every_saved_page_is_recorded_with_its_sha256():
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.html)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.M)
    assert sorted(name for name, _digest in rows) == sorted(p.name for p in PAGES.glob("*.html"))
    for name, digest in rows:
        assert hashlib.sha256((PAGES / name).read_bytes()).hexdigest() == digest, name


def test_the_constructed_page_is_what_its_command_writes_from_the_seed():
    spec = importlib.util.spec_from_file_location("construct", PAGES / "construct.py")
    construct = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(construct)
    built = construct.page(construct.SEED.read_text(encoding="utf-8"))
    assert built == (PAGES / MOSCOW_TIMES).read_text(encoding="utf-8")
