"""Parsing: read a news text (title, dateline, byline, date, body) into an :class:`Article`, and the corpus folder.

Spans are offsets into ``Article.text``, which is the file's text normalised to Unicode NFC. Metadata lines
(a machine-translation banner, the byline, a date line, "Original url:", a line that is only an address, and
labelled lines such as "Outlet: ...", "Date: ...", "URL: ...", "Author: ...") are not part of the body and are
never searched for mentions (:mod:`geo.mentions`); neither is an address inside a sentence.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.dates import find_dates, parse_loose_date
from geo.sentences import merge_broken, split_sentences
from geo.tables import DataError, read_rows
from geo.timeline import day_text

ARTICLE_SUFFIXES = (".txt", ".md")
METADATA_COLUMNS = ("file", "outlet", "published", "byline", "url", "machine_translated", "metadata_source")
MAX_TITLE_LENGTH = 90
MAX_ARTICLE_BYTES = 200_000  # ~30,000 words; a news article is a few thousand bytes
TRANSLATION_BANNER = re.compile(r"powered by automated translation|machine[- ]translated", re.I)
BYLINE_LINE = re.compile(r"^(?:by|from)\s+(?P<who>.+)$", re.I)
# Every pattern below reads user text (an upload of up to MAX_ARTICLE_BYTES), and Python's re backtracks: no
# two quantifiers may compete for the same characters, or a hostile line costs quadratic time. Runs that need
# no give-back are possessive (``*+``, ``++``: Python 3.11).
# A Markdown link "[text](address)", the address possibly holding one level of brackets ("..._(town)"). Neither
# part may contain its own delimiters, so every "[" and every "](" starts a scan that ends at the next one.
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*+)\]\((?:[^()\n]|\([^()\n]*+\))*+\)")
DATE_PREFIX = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+", re.I)
# "KALBAJAR (Azerbaijan) •", "STEPANAKERT - ": upper-case words (whole words: "STEPANAKERT - Residents" is
# not "STEPANAKERT - R") joined by spaces or hyphens, an optional short bracket, then a separator. Words and gaps
# are possessive and share no character, so a line of capitals and spaces that never reaches a separator is read
# once (the old "[A-Z'\- ]{2,}" then "\s*" was quadratic).
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z']++(?!\w)(?:[ \-]{1,3}+[A-Z']++(?!\w))*+(?: {0,3}+\([^()\n]{1,40}\))?)"
    r"[ \t]*+(?:•|—|–|-{1,2})\s++"
)
URL_LINE = re.compile(r"^(?:original\s+url:?\s*)?<?(?P<url>https?://\S+?)>?$", re.I)
# A labelled metadata line, "Outlet: Reuters", "**Date:** 20 Nov 2020", "Original URL: https://...": a short label of
# letters and spaces (Markdown emphasis around it allowed), a colon, the value. Runs are possessive and bounded.
LABELLED_LINE = re.compile(r"^[*_]*+(?P<label>[A-Za-z][A-Za-z ]{0,23}+)[*_]*+:[*_ \t]*+(?P<value>.*)$")
URL_LABELS = frozenset({"url", "original url", "source url", "link", "original link", "web address"})
DATE_LABELS = frozenset({"date", "published", "published on", "publication date", "dated"})
# "Source:" names an address only: "Source: AFP" under a photo or a figure credits that item, not the article.
OUTLET_LABELS = frozenset({"outlet", "publication", "publisher", "newspaper", "site"})
BYLINE_LABELS = frozenset({"byline", "by", "author", "authors", "writer", "reporter"})
# The value of a URL label: an address alone, possibly in angle brackets, or the target of a Markdown link.
URL_VALUE = re.compile(r"<?(?P<url>https?://\S+?)>?")
MARKDOWN_URL = re.compile(r"\]\((?P<url>https?://[^\s()]++)\)")
MAX_DATE_VALUE_LENGTH = 60  # "Published: 20 Nov 2020 10:32 GMT"
MAX_OUTLET_LENGTH = 80  # "Source: a senior official said ..." is a sentence, not an outlet
MAX_BYLINE_LENGTH = 120
# An address inside a line: its place names ("/kalbajar-aghdam-handover") are not mentions. No backtracking: one
# prefix, then a possessive run of non-space characters.
ADDRESS = re.compile(r"(?:https?://|www\.)\S++", re.I)
ADDRESS_START = re.compile(r"https?://|www\.")  # in folded (lower-case) text: see address_spans
NON_SPACE_RUN = re.compile(r"\S++")
RELATED_LINK = re.compile(r"^related (?:article|articles|stories|story|reading)\b", re.I)  # site chrome, not text
ORIGINAL_URL_LABEL = re.compile(r"^original\s+url:?\s*$", re.I)
WIRE_SIGNOFF = re.compile(r"^[A-Z][A-Z .'\-]{5,}$")  # "AGENCE FRANCE-PRESSE" closing an article
LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Article:
    """A parsed article. ``published`` is the article's own date, used to resolve relative dates."""

    file: str
    text: str
    title: str
    outlet: str = ""
    byline: str = ""
    published: dt.date | None = None
    url: str = ""
    dateline: str = ""
    machine_translated: bool = False
    translation_banner: bool = False  # the text carries a "powered by automated translation" banner
    body: tuple[tuple[int, int], ...] = ()  # spans of body paragraphs (title included), metadata excluded
    sentences: tuple[tuple[int, int], ...] = ()
    metadata_source: str = "text"

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding character ``offset``."""
        # Sentences are in text order except the title, which comes first: search the rest by bisection.
        title_start, title_end = self.sentences[0]
        if title_start <= offset < title_end:
            return self.sentences[0]
        index = bisect.bisect_right(self.sentences, (offset, float("inf")), lo=1) - 1
        if index >= 1:
            start, end = self.sentences[index]
            if start <= offset < end:
                return start, end
        raise ValueError(f"{self.file}: offset {offset} is outside every sentence")

    def label(self) -> str:
        """Outlet and date as a short citation for the screen, e.g. "The Moscow Times, 15 Nov 2020"."""
        date = day_text(self.published) if self.published else "date unknown"
        return f"{self.outlet or 'outlet not given'}, {date}"


def article_names(articles: Iterable[Article]) -> dict[str, str]:
    """A name for each article on screen, by file: its :meth:`Article.label`, with the file name added where the
    label alone does not tell it apart (no outlet given, or another article with the same outlet and date)."""
    articles = list(articles)
    counts = collections.Counter(a.label() for a in articles)
    return {a.file: a.label() if a.outlet and counts[a.label()] == 1 else f"{a.label()} ({a.file})" for a in articles}


ISO_DAY_IN_TEXT = re.compile(r"(?<![\w/.-])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![\w/-])")


def address_spans(text: str, folded: str) -> list[tuple[int, int]]:
    """The spans of ``ADDRESS`` in ``text``, found from their starts in ``folded`` (``fold(text)``, lower case):
    three times faster than the case-blind pattern, which the engine tries at every character."""
    spans: list[tuple[int, int]] = []
    for m in ADDRESS_START.finditer(folded):
        if not spans or m.start() >= spans[-1][1]:  # "www." inside "https://www.": the same address
            spans.append((m.start(), NON_SPACE_RUN.match(text, m.start()).end()))
    return spans


def readable_dates(text: str) -> str:
    """``text`` with every ISO day written as the app writes days on screen ("2020-11-16" becomes "16 Nov 2020");
    days inside an address are left alone. For notes read from files, shown to the reader."""
    pieces, cursor = [], 0
    for address in ADDRESS.finditer(text):
        pieces.append(_readable_days(text[cursor : address.start()]) + address.group(0))
        cursor = address.end()
    return "".join(pieces) + _readable_days(text[cursor:])


def _readable_days(text: str) -> str:
    def day(m: re.Match) -> str:
        try:
            return day_text(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:  # not a real day ("2020-02-30"): leave it as written
            return m.group(0)

    return ISO_DAY_IN_TEXT.sub(day, text)


def decode_article(raw: bytes, name: str) -> str:
    """Decode an uploaded or stored article, refusing what is not article text.

    Raises
    ------
    DataError
        For an empty file, a binary file (NUL bytes), text that is not UTF-8, or a file over
        ``MAX_ARTICLE_BYTES``.
    """
    # Binariness first, over the whole file (a NUL byte may come late): a large binary file is reported as binary,
    # not as too large. ``in`` on bytes is a C scan; the upload is in memory anyway.
    if b"\x00" in raw:
        raise DataError(name, "binary file (contains NUL bytes); an article must be UTF-8 text (.txt or .md)")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise DataError(name, f"file is {len(raw):,} bytes; the limit for an article is {MAX_ARTICLE_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(name, f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise DataError(name, "empty article: no text")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines, each line a paragraph, without surrounding whitespace or Markdown marks."""
    spans = []
    for m in LINE.finditer(text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip("#*>_ \t"))
        trail = len(line.rstrip("*_ \t"))
        if trail > lead:
            spans.append((m.start() + lead, m.start() + trail))
    return spans


