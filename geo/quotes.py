"""A place's quotes for its popup: the news first, one quote per wire sentence that several outlets print.

:func:`news_score` ranks a sentence by what it states (a deadline, a change of control, a date);
:func:`rank_excerpts` orders a place's excerpts by it; :func:`merge_wire_copies` folds near-identical sentences
from different articles (the same wire copy, edited a little by each outlet) into one quote citing each of them.

Same wire copy or not: measured on the three seeds (``data/articles/``) with ``rapidfuzz.fuzz.ratio`` on
:func:`wire_text` (lower case, punctuation dropped, whitespace collapsed), every pair of sentences from two
different articles that name the same place (2026-12-03):

* same wire copy, lightly edited, 86.9 to 100: "Nov 20"/"November 20" and a cut clause (86.9, 91.5, 94.2),
  "Hajieyv"/"Mr Hajiyev" (98.2), "yesterday"/"Sunday" and "Defence"/"defense" (97.2), "deployed this week to"/
  "sent to", "center"/"centre" (92.0), "Thick plumes of smoke were rising" against "Smoke rose" (93.5, 96.1,
  97.4), one closing clause cut ("...for a final visit." against "...before it was ceded to Azerbaijan", 87.1),
  "between the two countries over" against "following the break up of" (89.6);
* different sentences, at most 63.2: two outlets' own lead sentences on Kalbajar's residents (63.2, 62.1), two
  wordings of the Dadivank visit written apart (58.1), and below 50 every other pair (the extension of the
  deadline against the peace deal's dates: 43.5; two sentences on the Dadivank monastery: 54.1).

:data:`WIRE_THRESHOLD` sits in that gap, at 80.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from geo.corpus import Excerpt

WIRE_THRESHOLD = 80  # fuzz.ratio of wire_text; same wire copy >= 86.9, different <= 63.2 on the seeds (above)
WIRE_CHARS = 600  # wire_text compared up to here: a seed sentence is under 300 characters; bounds each comparison
MAX_MERGE_CANDIDATES = 60  # quotes one sentence is compared with, at most (the popup quotes a few per article)

# Plain alternations of words, no nested repetition: linear in the sentence (user text).
DEADLINE = re.compile(r"\b(?:deadline|extend(?:s|ed)?|extension|prolong(?:s|ed)?|postpone[ds]?|delay(?:s|ed)?)\b", re.I)
CONTROL_CHANGE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?\s+over|handover|hand-over|withdraw(?:s|al|n)?|withdrew|return(?:s|ed)?|"
    r"cede[ds]?|ceding|captur(?:e|es|ed|ing)|took\s+control|retak(?:e|es|en)|recaptur(?:e|ed)|liberat(?:e|ed|ion)|"
    r"entered|pull(?:s|ed)?\s+out|transfer(?:s|red)?)\b",
    re.I,
)
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
CALENDAR_DATE = re.compile(rf"\b(?:{MONTHS}\s+\d{{1,2}}\b|\d{{1,2}}\s+{MONTHS})|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
RELATIVE_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b", re.I)
NOT_WORD = re.compile(r"[^\w\s]+")


def news_score(sentence: str) -> int:
    """How much news a sentence states: a deadline 2, a change of control 1, a calendar date 2 (a weekday 1)."""
    score = 2 if DEADLINE.search(sentence) else 0
    score += 1 if CONTROL_CHANGE.search(sentence) else 0
    score += 2 if CALENDAR_DATE.search(sentence) else 1 if RELATIVE_DAY.search(sentence) else 0
    return score


def rank_excerpts(excerpts: Iterable[Excerpt]) -> list[Excerpt]:
    """Most news first (:func:`news_score`), then newest, then file and text order (stable)."""
    return sorted(
        excerpts,
        key=lambda e: (
            -news_score(e.sentence),
            e.published is None,
            -(e.published or dt.date.min).toordinal(),
            e.file,
        ),
    )


def wire_text(sentence: str) -> str:
    """The sentence as compared for wire copies: lower case, no punctuation, whitespace collapsed, cut."""
    return " ".join(NOT_WORD.sub(" ", sentence[: WIRE_CHARS * 2].lower()).split())[:WIRE_CHARS]


def merge_wire_copies(excerpts: Sequence[Excerpt]) -> list[list[Excerpt]]:
    """Group excerpts that are one wire sentence: each group's first is its quote, the others cite it too.

    An excerpt joins the first earlier group that has none of its article and whose quote scores at least
    :data:`WIRE_THRESHOLD` against it; otherwise it starts a group. Order is kept (groups in the order of their
    first excerpt). Cost: each excerpt is compared with at most :data:`MAX_MERGE_CANDIDATES` groups of at most
    :data:`WIRE_CHARS` characters, so the whole is linear in the number of excerpts; callers pass only the
    excerpts a popup may quote (a few per article), not every sentence of a long article.
    """
    groups: list[list[Excerpt]] = []
    texts: list[str] = []
    for excerpt in excerpts:
        text = wire_text(excerpt.sentence)
        for index in range(min(len(groups), MAX_MERGE_CANDIDATES)):
            group = groups[index]
            if any(e.file == excerpt.file for e in group):
                continue
            if fuzz.ratio(text, texts[index], score_cutoff=WIRE_THRESHOLD):
                group.append(excerpt)
                break
        else:
            groups.append([excerpt])
            texts.append(text)
    return groups
