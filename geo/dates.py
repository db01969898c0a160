"""Dates written in news text, absolute ("November 25", "Dec 1", "2020-11-16") and relative ("Sunday",
"yesterday", "this week", "on the weekend"), resolved against the article's own publication date.

Besides English, the words of Russian, Armenian, Azerbaijani, Turkish, German and French («25 ноября»,
«նոյեմբերի 25-ին», «noyabrın 25-də», «25 Kasım», «25. November», «вчера», «в воскресенье», «dünən», «երեկ»,
«gestern», «bazar günü») come from ``dateparser``'s own language tables (its CLDR-derived month, weekday and
relative-day words), read once at import; the resolution against the publication date is this module's, the same
for every language. ``dateparser.search.search_dates`` itself is not used: on six test sentences (one a language)
it took 2-21 ms each (the extraction budget is about 1 ms an article), found nothing in the Azerbaijani and
Turkish ones («noyabrın 15-dək», «15 Kasım'da»), read the German «1. Dezember» as 2019 and the Armenian «2020 թ.
նոյեմբերի 25-ին» as two dates, "2020" and a bare month; and its time on a long hostile line is not bounded,
whereas one pattern over folded text, run only around its anchor words, stays linear
(``tests/test_adversarial_text.py``).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from geo.names import WORD, fold, occurrences, word_set

DATE_LANGUAGES = ("ru", "hy", "az", "tr", "de", "fr")  # besides English, whose words are Python's calendar's
MONTH_KEYS = tuple(calendar.month_name[1:])
WEEKDAY_KEYS = tuple(calendar.day_name)
MIN_WORD_LENGTH = 4  # dateparser's tables hold abbreviations ("so", "mi", "Ka", "b") that are everyday words
# Words of dateparser's tables left out: another meaning is as common as the date's in news text.
AMBIGUOUS_WORDS = frozenset(
    {
        "morgen",  # de: tomorrow, and morning ("heute Morgen")
        "sabah",  # az, tr: tomorrow, and morning
        "bazar", "pazar",  # az, tr: Sunday, and market: read only before günü ("bazar günü")
        "շաբաթ",  # hy: Saturday, and week: read only before օրը
        "hier",  # fr: yesterday, and German "here"
        "geçen gün", "önümüzdeki gün", "till date",
    }
)  # fmt: skip
# Turkish and Azerbaijani name a weekday with "günü" after it; Armenian may with "օրը".
DAY_WORD = {"az": " günü", "tr": " günü", "hy": " օրը"}
RELATIVE_OFFSETS = {"2 day ago": -2, "1 day ago": -1, "0 day ago": 0, "in 1 day": 1}


def _dateparser_words() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Month, weekday and relative-day words (folded) of ``DATE_LANGUAGES`` from dateparser's language tables.

    The tables are plain Python data files; they are run as files, which does not import dateparser itself (its
    package import takes half a second and loads what is not used here).
    """
    import importlib.util
    import runpy
    from pathlib import Path

    spec = importlib.util.find_spec("dateparser")
    if spec is None or spec.origin is None:
        raise ImportError("dateparser is not installed (see requirements.txt)")
    tables = Path(spec.origin).parent / "data" / "date_translation_data"
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    for lang in DATE_LANGUAGES:
        info = runpy.run_path(str(tables / f"{lang}.py"))["info"]
        for number, key in enumerate(MONTH_KEYS, start=1):
            for word in info.get(key.lower(), ()):
                if len(word) >= MIN_WORD_LENGTH and word.lower() not in AMBIGUOUS_WORDS:
                    months[fold(word)] = number
        for number, key in enumerate(WEEKDAY_KEYS):
            for word in info.get(key.lower(), ()):
                if len(word) < MIN_WORD_LENGTH:
                    continue
                if word.lower() in AMBIGUOUS_WORDS or lang in ("az", "tr"):
                    weekdays[fold(word + DAY_WORD.get(lang, ""))] = number
                else:
                    weekdays[fold(word)] = number
                    if lang == "hy":
                        weekdays[fold(word + DAY_WORD["hy"])] = number
        for key, offset in RELATIVE_OFFSETS.items():
            for word in info.get("relative-type", {}).get(key, ()):
                if word.lower() not in AMBIGUOUS_WORDS:
                    relative[fold(word)] = offset
    return months, weekdays, relative