def _strip_markup(line: str) -> str:
    if "](" in line:  # a Markdown link; most lines have none, and the substitution is the costly part
        line = MARKDOWN_LINK.sub(r"\1", line)
    return line.strip().strip("#* ").strip()


def _labelled_metadata(line: str, plain: str) -> tuple[str, object] | None:
    """``(key, value)`` for a labelled metadata line ("Outlet: Reuters", "Date: 20 Nov 2020", "URL: https://...",
    "Author: Jane Doe"), else None. A label whose value does not fit it ("Date: Sunday", "Link: see below", an
    outlet as long as a sentence) is not metadata: the line stays article text."""
    found = LABELLED_LINE.match(plain)
    if not found:
        return None
    label = " ".join(found["label"].lower().split())
    value = found["value"].strip().strip("*_").strip()
    address = URL_VALUE.fullmatch(value) or MARKDOWN_URL.search(line)
    if label in URL_LABELS or label == "source":
        return ("url", address["url"]) if address else None
    if label in OUTLET_LABELS:
        return ("outlet", value) if value and not address and len(value) <= MAX_OUTLET_LENGTH else None
    if label in BYLINE_LABELS:
        return ("byline", value) if value and len(value) <= MAX_BYLINE_LENGTH else None
    if label in DATE_LABELS and len(value) <= MAX_DATE_VALUE_LENGTH:
        days = find_dates(value, None)  # absolute dates only: there is no publication date to resolve against
        if days and days[0].first == days[0].last:
            return "published", days[0].first
    return None


