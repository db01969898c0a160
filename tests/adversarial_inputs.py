"""Hostile articles for the user-text pipeline, shared by ``tests/test_adversarial_text.py`` and
``bench/worst_input.py``.

Each case builds the raw bytes of an upload of at most ``size`` bytes (the app's limit is
``geo.corpus.MAX_ARTICLE_BYTES``) and says what the pipeline must make of it: the place mentions it must find
(exact counts per place id), or the refusal ``decode_article`` must give. :func:`pipeline` is what the app
does with an upload. The comment on each case says which
piece of code it was built against and why that input is hard for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from geo import paths
from geo.compare import differences
from geo.corpus import Article, decode_article, excerpts_by_place, find_mentions, load_corpus, parse_article
from geo.markup import article_html
from geo.names import Gazetteer, people_gazetteer, place_gazetteer
from geo.places import load_people, load_places
from geo.tables import DataError

TITLE = b"Residents leave Kalbajar\n\n"  # a headline: one kalbajar mention in every case that uses it
SENTENCE = b"Residents of Kalbajar left on Sunday before the deadline.\n"


@dataclass(frozen=True)
class Case:
    """One adversarial upload.

    ``make(size)`` returns ``(raw bytes of at most size, expected mention counts by place id)``; the counts are
    ``None`` when the case is refused (``error`` is then a word of the refusal) or not worth counting.
    """

    name: str
    why: str
    make: Callable[[int], tuple[bytes, dict[str, int] | None]]
    error: str = ""


def _repeat(unit: bytes, room: int) -> tuple[bytes, int]:
    """``unit`` repeated to fill ``room`` bytes, and how many times."""
    count = max(room, 0) // len(unit)
    return unit * count, count


def _article(unit: bytes, per_unit: dict[str, int], size: int, head: bytes = TITLE, tail: bytes = b"") -> tuple:
    """A headline, then ``unit`` repeated to fill the size; ``per_unit`` mentions per repetition."""
    body, count = _repeat(unit, size - len(head) - len(tail))
    counts = {"kalbajar": _named(head + tail)}
    for place, n in per_unit.items():
        counts[place] = counts.get(place, 0) + n * count
    return head + body + tail, {k: v for k, v in counts.items() if v}


def _padded(filler: bytes, size: int, head: bytes = TITLE, tail: bytes = SENTENCE) -> tuple:
    """A headline, ``filler`` repeated (no mentions in it) and an "x" (a line's trailing spaces are stripped before
    any pattern sees them), then one sentence naming Kalbajar."""
    body, _count = _repeat(filler, size - len(head) - len(tail) - 2)
    return head + body + b"x\n" + tail, {"kalbajar": _named(head + tail)}


def _named(raw: bytes) -> int:
    """Mentions of Kalbajar written plainly in a case's fixed head or tail."""
    return raw.count(b"Kalbajar") + raw.count(b"KALBAJAR")


def _distinct_names(size: int) -> tuple:
    """Capitalised made-up words, all different, in sentences (the spelling check compares names pairwise)."""
    words, n, total = [], 0, len(TITLE)
    while total < size - 40:
        word, k = "", n
        for _ in range(6):
            word += "bcdfghjklmnpqrstvwxz"[k % 20]
            k //= 20
        word = "Q" + word
        words.append(word + (". " if n % 12 == 11 else " "))
        total += len(words[-1])
        n += 1
    return TITLE + "".join(words).encode(), {"kalbajar": 1}


def _quoted_dates(size: int) -> tuple:
    unit = b"Kalbajar on November 25, 2020 and Dec 1 and 2020-11-15 and yesterday, "
    return _article(unit, {"kalbajar": 1}, size, tail=b"\n")