def _russian_accusatives(weekdays: dict[str, int]) -> dict[str, int]:
    """«в пятницу», «в субботу»: the accusative singular of each Russian weekday (pymorphy3), which dateparser
    lacks for some. Not the other cases: «по пятницам» is every Friday, not one."""
    from geo.inflection import russian_form

    found = {}
    for word, number in weekdays.items():
        form = russian_form(word, "accs") if "\u0430" <= word[0] <= "\u044f" else None
        if form:
            found[fold(form)] = number
    return found


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_months, _weekdays, RELATIVE_WORDS = _dateparser_words()
_months.update({"май": 5, "мая": 5})  # three letters, under MIN_WORD_LENGTH, and no other word
for _word, _number in _months.items():
    MONTHS.setdefault(_word, _number)
for _word, _number in {**_weekdays, **_russian_accusatives(_weekdays)}.items():
    WEEKDAYS.setdefault(_word, _number)
RELATIVE_WORDS.update({"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1})
# "The day before" and "last night", which dateparser's tables lack: news writes them for the day before its own.
RELATIVE_WORDS.update({"накануне": -1, "նախօրեին": -1, fold("ötən gecə"): -1, fold("dünən gecə"): -1})


def _alternatives(words) -> str:
    """A regex alternation of ``words``, longest first, their spaces matching any run of spaces."""
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


MONTH_RE = _alternatives(MONTHS)
WEEKDAY_RE = _alternatives(WEEKDAYS)
RELATIVE_RE = _alternatives(RELATIVE_WORDS)
# After a day number: an English ordinal, French "1er", a German full stop, or an ending joined by a hyphen or an
# apostrophe («25-ին», «25-də», «25'inde»). After an Azerbaijani month, its genitive («noyabrın 25-də»).
DAY_ENDING = r"(?:st|nd|rd|th|er|\.|[-'’]\w{1,6}+)?"
# An Azerbaijani month's genitive ending («noyabrın 25-də»), and the case endings written on a month that follows its
# day («10 noyabrda», «15 Kasım'a»): the pattern's optional endings, and the forms a month's anchor word may take.
GENITIVE_ENDINGS = ("in", "un", "nin", "nun")
CASE_ENDINGS = ("da", "de", "ta", "te", "dan", "den", "dek", "dak", "a", "e", "ya", "ye", "i", "u")
MONTH_ENDINGS = GENITIVE_ENDINGS + CASE_ENDINGS
MONTH_ENDING = f"(?:{'|'.join(GENITIVE_ENDINGS)})?"
CASE = f"(?:{'|'.join(CASE_ENDINGS)})?"
# A year written before its month: "2020-ci il noyabrın 25-də", "2020 թ. նոյեմբերի 25-ին", "1993 г. 2 апреля".
YEAR_WORD = r"(?:[-'’]\w{1,4}+)?\.?\s+(?:(?:il|yili|yilinin|г|года|год|թ|թվականի|jahr)\.?\s+)?"
WINDOW = 30  # characters searched either side of a date's anchor word (see _windows)
MAX_LOOSE_DATE_LENGTH = 40  # "Wednesday, 25 November 2020, 10:45" fits
# Words that turn a bare weekday towards the future.
FUTURE_MARKERS = re.compile(r"\b(?:will|shall|next|upcoming|is due|are due|is to|are to|is set to)\b", re.I)

DATE_PATTERN = re.compile(
    rf"""
    (?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)
  | (?P<ymd>\b(?P<yy>\d{{4}}){YEAR_WORD}(?P<ym>{MONTH_RE}){MONTH_ENDING}\s+(?P<yd>\d{{1,2}})(?!\d){DAY_ENDING})
  | (?P<md>\b(?P<mdm>{MONTH_RE}){MONTH_ENDING}\.?\s+(?P<mdd>\d{{1,2}})(?!\d){DAY_ENDING}(?:,?\s+(?P<mdy>\d{{4}})\b)?)
  | (?P<dm>\b(?P<dmd>\d{{1,2}})(?!\d){DAY_ENDING}\s+(?P<dmm>{MONTH_RE}){CASE}(?!\w)\.?(?:,?\s+(?P<dmy>\d{{4}})\b)?)
  | (?P<part>\b(?P<pp>early|mid|late)[\s-]+(?P<pm>{MONTH_RE})\b)
  | (?P<rel>(?<!\w)(?:{RELATIVE_RE})(?!\w))
  | (?P<week>\b(?:earlier\s+this|later\s+this|this|last|next)\s+week(?:end)?\b|\b(?:on|at|over)\s+the\s+weekend\b)
  | (?P<wd>(?<!\w)(?P<wdn>{WEEKDAY_RE})(?!\w))
    """,
    re.X,  # matched against fold(sentence): lower case already, and much faster than re.I
)
# A cheap test run first: most sentences hold no date and skip the long pattern above. Every expression but an
# ISO date holds one of these words (a month, with an Azerbaijani genitive ending or not, a weekday, a relative
# word, "week"); of a phrase, its last word as ``\w+`` splits it ("yesterday" of "the day before yesterday",
# "günü" of "bazar günü"): a first word such as "the" would open a window at every other sentence.
ANCHOR_WORDS = frozenset(
    WORD.findall(phrase)[-1]
    for phrase in (
        *MONTHS,
        *(month + ending for month in MONTHS for ending in MONTH_ENDINGS),
        *WEEKDAYS,
        *RELATIVE_WORDS,
        "week",
        "weekend",
    )
)
ISO_ANCHOR = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True)
class DateSpan:
    """A resolved date or range of days (inclusive), with the words it came from and their span."""

    text: str
    start: int
    end: int
    first: dt.date
    last: dt.date
    relative: bool = False  # resolved from the publication date (a weekday, "yesterday", "this week"...)

    def iso(self) -> str:
        """``YYYY-MM-DD`` for one day, ``YYYY-MM-DD/YYYY-MM-DD`` (ISO 8601 interval) for a range."""
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def _infer_year(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    """The year of a month-day with no year: the article's, unless that lands over six months ahead."""
    if ref is None:
        return None
    try:
        guess = dt.date(ref.year, month, day)
    except ValueError:
        return None
    if (guess - ref).days > 183:
        guess = guess.replace(year=ref.year - 1)
    return guess


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _week_span(words: str, ref: dt.date) -> tuple[dt.date, dt.date]:
    monday = ref - dt.timedelta(days=ref.weekday())
    words = " ".join(words.lower().split())
    if words.endswith("weekend"):
        if words.startswith("next"):
            saturday = monday + dt.timedelta(days=12)
        else:  # "this/last weekend", "on the weekend": the latest weekend that has begun by the article's date
            saturday = monday + dt.timedelta(days=5)
            if saturday > ref:
                saturday -= dt.timedelta(days=7)
            if words.startswith("last") and ref.weekday() >= 5:
                saturday -= dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=1)
    if words.startswith("last"):
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if words.startswith("next"):
        return monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)
    if words.startswith("later"):
        return ref, monday + dt.timedelta(days=6)
    return monday, ref  # "this week", "earlier this week": up to the article's date