def parse_article(text: str, file: str, metadata: Mapping[str, str] | None = None) -> Article:
    """Parse an article's text.

    The title is the first body line. Metadata is read from the text where it gives it: a "By ..." line or a
    closing wire sign-off for the byline, a line holding only a date or a leading ``date YYYY-MM-DD``, a
    dateline ("KALBAJAR (Azerbaijan) •"), an "Original url:" line and a machine-translation banner.
    ``metadata`` (a row of ``articles/metadata.csv``) fills what the text does not give; the text wins.
    """
    text = unicodedata.normalize("NFC", text)
    info: dict[str, object] = {"outlet": "", "byline": "", "published": None, "url": "", "dateline": ""}
    banner = False
    body: list[tuple[int, int]] = []
    expect_url = False
    # Most lines are prose: each test below runs only where its pattern can match (a colon for a label, "://" for
    # an address...), checked in C first; the outcome is the patterns' own.
    may_banner = "translat" in text.casefold() and TRANSLATION_BANNER.search(text) is not None
    for start, end in _paragraphs(text):
        line = text[start:end]
        plain = _strip_markup(line)
        if may_banner and TRANSLATION_BANNER.search(line):
            banner = True
            continue
        if plain[:7].lower() == "related" and RELATED_LINK.match(plain):
            continue
        if plain[:8].lower() == "original" and ORIGINAL_URL_LABEL.match(plain):
            expect_url = True
            continue
        labelled = _labelled_metadata(line, plain) if ":" in plain else None
        if labelled:
            key, value = labelled
            info[key] = value
            expect_url = False
            continue
        url = URL_LINE.match(line.strip()) if "://" in line else None
        if url:
            # A line that is only an address is never article text; it is the article's own address after an
            # "Original url:" label, at the top, or in angle brackets (a footer "<https://...>").
            if expect_url or not body or line.strip().startswith("<"):
                info["url"] = url["url"]
            expect_url = False
            continue
        expect_url = False
        byline = BYLINE_LINE.match(plain) if body and len(plain) < 120 else None
        if byline:
            info["byline"] = byline["who"].strip()
            continue
        loose = parse_loose_date(plain) if body else None
        if loose:
            info["published"] = loose
            continue
        prefix = DATE_PREFIX.match(line) if line.lstrip()[:4].lower() == "date" else None
        if prefix:
            info["published"] = dt.date.fromisoformat(prefix["date"])
            start += prefix.end()
            line = text[start:end]
        dateline = DATELINE.match(line) if not body or prefix else None
        if dateline:
            info["dateline"] = dateline["place"].strip()
            body.append((start, start + len(dateline["place"])))  # the dateline names a place: searchable
            start += dateline.end()
        if body and not info["byline"] and WIRE_SIGNOFF.match(plain):
            info["byline"] = plain.title() if plain.isupper() else plain
            continue
        body.append((start, end))
    if not body:
        raise DataError(file, "no article text: only metadata lines")
    # A text that opens with its dateline has no headline of its own: its title is its first sentence.
    title_start, title_end = body[0]
    headline = not info["dateline"]
    source = "text"
    translated = banner
    if metadata:
        filled = []
        for key in ("outlet", "byline", "url"):
            if not info[key] and metadata.get(key):
                info[key] = metadata[key]
                filled.append(key)
        if info["published"] is None and metadata.get("published"):
            info["published"] = dt.date.fromisoformat(metadata["published"])
            filled.append("published")
        # A sourced judgement in metadata.csv (e.g. "the banner is site chrome; the body is agency English")
        # decides; without one, the banner does.
        if metadata.get("machine_translated") in ("yes", "no"):
            translated = metadata["machine_translated"] == "yes"
        if filled:
            note = metadata.get("metadata_source") or "no note"
            source = f"text; {', '.join(filled)} from articles/metadata.csv ({note})"
    if not info["outlet"] and info["url"]:
        # The address is the text's own word on where it was published: name the site by its domain.
        info["outlet"] = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*$", r"\1", str(info["url"])))
    sentences = [(title_start, title_end), *split_sentences(text, merge_broken(text, body[1:]))]
    first = sentences[0] if headline or len(sentences) == 1 else sentences[1]
    title = _strip_markup(text[first[0] : first[1]])
    if not headline and len(title) > MAX_TITLE_LENGTH:  # a first sentence standing in for a headline
        title = title[:MAX_TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return Article(
        file=file,
        text=text,
        title=title,
        outlet=str(info["outlet"]),
        byline=str(info["byline"]),
        published=info["published"],
        url=str(info["url"]),
        dateline=str(info["dateline"]),
        machine_translated=translated,
        translation_banner=banner,
        body=tuple(body),
        sentences=tuple(sentences),
        metadata_source=source,
    )


def load_metadata(path: Path = paths.ARTICLE_METADATA_CSV) -> dict[str, dict[str, str]]:
    """Rows of ``articles/metadata.csv`` by file name (empty when the file does not exist)."""
    if not path.exists():
        return {}
    rows = {}
    for row_no, row in read_rows(path, METADATA_COLUMNS):
        if row["published"]:
            try:
                dt.date.fromisoformat(row["published"])
            except ValueError:
                raise DataError(path, f"published {row['published']!r} is not a date", row=row_no) from None
        if row["machine_translated"] not in ("", "yes", "no"):
            raise DataError(path, "machine_translated must be yes or no", row=row_no)
        if any(row[k] for k in ("outlet", "published", "byline", "url")) and not row["metadata_source"]:
            raise DataError(path, f"{row['file']}: metadata without a source (metadata_source)", row=row_no)
        rows[row["file"]] = row
    return rows


def load_corpus(folder: Path = paths.ARTICLES) -> list[Article]:
    """Every ``.txt``/``.md`` article in ``folder``, sorted by file name, with ``metadata.csv`` applied."""
    metadata = load_metadata(folder / "metadata.csv")
    articles = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.startswith("."):
            continue
        text = decode_article(path.read_bytes(), str(path))
        articles.append(parse_article(text, path.name, metadata.get(path.name)))
    unknown = sorted(set(metadata) - {a.file for a in articles})
    if unknown:
        raise DataError(folder / "metadata.csv", f"rows for files that are not in the folder: {', '.join(unknown)}")
    return articles


SEED_PREFIX = "seed:"


def source_href(source_url: str, articles: Iterable[Article]) -> str:
    """A clickable address for a timeline source: a ``seed:<file>`` citation becomes that article's URL.

    Returns "" when the cited article has no URL (the citation then stays as text).
    """
    if not source_url.startswith(SEED_PREFIX):
        return source_url
    file = source_url.removeprefix(SEED_PREFIX)
    return next((a.url for a in articles if a.file == file), "")
