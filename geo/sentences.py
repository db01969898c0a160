"""Sentences: split an article's body paragraphs into sentence spans.

Abbreviations ("Mr.", "U.S.", "Nov.") do not end a sentence, and a quotation stays one sentence with its
attribution. Every pattern here reads user text: no two quantifiers compete for the same characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geo.names import fold

# Sentence ends: terminal punctuation, optional closing quotes/brackets, whitespace, then a capital, a digit
# or an opening quote.
MONTH_WORD = re.compile(r"\w{3,12}")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
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


def _quote_counts(text: str) -> tuple[int, int, int]:
    """Straight, opening curly and closing curly double quotes in ``text``."""
    return text.count('"'), text.count("“"), text.count("”")


def _open_quote(counts: tuple[int, int, int]) -> bool:
    """True when text with these quote counts opens a quotation it does not close."""
    straight, opening, closing = counts
    return straight % 2 == 1 or opening > closing


def _month_follows(chunk: str, at: int) -> bool:
    """Whether the word at ``at`` is a month name (any language :mod:`geo.dates` reads)."""
    from geo.dates import MONTHS  # dates imports names; a local import keeps sentences light

    word = MONTH_WORD.match(chunk, at)
    return word is not None and fold(word.group(0)) in MONTHS


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
            if m.group(0) == ". " and word.isdigit() and len(word) <= 2 and _month_follows(chunk, m.end()):
                continue  # a German day: "am 1. Dezember", "bis zum 20. November"
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


def merge_broken(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