def _iso_anchors(folded: str) -> list[tuple[int, int]]:
    """Spans of ``\\d{4}-\\d\\d-\\d\\d`` (``ISO_ANCHOR``), found from the hyphens: a text holds few, and a
    pattern run over every character is the slower way."""
    found = []
    at = folded.find("-", 4)
    while at >= 0:
        if folded[at - 4 : at].isdigit() and ISO_ANCHOR.match(folded, at - 4):
            found.append((at - 4, at + 6))
        at = folded.find("-", at + 1)
    return found


def _windows(folded: str) -> list[tuple[int, int]]:
    """Stretches of text around the words a date expression needs (a digit, a month, a weekday, "week"...).

    The full pattern runs only there: it is the slow part, and most of a sentence holds no date. A window
    reaches ``WINDOW`` characters either side of its anchor, more than any expression spans around its anchor
    word ("the day before yesterday", "November 15, 2020"); overlapping windows merge.
    """
    windows: list[tuple[int, int]] = []
    present = ANCHOR_WORDS.intersection(word_set(folded))  # in C; most sentences have none
    anchors = [(at, after) for at, after, _word in occurrences(folded, present, 0, len(folded))] if present else []
    iso = _iso_anchors(folded)
    if iso:
        anchors = sorted([*anchors, *iso])
    for m_start, m_end in anchors:
        lo, hi = max(0, m_start - WINDOW), min(len(folded), m_end + WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def find_dates(sentence: str, ref: dt.date | None) -> list[DateSpan]:
    """Every date expression in ``sentence`` that can be resolved, in order.

    Parameters
    ----------
    sentence : str
        One sentence of article text.
    ref : datetime.date or None
        The article's publication date. Without it only dates that carry a year are resolved.
    """
    return find_dates_in(sentence, fold(sentence), [(0, len(sentence))], ref)[(0, len(sentence))]


def find_dates_in(
    text: str, folded: str, sentences: Sequence[tuple[int, int]], ref: dt.date | None
) -> dict[tuple[int, int], list[DateSpan]]:
    """:func:`find_dates` for several sentences of one text (``folded`` is ``fold(text)``), in one pass: the
    words a date needs are looked for once in the whole text, and the full pattern runs only around them.

    Returns each sentence span's dates, their ``start``/``end`` relative to the sentence (as :func:`find_dates`).
    """
    found: dict[tuple[int, int], list[DateSpan]] = {span: [] for span in sentences}
    windows = _windows(folded)
    if not windows:
        return found
    window_starts = [lo for lo, _hi in windows]
    for s_start, s_end in found:
        first_window = max(bisect.bisect_right(window_starts, s_start) - 1, 0)
        future: bool | None = None  # worked out on the first weekday of the sentence
        spans = found[(s_start, s_end)]
        for lo, hi in windows[first_window:]:
            if lo >= s_end:
                break
            for m in _matches(folded, max(lo, s_start), min(hi, s_end)):
                if m["wd"] and future is None:
                    future = bool(FUTURE_MARKERS.search(folded, s_start, s_end))
                span = _resolve(m, ref, bool(future))
                if span is not None:
                    first, last = span
                    relative = not (m["iso"] or m["ymd"] or m["md"] or m["dm"])
                    start, end = m.start() - s_start, m.end() - s_start
                    spans.append(DateSpan(text[m.start() : m.end()], start, end, first, last, relative))
    return found


def _matches(folded: str, start: int, end: int) -> Iterator[re.Match]:
    """``DATE_PATTERN.finditer(folded, start, end)``, tried only where a word starts: every alternative of the
    pattern opens with a word boundary and a word character, so no match starts elsewhere. The engine tried the
    long pattern at every character, 0.5 µs each; a sentence's windows hold a word start every six or so."""
    resume = start
    for word in WORD.finditer(folded, start, end):
        at = word.start()
        if at < resume:
            continue  # inside the previous date
        m = DATE_PATTERN.match(folded, at, end)
        if m is not None:
            resume = m.end()
            yield m


def _resolve(m: re.Match, ref: dt.date | None, future: bool) -> tuple[dt.date, dt.date] | None:
    """The first and last day of one match of :data:`DATE_PATTERN`, or None where it cannot be resolved."""
    first: dt.date | None = None
    last: dt.date | None = None
    if m["iso"]:
        first = _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
    elif m["ymd"]:
        first = _safe_date(int(m["yy"]), MONTHS[m["ym"]], int(m["yd"]))
    elif m["md"] or m["dm"]:
        month = MONTHS[(m["mdm"] or m["dmm"]).lower()]
        day = int(m["mdd"] or m["dmd"])
        year = m["mdy"] or m["dmy"]
        first = _safe_date(int(year), month, day) if year else _infer_year(month, day, ref)
    elif m["part"] and ref is not None:
        month = MONTHS[m["pm"].lower()]
        year = ref.year if month <= ref.month else ref.year - 1
        length = calendar.monthrange(year, month)[1]
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, length)}[m["pp"].lower()]
        first, last = dt.date(year, month, lo), dt.date(year, month, hi)
    elif m["rel"] and ref is not None:
        first = ref + dt.timedelta(days=RELATIVE_WORDS[" ".join(m["rel"].split())])
    elif m["week"] and ref is not None:
        first, last = _week_span(m["week"], ref)
    elif m["wd"] and ref is not None:
        target = WEEKDAYS[" ".join(m["wdn"].split())]
        if future:
            first = ref + dt.timedelta(days=(target - ref.weekday()) % 7)
        else:
            first = ref - dt.timedelta(days=(ref.weekday() - target) % 7)
    return None if first is None else (first, last or first)


def parse_loose_date(text: str) -> dt.date | None:
    """A date standing alone on a line ("November 15, 2020", "15 Nov 2020", "2020-11-15"), or None."""
    if len(text) > MAX_LOOSE_DATE_LENGTH or not any(ch.isdigit() for ch in text):
        return None
    found = [d for d in find_dates(text.strip(), None) if d.first == d.last]
    if len(found) == 1 and len(found[0].text) >= len(text.strip()) - 2:
        return found[0].first
    return None
