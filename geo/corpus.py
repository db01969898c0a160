"""Articles: parse a news text (title, dateline, byline, date, body), split sentences, find every place mention
with its character span, and pick excerpts per place.

Spans are offsets into ``Article.text``, which is the file's text normalised to Unicode NFC. Metadata lines
(a machine-translation banner, the byline, a date line, "Original url:", a line that is only an address, and
labelled lines such as "Outlet: ...", "Date: ...", "URL: ...", "Author: ...") are not part of the body and are
never searched for mentions; neither is an address inside a sentence.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo import paths
from geo.dates import find_dates, parse_loose_date
from geo.names import Gazetteer, fold
from geo.tables import DataError, read_rows
from geo.timeline import day_text

ARTICLE_SUFFIXES = (".txt", ".md")
METADATA_COLUMNS = ("file", "outlet", "published", "byline", "url", "machine_translated", "metadata_source")
MIN_EXCERPT_WORDS = 5
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
RELATED_LINK = re.compile(r"^related (?:article|articles|stories|story|reading)\b", re.I)  # site chrome, not text
ORIGINAL_URL_LABEL = re.compile(r"^original\s+url:?\s*$", re.I)
WIRE_SIGNOFF = re.compile(r"^[A-Z][A-Z .'\-]{5,}$")  # "AGENCE FRANCE-PRESSE" closing an article
# Sentence ends: terminal punctuation, optional closing quotes/brackets, whitespace, then a capital, a digit
# or an opening quote.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
LINE = re.compile(r"[^\n]+")
WORD_BEFORE_STOP = re.compile(r"([\w.]+)[.!?]$")
ABBREVIATION_LOOKBACK = 12  # characters before a stop searched for its word: longer than any abbreviation
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "lt",
    "col",
    "sgt",
    "maj",
    "capt",
    "jr",
    "sr",
    "prof",
    "rev",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "no",
    "vs",
    "etc",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "gov",
    "sen",
    "rep",
}


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


@dataclass(frozen=True)
class Mention:
    """One occurrence of a place name in an article.

    ``start``/``end`` index ``Article.text``; ``sentence`` is the sentence with whitespace collapsed;
    ``date`` is the sentence's first date expression after the mention, else its last one before it (ISO, or
    an ISO interval for a range), if the sentence carries one; ``dates`` are all of them. A date is the
    sentence's, not a claim that it belongs to this place.
    """

    file: str
    place_id: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    date: str | None = None
    dates: tuple[str, ...] = field(default=())

    def as_record(self) -> dict:
        """The JSON record printed by ``python -m geo extract``."""
        record = {
            "file": self.file,
            "place_id": self.place_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }
        if self.date:
            record["date"] = self.date
        return record


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


def _quote_counts(text: str) -> tuple[int, int, int]:
    """Straight, opening curly and closing curly double quotes in ``text``."""
    return text.count('"'), text.count("“"), text.count("”")


def _open_quote(counts: tuple[int, int, int]) -> bool:
    """True when text with these quote counts opens a quotation it does not close."""
    straight, opening, closing = counts
    return straight % 2 == 1 or opening > closing


def split_sentences(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split each body span into sentence spans.

    Abbreviations ("Mr.", "U.S.", "Nov.") do not end a sentence, and neither does a stop inside a quotation: a
    quote stays one sentence with its attribution ('"... was illegal. The people ... rights," Mr Hajiyev told'),
    so an excerpt never shows a quoted claim without who said it. A quotation left open runs to the paragraph end.
    """
    sentences = []
    for start, end in spans:
        chunk = text[start:end]
        cursor = 0
        first_of_chunk = len(sentences)
        for m in SENTENCE_END.finditer(chunk):
            # The word before the stop; only a short one can be an abbreviation, so a short look-back suffices.
            before = WORD_BEFORE_STOP.search(chunk, max(cursor, m.start() - ABBREVIATION_LOOKBACK), m.start() + 1)
            word = before.group(1).lower() if before else ""
            if m.group(0)[0] == "." and (word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
                continue
            sentences.append((start + cursor, start + m.start() + len(m.group(0).rstrip())))
            cursor = m.end()
        if cursor < len(chunk):
            sentences.append((start + cursor, end))
        # Quotes are counted once per sentence and summed over a merged run (recounting the merged text at each
        # step was quadratic in a paragraph with a quotation left open). Between two sentences is only whitespace.
        merged: list[tuple[int, int]] = []
        counts = (0, 0, 0)
        for span in sentences[first_of_chunk:]:
            own = _quote_counts(text[span[0] : span[1]])
            if merged and _open_quote(counts):
                merged[-1] = (merged[-1][0], span[1])
                counts = (counts[0] + own[0], counts[1] + own[1], counts[2] + own[2])
            else:
                merged.append(span)
                counts = own
        sentences[first_of_chunk:] = merged
    return sentences


def _merge_broken(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a paragraph cut mid-sentence (no terminal punctuation, next line starts in lower case)."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            # The last and the first character only: slicing the merged run each time was quadratic.
            last, first = text[max(prev_end - 1, prev_start) : prev_end], text[span[0] : span[0] + 1]
            if last not in '.!?"”:' and first.islower():
                merged[-1] = (prev_start, span[1])
                continue
        merged.append(span)
    return merged


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
    for start, end in _paragraphs(text):
        line = text[start:end]
        plain = _strip_markup(line)
        if TRANSLATION_BANNER.search(line):
            banner = True
            continue
        if RELATED_LINK.match(plain):
            continue
        if ORIGINAL_URL_LABEL.match(plain):
            expect_url = True
            continue
        labelled = _labelled_metadata(line, plain)
        if labelled:
            key, value = labelled
            info[key] = value
            expect_url = False
            continue
        url = URL_LINE.match(line.strip())
        if url:
            # A line that is only an address is never article text; it is the article's own address after an
            # "Original url:" label, at the top, or in angle brackets (a footer "<https://...>").
            if expect_url or not body or line.strip().startswith("<"):
                info["url"] = url["url"]
            expect_url = False
            continue
        expect_url = False
        byline = BYLINE_LINE.match(plain)
        if byline and body and len(plain) < 120:
            info["byline"] = byline["who"].strip()
            continue
        loose = parse_loose_date(plain)
        if loose and body:
            info["published"] = loose
            continue
        prefix = DATE_PREFIX.match(line)
        if prefix:
            info["published"] = dt.date.fromisoformat(prefix["date"])
            start += prefix.end()
            line = text[start:end]
        dateline = DATELINE.match(line)
        if dateline and not body or (dateline and prefix):
            info["dateline"] = dateline["place"].strip()
            body.append((start, start + len(dateline["place"])))  # the dateline names a place: searchable
            start += dateline.end()
        if WIRE_SIGNOFF.match(plain) and body and not info["byline"]:
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
    sentences = [(title_start, title_end), *split_sentences(text, _merge_broken(text, body[1:]))]
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


def find_mentions(article: Article, gazetteer: Gazetteer) -> list[Mention]:
    """Every mention of a gazetteer entry in the article's body, in text order (see :meth:`Gazetteer.scan`)."""
    folded = fold(article.text)
    mentions = []
    # Per sentence, worked out once however many names it holds: collapsed text, its dates (ISO) and their starts.
    sentence_info: dict[tuple[int, int], tuple[str, tuple[str, ...], list[int]]] = {}
    body_starts = [start for start, _end in article.body]
    # Addresses inside sentences ("see https://example.com/kalbajar-handover"), found once: a name in one is not
    # a mention.
    addresses = [m.span() for m in ADDRESS.finditer(article.text)]
    address_starts = [start for start, _end in addresses]
    for m_start, m_end, entry_id in gazetteer.scan(folded):
        # Only the body counts (not a banner, a byline or an address line).
        index = bisect.bisect_right(body_starts, m_start) - 1
        if index < 0 or m_end > article.body[index][1]:
            continue
        inside = bisect.bisect_right(address_starts, m_start) - 1
        if inside >= 0 and m_start < addresses[inside][1]:
            continue
        s_start, s_end = article.sentence_at(m_start)
        if (s_start, s_end) not in sentence_info:
            raw = article.text[s_start:s_end]
            spans = find_dates(raw, article.published)
            sentence_info[(s_start, s_end)] = (
                " ".join(raw.split()),
                tuple(d.iso() for d in spans),
                [d.start for d in spans],
            )
        sentence, dates, starts = sentence_info[(s_start, s_end)]
        # News writes "X by <date>": take the first date after the name, else the last one before it. Dates are
        # in text order: bisect, not a scan per mention (a sentence may hold thousands of both).
        after = bisect.bisect_left(starts, m_end - s_start)
        nearest = dates[after] if after < len(dates) else (dates[-1] if dates else None)
        mentions.append(
            Mention(
                file=article.file,
                place_id=entry_id,
                text=article.text[m_start:m_end],
                start=m_start,
                end=m_end,
                sentence=sentence,
                sentence_start=s_start,
                sentence_end=s_end,
                date=nearest,
                dates=dates,
            )
        )
    return mentions


@dataclass(frozen=True)
class Excerpt:
    """A sentence that mentions a place, with the spans of the place's names inside it and its source."""

    place_id: str
    sentence: str
    highlights: tuple[tuple[int, int], ...]  # spans within ``sentence``
    file: str
    outlet: str
    published: dt.date | None
    url: str
    title: str


def excerpts_by_place(articles: Iterable[Article], mentions: Mapping[str, list[Mention]]) -> dict[str, list[Excerpt]]:
    """Every sentence that mentions a place, for every place mentioned, newest article first.

    One pass over the mentions (the map needs every place's excerpts; a pass per place re-read every mention
    for each of them). Places no article mentions are absent from the result.

    The map's popups quote a few per article and count the rest (:func:`geo.mapping.popup_parts`).

    Sentences of fewer than ``MIN_EXCERPT_WORDS`` words (datelines, headings) are not excerpts.

    ``mentions`` maps an article's file name to its mentions (from :func:`find_mentions`). Highlight spans index
    the excerpt's raw sentence text (``Article.text[sentence_start:sentence_end]``).
    """
    found: dict[str, list[Excerpt]] = {}
    for article in articles:
        # Per sentence, once: long enough to quote? Its text (one string shared by every place's excerpt).
        sentence_text: dict[tuple[int, int], str | None] = {}
        by_sentence: dict[tuple[str, int, int], list[Mention]] = {}  # (place, sentence span) -> its mentions
        for mention in mentions.get(article.file, []):
            span = (mention.sentence_start, mention.sentence_end)
            if span not in sentence_text:
                # A dateline or a heading ("KALBAJAR (Azerbaijan)") names the place but says nothing about it.
                # maxsplit: counting to MIN_EXCERPT_WORDS is enough.
                words = len(mention.sentence.split(maxsplit=MIN_EXCERPT_WORDS))
                sentence_text[span] = article.text[span[0] : span[1]] if words >= MIN_EXCERPT_WORDS else None
            if sentence_text[span] is not None:
                by_sentence.setdefault((mention.place_id, *span), []).append(mention)
        for (place_id, s_start, s_end), hits in by_sentence.items():
            found.setdefault(place_id, []).append(
                Excerpt(
                    place_id=place_id,
                    sentence=sentence_text[(s_start, s_end)],
                    highlights=tuple((h.start - s_start, h.end - s_start) for h in hits),
                    file=article.file,
                    outlet=article.outlet,
                    published=article.published,
                    url=article.url,
                    title=article.title,
                )
            )
    # Newest first; undated articles last; ties by file name so the order is stable (sorted() keeps text order).
    return {
        place_id: sorted(
            found[place_id], key=lambda e: (e.published is None, -(e.published or dt.date.min).toordinal(), e.file)
        )
        for place_id in found
    }


def excerpts_for(place_id: str, articles: Iterable[Article], mentions: Mapping[str, list[Mention]]) -> list[Excerpt]:
    """The excerpts of one place (see :func:`excerpts_by_place`, which gives every place's in one pass)."""
    return excerpts_by_place(
        articles, {file: [m for m in ms if m.place_id == place_id] for file, ms in mentions.items()}
    ).get(place_id, [])


SEED_PREFIX = "seed:"


def source_href(source_url: str, articles: Iterable[Article]) -> str:
    """A clickable address for a timeline source: a ``seed:<file>`` citation becomes that article's URL.

    Returns "" when the cited article has no URL (the citation then stays as text).
    """
    if not source_url.startswith(SEED_PREFIX):
        return source_url
    file = source_url.removeprefix(SEED_PREFIX)
    return next((a.url for a in articles if a.file == file), "")
