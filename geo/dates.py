"""Dates written in news text, absolute ("November 25", "Dec 1", "2020-11-16") and relative ("Sunday",
"yesterday", "this week", "on the weekend"), resolved against the article's own publication date.

A resolved value is a ``DateSpan``: a single day has ``start == end``; "this week" spans Monday to the article's
date. Weekday names point back to the latest such day on or before the article's date, unless the sentence
speaks of the future ("will", "next"), then forward to the next such day on or after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from geo.names import fold

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = "|".join(WEEKDAYS)
WINDOW = 30  # characters searched either side of a date's anchor word (see _windows)
MAX_LOOSE_DATE_LENGTH = 40  # "Wednesday, 25 November 2020, 10:45" fits
# Words that turn a bare weekday towards the future.
FUTURE_MARKERS = re.compile(r"\b(?:will|shall|next|upcoming|is due|are due|is to|are to|is set to)\b", re.I)

DATE_PATTERN = re.compile(
    rf"""
    (?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)
  | (?P<md>\b(?P<mdm>{MONTH_RE})\.?\s+(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<mdy>\d{{4}})\b)?)
  | (?P<dm>\b(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmm>{MONTH_RE})\b\.?(?:,?\s+(?P<dmy>\d{{4}})\b)?)
  | (?P<part>\b(?P<pp>early|mid|late)[\s-]+(?P<pm>{MONTH_RE})\b)
  | (?P<rel>\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tomorrow)\b)
  | (?P<week>\b(?:earlier\s+this|later\s+this|this|last|next)\s+week(?:end)?\b|\b(?:on|at|over)\s+the\s+weekend\b)
  | (?P<wd>\b(?P<wdn>{WEEKDAY_RE})\b)
    """,
    re.X,  # matched against fold(sentence): lower case already, and much faster than re.I
)
# A cheap test run first: most sentences hold no date and skip the long pattern above.
MAYBE_DATE = re.compile(
    r"\d|\b(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + "|"
    + WEEKDAY_RE
    + r"|yesterday|today|tomorrow|week|weekend)\b"
)


@dataclass(frozen=True)
class DateSpan:
    """A resolved date or range of days (inclusive), with the words it came from and their span."""

    text: str
    start: int
    end: int
    first: dt.date
    last: dt.date

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


def _windows(folded: str) -> list[tuple[int, int]]:
    """Stretches of text around the words a date expression needs (a digit, a month, a weekday, "week"...).

    The full pattern runs only there: it is the slow part, and most of a sentence holds no date. A window
    reaches ``WINDOW`` characters either side of its anchor, more than any expression spans around its anchor
    word ("the day before yesterday", "November 15, 2020"); overlapping windows merge.
    """
    windows: list[tuple[int, int]] = []
    for m in MAYBE_DATE.finditer(folded):
        lo, hi = max(0, m.start() - WINDOW), min(len(folded), m.end() + WINDOW)
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
    spans: list[DateSpan] = []
    folded = fold(sentence)
    windows = _windows(folded)
    if not windows:
        return spans
    future = bool(FUTURE_MARKERS.search(folded))
    for m in (m for lo, hi in windows for m in DATE_PATTERN.finditer(folded, lo, hi)):
        first: dt.date | None = None
        last: dt.date | None = None
        if m["iso"]:
            first = _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
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
            word = " ".join(m["rel"].lower().split())
            offset = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1}[word]
            first = ref + dt.timedelta(days=offset)
        elif m["week"] and ref is not None:
            first, last = _week_span(m["week"], ref)
        elif m["wd"] and ref is not None:
            target = WEEKDAYS[m["wdn"].lower()]
            if future:
                first = ref + dt.timedelta(days=(target - ref.weekday()) % 7)
            else:
                first = ref - dt.timedelta(days=(ref.weekday() - target) % 7)
        if first is None:
            continue
        spans.append(DateSpan(sentence[m.start() : m.end()], m.start(), m.end(), first, last or first))
    return spans


def parse_loose_date(text: str) -> dt.date | None:
    """A date standing alone on a line ("November 15, 2020", "15 Nov 2020", "2020-11-15"), or None."""
    if len(text) > MAX_LOOSE_DATE_LENGTH or not any(ch.isdigit() for ch in text):
        return None
    found = [d for d in find_dates(text.strip(), None) if d.first == d.last]
    if len(found) == 1 and len(found[0].text) >= len(text.strip()) - 2:
        return found[0].first
    return None