CASES: tuple[Case, ...] = (
    # DATELINE: "[A-Z][A-Z'\- ]{2,}" and the "\s*" after it both take spaces: quadratic (1.39 s at 8,000 spaces).
    Case("dateline-spaces", "DATELINE's name and gap both eat spaces", lambda s: _padded(b" ", s, head=b"AB")),
    Case("dateline-spaces-each-line", "the same, on every line", lambda s: _padded(b"AB" + b" " * 70 + b"x\n", s)),
    # "-" is in DATELINE's name class and is its separator too.
    Case("dateline-hyphens", "DATELINE's name class and separator share '-'", lambda s: _padded(b"-", s, head=b"AB")),
    Case("dateline-capitals", "a capitalised line that never reaches a separator", lambda s: _padded(b"AB ", s)),
    # MARKDOWN_LINK: from every "[", "[^\]]*" ran to the end of the line (28 s at 30,000 brackets).
    Case("markdown-open-brackets", "MARKDOWN_LINK from every '['", lambda s: _padded(b"[", s, head=TITLE + b"](")),
    Case("markdown-unclosed-links", "MARKDOWN_LINK's address never closed", lambda s: _padded(b"[a](b ", s)),
    Case(
        "markdown-links",
        "many real links, each naming a place",
        lambda s: _article(b"[Kalbajar](https://x.org/) ", {"kalbajar": 1}, s),
    ),
    # excerpts_for split the whole sentence once per mention: 39 s for 5,000 repetitions.
    Case(
        "name-repeated", "one name 20,000 times in one sentence", lambda s: _article(b"Kalbajar ", {"kalbajar": 1}, s)
    ),
    Case(
        "name-repeated-sentences",
        "one name in 13,000 sentences",
        lambda s: _article(b"Kalbajar fell. ", {"kalbajar": 1}, s),
    ),
    Case(
        "names-all-places",
        "every place in one long sentence",
        lambda s: _article(
            "Kalbajar, Aghdam, Lachin, Shusha, Füzuli, Stepanakert, Khankendi and Dadivank ".encode(),
            {"kalbajar": 1, "aghdam": 1, "lachin": 1, "shusha": 1, "fuzuli": 1, "stepanakert": 2, "dadivank": 1},
            s,
        ),
    ),
    # ALIAS_GAP "(?:[^\S\n]|[\-'])+" before the second word of a multi-word alias.
    Case(
        "alias-gap-spaces",
        "the first word of 'Kalbajar district', then spaces",
        lambda s: _padded(b" ", s, head=TITLE + b"Kalbajar"),
    ),
    Case(
        "alias-gap-hyphens",
        "the same with hyphens and apostrophes",
        lambda s: _padded(b"-'", s, head=TITLE + b"Kalbajar"),
    ),
    Case(
        "multiword-alias-repeated",
        "a two-word alias over and over",
        lambda s: _article(b"Kalbajar district ", {"kalbajar": 1}, s),
    ),
    # find_dates over a sentence of many dates; find_mentions took "the first date after" with a list per mention.
    Case(
        "dates-500",
        "one sentence with 500 dates",
        lambda s: _article(b"on November 25, 2020, and ", {}, min(s, 13_500), tail=SENTENCE),
    ),
    Case("dates-and-names", "a date and a name, 3,000 times, one sentence", _quoted_dates),
    Case(
        "weekdays",
        "weekday names with a future marker",
        lambda s: _article(b"Kalbajar will fall on Sunday, ", {"kalbajar": 1}, s),
    ),
    Case(
        "month-spaces",
        "a month name, then spaces (DATE_PATTERN's '\\s+')",
        lambda s: _padded(b" ", s, head=TITLE + b"November"),
    ),
    # split_sentences, _merge_broken and _paragraphs on degenerate lines.
    Case(
        "one-line-no-stop",
        "200 KB on one line, no full stop",
        lambda s: _article(b"Kalbajar and the valley ", {"kalbajar": 1}, s),
    ),
    Case("one-line-no-space", "200 KB of one word", lambda s: _padded(b"a", s)),
    Case(
        "lowercase-lines",
        "every line continues the last (_merge_broken)",
        lambda s: _article(b"and Kalbajar\n", {"kalbajar": 1}, s),
    ),
    Case("stops-alternating", "'. A' over and over: 65,000 sentences", lambda s: _padded(b". A", s)),
    Case(
        "stop-then-spaces",
        "a stop, then spaces, then no capital (SENTENCE_END's '\\s+')",
        lambda s: _padded(b" ", s, head=TITLE + b"x."),
    ),
    Case("abbreviations", "'Mr. ' 50,000 times: no stop ends a sentence", lambda s: _padded(b"Mr. ", s)),
    Case("closing-quotes", "a stop followed by closing quotes and brackets", lambda s: _padded(b'.")]', s)),
    # A quotation left open merges every following sentence; _open_quote recounted the merged text each time.
    Case("quotes-straight", "200 KB of '\"'", lambda s: _padded(b'"', s)),
    Case(
        "quotes-open-sentences",
        "an open straight quote per sentence",
        lambda s: _article(b'"Kalbajar fell. ', {"kalbajar": 1}, s),
    ),
    Case(
        "quotes-curly-nested",
        "curly quotes opened and never closed",
        lambda s: _article("“Kalbajar fell. ‘Then. ".encode(), {"kalbajar": 1}, s),
    ),
    # Metadata lines: URL_LINE's lazy "\S+?", ORIGINAL_URL_LABEL, BYLINE_LINE, WIRE_SIGNOFF, DATE_PREFIX.
    Case("url-long-line", "one 200 KB address", lambda s: _padded(b"a", s, head=TITLE + b"https://x.org/")),
    Case("urls-many", "an address on every line", lambda s: _padded(b"<https://example.org/a>\n", s)),
    Case("original-url-lines", "'Original url:' on every line", lambda s: _padded(b"Original url:\n", s)),
    Case("byline-lines", "'By ...' on every line", lambda s: _padded(b"By Kalbajar Reporter\n", s)),
    Case("wire-signoff-long", "an upper-case line of 200 KB", lambda s: _padded(b"AGENCE FRANCE ", s)),
    Case("date-lines", "a date alone on every line", lambda s: _padded(b"November 15, 2020\n", s)),
    Case(
        "date-prefix",
        "'date 2020-11-16 ' then spaces",
        lambda s: _padded(b" ", s, head=TITLE + b"date 2020-11-16 KALBAJAR"),
    ),
    Case("headings", "Markdown heading marks", lambda s: _padded(b"#", s)),
    # Encodings and characters.
    Case(
        "crlf",
        "Windows and old Mac line ends",
        lambda s: _article(b"Kalbajar fell.\r\nAghdam fell.\r", {"kalbajar": 1, "aghdam": 1}, s),
    ),
    Case(
        "bom",
        "a UTF-8 byte-order mark",
        lambda s: _article(b"Kalbajar fell. ", {"kalbajar": 1}, s, head=b"\xef\xbb\xbf" + TITLE),
    ),
    Case(
        "zero-width-names",
        "format characters inside names (U+200B, U+00AD, U+2060, U+FEFF, U+200D)",
        lambda s: _article(
            "Kal\u200bbajar, Agh\u00addam, La\u2060chin, Shu\ufeffsha, Kalbajar\u200d district. ".encode(),
            {"kalbajar": 2, "aghdam": 1, "lachin": 1, "shusha": 1},
            s,
        ),
    ),
    Case(
        "cyrillic-armenian",
        "names in Cyrillic and Armenian script",
        lambda s: _article("Кельбаджар и Քարվաճառ. ".encode(), {"kalbajar": 2}, s),
    ),
    Case(
        "combining-marks",
        "a name followed by 100,000 combining accents",
        lambda s: _padded("\u0301".encode(), s, head=TITLE + b"Kalbajar"),
    ),
    Case("digits", "200 KB of digits (figures in compare)", lambda s: _padded(b"1", s)),
    Case("digit-groups", "'1,' 100,000 times (DIGITS, TOKEN)", lambda s: _padded(b"1,", s)),
    Case("distinct-names", "30,000 different capitalised words (spelling check)", _distinct_names),
    Case(
        "nul-late",
        "a NUL byte after the first 8,192 bytes",
        lambda s: (_padded(b"x ", s - 1)[0] + b"\x00", None),
        error="binary",
    ),
    Case(
        "nul-oversize",
        "a binary file over the limit: reported as binary",
        lambda s: (b"\x00" * (s + 1), None),
        error="binary",
    ),
    Case("oversize", "one byte over the limit", lambda s: (b"a" * (s + 1), None), error="limit"),
    Case("not-utf8", "Latin-1 bytes", lambda s: (b"Kalbajar \xe9" * (s // 10), None), error="UTF-8"),
)


def seed_like(size: int, seeds: list[bytes]) -> tuple[bytes, None]:
    """The seed articles one after the other until ``size``: a realistic long upload that repeats the story."""
    out = bytearray()
    while len(out) < size:
        for seed in seeds:
            if len(out) + len(seed) > size:
                return bytes(out), None
            out += seed
    return bytes(out), None


@dataclass(frozen=True)
class Context:
    """What the pipeline reads besides the upload: built once, as the app caches it."""

    places: dict
    place_names: Gazetteer
    people_names: Gazetteer
    seeds: list[Article]


def context() -> Context:
    places = load_places()
    return Context(places, place_gazetteer(places), people_gazetteer(load_people()), load_corpus(paths.ARTICLES))


def pipeline(raw: bytes, ctx: Context, name: str = "upload.txt") -> dict:
    """Everything the app does with an uploaded article, each stage's result by name (``error`` when refused).

    ``decode_article`` -> ``parse_article`` -> ``find_mentions`` -> excerpts of every place -> the differences of
    the article and the three seeds -> the article as HTML with its mentions marked.
    """
    try:
        text = decode_article(raw, name)
    except DataError as exc:
        return {"error": str(exc)}
    article = parse_article(text, name)
    mentions = find_mentions(article, ctx.place_names)
    articles = [*ctx.seeds, article]
    by_file = {a.file: find_mentions(a, ctx.place_names) for a in ctx.seeds}
    by_file[article.file] = mentions
    excerpts = excerpts_by_place(articles, by_file)
    found = differences(articles, ctx.people_names, ctx.place_names)
    marks = [(m.start, m.end, ctx.places[m.place_id].name) for m in mentions]
    page = article_html(article.text, article.body, marks)
    return {"article": article, "mentions": mentions, "excerpts": excerpts, "differences": found, "html": page}
