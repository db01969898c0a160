"""HTML built from article text and table values. Every piece of text is escaped here, nowhere else.

Functions return strings of HTML that are safe to put in a page, a Leaflet tooltip or popup, or a JSON value
embedded in a ``<script>`` element (see :func:`script_json`).
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Iterable

SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")


def esc(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def esc_text(text: str) -> str:
    """Escape text for an element's content (not an attribute): ``&``, ``<`` and ``>``; quotes stay readable."""
    return html.escape(text, quote=False)


def highlight(text: str, spans: Iterable[tuple[int, int]], tag: str = "mark") -> str:
    """Escape ``text`` and wrap each ``(start, end)`` span in ``<tag>``; overlapping spans are merged.

    Whitespace runs are collapsed to one space, after the spans are applied.
    """
    pieces, cursor = [], 0
    for start, end in sorted(_merge(spans)):
        if start < cursor:
            continue
        pieces.append(esc_text(text[cursor:start]))
        pieces.append(f"<{tag}>{esc_text(text[start:end])}</{tag}>")
        cursor = end
    pieces.append(esc_text(text[cursor:]))
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def link(url: str, label: str) -> str:
    """An escaped link that opens in a new tab, or the escaped label alone when the URL is not http(s)."""
    if url and SAFE_URL.match(url):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'
    return esc(label)


# Sequences that Jinja (which folium and branca use to render a map page) would read as template syntax.
# Structural JSON never produces them ("{" is always followed by '"' or "}"), so they only occur inside strings,
# where "\u007b" is the same character.
JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(value: object) -> str:
    """JSON safe to embed in a ``<script>`` element, an ``eval`` and a Jinja template.

    ``</`` and U+2028/9 are escaped so nothing ends the script; ``{{``, ``{%`` and ``{#`` so that a wiki
    template like ``{{coord|...}}`` in a source citation is text, not template code.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return JINJA_OPENER.sub(r"\\u007b", text)


def article_html(text: str, paragraphs: Iterable[tuple[int, int]], marks: Iterable[tuple[int, int, str]]) -> str:
    """An article's paragraphs as escaped HTML, each mention wrapped in ``<mark title="place">``.

    Parameters
    ----------
    text : str
        ``Article.text``.
    paragraphs : iterable of (start, end)
        ``Article.body`` spans.
    marks : iterable of (start, end, title)
        Mention spans in ``text`` and the name shown on hover.
    """
    marks = sorted(marks)
    starts = [m[0] for m in marks]
    out = []
    for start, end in paragraphs:
        pieces, cursor = [], start
        # Only the marks that start inside the paragraph, found by bisection: a walk over every mark for every
        # paragraph was quadratic (13,000 one-line paragraphs, each naming a place).
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_right(starts, end)
        for m_start, m_end, title in marks[first:last]:
            if m_start < cursor or m_end > end:
                continue
            pieces.append(esc_text(text[cursor:m_start]))
            pieces.append(f'<mark title="{esc(title)}">{esc_text(text[m_start:m_end])}</mark>')
            cursor = m_end
        pieces.append(esc_text(text[cursor:end]))
        out.append(f"<p>{''.join(pieces)}</p>")
    return "\n".join(out)


def short_source(title: str, limit: int = 40) -> str:
    """A source's title as a short link text: the outlet and date it ends with in brackets ("Azerbaijani army
    enters Agdam (RFE/RL, 20 Nov 2020)" -> "RFE/RL, 20 Nov 2020"), else the title cut to ``limit`` characters."""
    title = " ".join(title.split())
    start = title.rfind("(")
    if title.endswith(")") and start > 0 and len(title) - start - 2 <= limit:
        return title[start + 1 : -1]
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def table_html(rows: Iterable[dict], columns: Iterable[str], links: dict[str, str] | None = None) -> str:
    """A plain, escaped HTML table. ``links`` maps a column to the row key holding its URL (made a link)."""
    columns, links = list(columns), links or {}
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = [
            f"<td>{link(str(row.get(links[c]) or ''), str(row.get(c, '')))}</td>"
            if c in links
            else f"<td>{esc_text(str(row.get(c, '')))}</td>"
            for c in columns
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="kb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


# Every ASCII punctuation character can be backslash-escaped in CommonMark, and an escaped one is always literal:
# that stops links, images, emphasis, code, headings, tables, Streamlit's ":red[...]" and ":material/...:" directives
# and "$...$" maths. Line breaks become spaces so that no line can start a block (a list, a heading, a quote). One pass
# of str.translate, so an escape is never escaped again.
MARKDOWN_SPECIALS = "\\!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~"
_MARKDOWN_ESCAPES = str.maketrans({char: "\\" + char for char in MARKDOWN_SPECIALS} | {"\n": " ", "\r": " "})
# Escapes do not stop GFM's autolink literals in Streamlit's frontend (remark-gfm, seen in Chromium with 1.67):
# "https\:\/\/evil\.example", "www\.evil\.example" and "a\@evil\.example" still become links. A WORD JOINER
# (U+2060, invisible, no width) after "scheme:" before "/", after "www" before "." and after "@" leaves no literal
# for them to find. markdown-it-py's linkify, which the unit tests use, honours the escapes; the browser test
# tests/e2e/test_browser.py::test_a_hostile_date_parameter_is_quoted_as_plain_text checks the real frontend.
WORD_JOINER = "\u2060"
_AUTOLINK_TRIGGERS = re.compile(r":(?=/)|(?<=[wW]{3})\.|@")


def md_text(text: object) -> str:
    """``text`` escaped for a Markdown-rendering call (``st.markdown``, ``st.error``, ``st.caption`` ...): it shows
    as the same characters (with an invisible word joiner inside anything a GFM autolink would take), never as a
    link, an image, formatting or an icon. For any text that comes from a user, a file or a URL."""
    joined = _AUTOLINK_TRIGGERS.sub(_join_trigger, str(text))
    return joined.translate(_MARKDOWN_ESCAPES)


def _join_trigger(found: re.Match) -> str:
    char = found.group()
    return WORD_JOINER + char if char == "." else char + WORD_JOINER
