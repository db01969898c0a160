"""Where outlets differ on a claim: align the sentences of articles that tell one story, then compare the figures,
dates and names of each aligned pair.

Two steps:

* :func:`align` matches each sentence of one article to its most similar sentence in another (Jaccard similarity
  of the sets of folded words), one-to-one, best score first.
* :func:`differences` compares each aligned pair and reports, as plain data, a figure present in one sentence and
  absent or different in the other, a date whose resolved value differs, a date written differently that
  resolves to the same day or week (so the reader sees the outlets agree), a date that cannot be resolved because
  its article is undated, a name spelled two ways that resolves to the same person or place, and a sentence with
  a figure or a date that has no counterpart in the other article.

Dates are resolved against each article's own ``published`` date with :func:`geo.dates.find_dates`. Offsets are
offsets into ``Article.text``, as in ``Article.sentences``.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from geo.corpus import Article
from geo.dates import DATE_PATTERN, MONTHS, find_dates
from geo.names import MIN_FUZZY_LENGTH, Gazetteer, edit_distance, fold, normalise, skeleton
from geo.timeline import MONTHS as MONTH_ABBREVIATIONS
from geo.timeline import day_text

# Two sentences are the same sentence told by two outlets when their word sets overlap by at least this much
# (Jaccard). On the seeds, rewrites of one AFP sentence score 0.37 (000's direct quote vs 002's paraphrase of
# it) to 1.0, while the best-scoring pair of unrelated sentences scores 0.25: they share only function words and
# the story's place names. 0.3 sits in that gap.
MIN_SIMILARITY = 0.3
# Sentences with fewer distinct words are headings, captions and photo credits ("Russian peacekeeping force",
# "Alexander Ryumin / TASS"): too short to align by shared words, and they carry no claims.
MIN_TOKENS = 5
# Words, with a number written with thousands separators or decimals ("2,317", "1.5") kept as one word.
TOKEN = re.compile(r"\d[\d,.]*\d|\w+")
# A figure written in digits: "2,000", "700", "2,317", "30,000", "1.5". Not part of a longer word ("1990s",
# "G20") or of a date (those are read as dates).
DIGITS = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)")
# Number words are read as figures only in a duration ("six weeks", "two days", "five-year"): elsewhere they are
# mostly description ("the two countries", "one resident said"), not a claim an outlet could get wrong. Vague
# plurals ("hundreds", "tens of thousands") are not figures.
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
TIME_UNITS = ("hour", "day", "week", "month", "year")
NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")(?=[\s\-]+(?:" + "|".join(TIME_UNITS) + r")s?\b)", re.I)
# The word after a figure ("700 people", "six weeks"), used to pair a figure with its counterpart.
UNIT_AFTER = re.compile(r"[\s\-]*([^\W\d_]+)")
# A capitalised word, possibly hyphenated ("Nagorno-Karabakh"); a trailing possessive is dropped.
NAME_WORD = re.compile(r"(?<![\w'’])[^\W\d_][\w'’\-]*")
POSSESSIVE = re.compile(r"['’]s$")
# Two spellings are compared through the gazetteers' fuzzy lookup only when they are this close (or share a
# phonetic skeleton): fuzzy lookups are the slow part, and names further apart are different names.
MAX_SPELLING_DISTANCE = 2
# Alignment pairs sentences through an index of their rarest words (see _align_two). A word in more sentences
# of the other article than this says little about which sentence is the counterpart and is not followed; a
# sentence has its score computed against at most MAX_CANDIDATES sentences, those sharing most rare words. Both
# only bind on long texts (a seed has about 40 sentences): they keep alignment linear in the text's length.
MAX_POSTINGS = 100
MAX_CANDIDATES = 50
# A name is compared with at most this many names of the other sentence that resolve to the same entry (many
# misspellings of one name in one sentence are an attack, not news).
MAX_SPELLING_CANDIDATES = 20
# Resolved dates as Difference holds them: a day or a span of days in ISO 8601, or a month and day ("--11-25").
ISO_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:/[0-9]{4}-[0-9]{2}-[0-9]{2})?")
MONTH_DAY_VALUE = re.compile(r"--(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
# Kinds of difference, in the order they are listed.
KINDS = ("spelling", "figure", "date", "date-wording", "date-unresolved", "missing")


@dataclass(frozen=True)
class Pair:
    """Two sentences, one from each of two articles, that tell the same thing.

    ``a_span`` and ``b_span`` are ``(start, end)`` offsets into the articles' ``Article.text``; ``score`` is the
    Jaccard similarity of their word sets (0 to 1).
    """

    a_file: str
    a_span: tuple[int, int]
    b_file: str
    b_span: tuple[int, int]
    score: float


@dataclass(frozen=True)
class Difference:
    """One claim on which two articles differ.

    Attributes
    ----------
    kind : str
        One of ``KINDS``: ``spelling`` (one name, two spellings), ``figure`` (a number present in one sentence and
        absent or different in its counterpart), ``date`` (resolved dates differ, or a date is given on one side
        only), ``date-wording`` (different words, the same resolved date: the outlets agree),
        ``date-unresolved`` (different words, and one side cannot be resolved because its article has no
        publication date) or ``missing`` (a sentence with figures or dates that has no counterpart in the other
        article; ``a`` is the article that has it, ``b`` the one that lacks it).
    a_text, b_text : str
        The claim as written ("2,317", "yesterday", "Hajieyv"); "" when that side does not state it.
    a_sentence, b_sentence : str
        The sentences, whitespace collapsed; "" for the side of a ``missing`` difference that has none.
    a_value, b_value : str
        What the claim resolves to: a normalised number ("30000"), a date or interval in ISO 8601 ("2020-11-15",
        "2020-11-09/2020-11-15", "--11-25" for a month and day in an undated article), or a gazetteer id
        ("hikmet-hajiyev"); "" when absent or unresolved.
    a_start, b_start : int
        Offset of the claim (of the sentence, for ``missing``) in ``Article.text``; -1 when absent.
    """

    kind: str
    a_file: str
    a_text: str
    b_file: str
    b_text: str
    a_sentence: str
    b_sentence: str
    a_value: str = ""
    b_value: str = ""
    a_start: int = -1
    b_start: int = -1

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """A one-line account for the UI. ``names`` names the articles by file (e.g. "The National, 15 Nov 2020",
        :func:`geo.corpus.article_names`); without it, or for a file it lacks, the file name is used. Dates are
        written as on screen ("15 Nov 2020"), not in ISO."""
        names = names or {}
        a_name, b_name = names.get(self.a_file, self.a_file), names.get(self.b_file, self.b_file)
        a, b = _quote(self.a_text, _readable(self.a_value)), _quote(self.b_text, _readable(self.b_value))
        if self.kind == "spelling":
            return (
                f"spelling: {a_name} writes {self.a_text!r}, {b_name} writes {self.b_text!r}: "
                f"one name ({self.a_value}), two spellings"
            )
        if self.kind == "date-wording":
            return f"date-wording: {a_name} {a} and {b_name} {b} agree: the same date, in other words"
        if self.kind == "date-unresolved":
            undated = a_name if not self.a_value else b_name
            return (
                f"date-unresolved: {a_name} {a}, {b_name} {b}: {undated} has no publication date, so "
                "its date cannot be compared"
            )
        if self.kind == "missing":
            return f"missing: {a_name} states {self.a_text!r} in a sentence that has no counterpart in {b_name}"
        return f"{self.kind}: {a_name} {a}, {b_name} {b}"


def _readable(value: str) -> str:
    """A resolved value as the screen writes it: a day "15 Nov 2020", a span "9 Nov 2020 to 15 Nov 2020", a month
    and day of an unknown year "25 Nov"; a figure or a name as it is."""
    if ISO_VALUE.fullmatch(value):
        return " to ".join(day_text(dt.date.fromisoformat(day)) for day in value.split("/"))
    month_day = MONTH_DAY_VALUE.fullmatch(value)
    if month_day:
        return f"{int(month_day['day'])} {MONTH_ABBREVIATIONS[int(month_day['month']) - 1]}"
    return value


def _quote(text: str, value: str) -> str:
    if not text:
        return "does not state it"
    if not value:
        return f"says {text!r} (unresolved)"
    if normalise(text) == normalise(value):
        return f"says {text!r}"
    return f"says {text!r} ({value})"


@dataclass(frozen=True)
class _Claim:
    """A figure, date or name in a sentence. ``key`` pairs claims across sentences (a unit, or the wording)."""

    text: str
    start: int  # offset in Article.text
    value: str
    key: str = ""


@dataclass(frozen=True)
class _Sentence:
    span: tuple[int, int]
    text: str  # whitespace collapsed
    tokens: frozenset[str]
    figures: tuple[_Claim, ...] = ()
    dates: tuple[_Claim, ...] = ()
    names: dict[str, _Claim] = field(default_factory=dict)  # normalised word -> first occurrence


def _dates(raw: str, offset: int, article: Article) -> list[_Claim]:
    """Every date expression in a sentence, resolved where the article's date allows it."""
    resolved = {(d.start, d.end): d.iso() for d in find_dates(raw, article.published)}
    claims = []
    for m in DATE_PATTERN.finditer(fold(raw)):  # the pattern reads folded text; folding keeps offsets
        value = resolved.get((m.start(), m.end()), "")
        if not value and (m["md"] or m["dm"]) and not (m["mdy"] or m["dmy"]):
            # "November 25" in an undated article: the month and day are known, the year is not (ISO 8601 --MM-DD).
            value = f"--{MONTHS[(m['mdm'] or m['dmm']).lower()]:02d}-{int(m['mdd'] or m['dmd']):02d}"
        written = raw[m.start() : m.end()]
        claims.append(_Claim(written, offset + m.start(), value, normalise(written)))
    return claims


def _overlaps(skip: Sequence[tuple[int, int]], ends: Sequence[int], start: int, end: int) -> bool:
    """Whether ``(start, end)`` overlaps a span of ``skip`` (sorted, not overlapping; ``ends`` their ends).

    By bisection: a sentence may hold thousands of dates and of numbers.
    """
    index = bisect.bisect_right(ends, start)  # the first span ending after start
    return index < len(skip) and skip[index][0] < end


def _figures(raw: str, offset: int, skip: Sequence[tuple[int, int]]) -> list[_Claim]:
    """Numbers in digits and number words, outside date expressions, in text order."""
    found = []
    ends = [e for _s, e in skip]
    for m in itertools.chain(DIGITS.finditer(raw), NUMBER_WORD.finditer(raw)):
        if _overlaps(skip, ends, m.start(), m.end()):
            continue
        word = m.group(0)
        value = str(NUMBER_WORDS[word.lower()]) if word.isalpha() else word.replace(",", "")
        unit = UNIT_AFTER.match(raw, m.end())
        found.append((m.start(), _Claim(word, offset + m.start(), value, fold(unit.group(1)) if unit else "")))
    return [claim for _, claim in sorted(found, key=lambda item: item[0])]


def _names(raw: str, offset: int, skip: Sequence[tuple[int, int]]) -> dict[str, _Claim]:
    """Capitalised words outside date expressions ("Nov" in "Nov 25" is a date, not a name)."""
    names: dict[str, _Claim] = {}
    ends = [e for _s, e in skip]
    for m in NAME_WORD.finditer(raw):
        word = POSSESSIVE.sub("", m.group(0)).rstrip("-'’")
        if not word[:1].isupper() or _overlaps(skip, ends, m.start(), m.end()):
            continue
        key = normalise(word)
        if key and key not in names:
            names[key] = _Claim(word, offset + m.start(), "")
    return names


def _analyse(article: Article) -> list[_Sentence]:
    """The sentences of an article with their words and claims.

    A sentence that recurs word for word (wire copy repeated, or an upload that repeats one sentence thousands of
    times) is analysed once: its claims are found at offset 0 and moved to each occurrence.
    """
    sentences = []
    seen: dict[str, tuple[str, frozenset[str], tuple[_Claim, ...], tuple[_Claim, ...], dict[str, _Claim]]] = {}
    for start, end in article.sentences:
        raw = article.text[start:end]
        found = seen.get(raw)
        if found is None:
            dates = _dates(raw, 0, article)
            in_dates = [(d.start, d.start + len(d.text)) for d in dates]
            found = seen[raw] = (
                " ".join(raw.split()),
                frozenset(TOKEN.findall(fold(raw))),
                tuple(_figures(raw, 0, in_dates)),
                tuple(dates),
                _names(raw, 0, in_dates),
            )
        text, tokens, figures, dates, names = found
        sentences.append(
            _Sentence(
                span=(start, end),
                text=text,
                tokens=tokens,
                figures=tuple(_moved(c, start) for c in figures),
                dates=tuple(_moved(c, start) for c in dates),
                names={key: _moved(c, start) for key, c in names.items()},
            )
        )
    return sentences


def _moved(claim: _Claim, offset: int) -> _Claim:
    return _Claim(claim.text, claim.start + offset, claim.value, claim.key) if offset else claim


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _prefix(tokens: frozenset[str], rank: dict[str, int], threshold: float) -> list[str]:
    """The rarest words of a sentence: any sentence with Jaccard similarity of at least ``threshold`` to it shares
    one of them (the prefix filter of Bayardo et al., "Scaling up all pairs similarity search", 2007).

    Two sets with similarity ``t`` share at least ``t * len`` words of each; sorted rarest first, the rarest shared
    word then lies within the first ``len - ceil(t * len) + 1`` of both. ``int`` rounds down: a word more, never
    one too few, whatever floating point makes of ``t * len``.
    """
    length = len(tokens) - int(threshold * len(tokens)) + 1
    return sorted(tokens, key=rank.__getitem__)[:length]


def _candidates(
    left: Sequence[_Sentence], right: Sequence[_Sentence], threshold: float, skip_left: set[int], skip_right: set[int]
) -> Iterable[tuple[int, list[int]]]:
    """For each sentence of ``left``, the sentences of ``right`` that may be at least ``threshold`` similar to it.

    Exact (every such sentence is among them) unless a cap binds: a word in more than ``MAX_POSTINGS`` sentences of
    ``right`` is not followed, and only the ``MAX_CANDIDATES`` sentences sharing most rare words are returned.
    """
    frequency = collections.Counter(t for s in (*left, *right) for t in s.tokens)
    rank = {t: (n, t) for t, n in frequency.items()}  # rarest first; ties by the word, so the order is fixed
    postings: dict[str, list[int]] = {}
    for j, sb in enumerate(right):
        if j not in skip_right:
            for token in _prefix(sb.tokens, rank, threshold):
                postings.setdefault(token, []).append(j)
    for i, sa in enumerate(left):
        if i in skip_left:
            continue
        # Similarity t needs t * |a| <= |b| <= |a| / t; a little slack for floating point.
        low, high = threshold * len(sa.tokens) - 1e-9, len(sa.tokens) / threshold + 1e-9 if threshold else math.inf
        shared: collections.Counter[int] = collections.Counter()
        for token in _prefix(sa.tokens, rank, threshold):
            found = postings.get(token, ())
            if len(found) <= MAX_POSTINGS:
                shared.update(found)
        near = [j for j, _n in shared.most_common(MAX_CANDIDATES) if low <= len(right[j].tokens) <= high]
        yield i, near


def _align_two(left: Sequence[_Sentence], right: Sequence[_Sentence], threshold: float) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching of sentence indices, best score first; ties broken by text order.

    Not every pair of sentences is scored (quadratic: 57 s for two articles of 197 KB). Sentences with the same
    words score 1.0 and are paired first, in text order, as the greedy matching would pair them. The rest are
    scored only against the candidates of :func:`_candidates`; on texts of the seeds' size that is every
    sentence that can reach the threshold, so the result is the same as scoring all pairs.
    """
    if threshold <= 0:
        raise ValueError(f"threshold {threshold} must be above 0: at 0 every two sentences would be scored")
    short_left = {i for i, s in enumerate(left) if len(s.tokens) < MIN_TOKENS}
    short_right = {j for j, s in enumerate(right) if len(s.tokens) < MIN_TOKENS}
    same: dict[frozenset[str], collections.deque[int]] = {}
    for j, sb in enumerate(right):
        if j not in short_right:
            same.setdefault(sb.tokens, collections.deque()).append(j)
    used_left: set[int] = set()
    used_right: set[int] = set()
    matched = []
    for i, sa in enumerate(left):
        if i not in short_left and same.get(sa.tokens):
            j = same[sa.tokens].popleft()
            used_left.add(i)
            used_right.add(j)
            matched.append((i, j, 1.0))
    scored = []
    for i, near in _candidates(left, right, threshold, short_left | used_left, short_right | used_right):
        for j in near:
            score = _jaccard(left[i].tokens, right[j].tokens)
            if score >= threshold:
                scored.append((-score, i, j))
    for negative, i, j in sorted(scored):
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        matched.append((i, j, -negative))
    return sorted(matched)


def _analysed_pairs(articles: Sequence[Article], threshold: float):
    analysed = [_analyse(a) for a in articles]
    for (ia, a), (ib, b) in itertools.combinations(enumerate(articles), 2):
        yield a, analysed[ia], b, analysed[ib], _align_two(analysed[ia], analysed[ib], threshold)


def align(articles: Sequence[Article], threshold: float = MIN_SIMILARITY) -> list[Pair]:
    """Match the sentences of every two articles.

    Parameters
    ----------
    articles : sequence of Article
        Versions of one story; every two of them are aligned (``a`` is the earlier one in the sequence).
    threshold : float
        The lowest Jaccard similarity of word sets (folded words) at which two sentences are matched.

    Returns
    -------
    list of Pair
        For each two articles in sequence order, the matched sentences in the first article's text order. Each
        sentence is matched at most once per other article; sentences under ``MIN_TOKENS`` words are skipped.
    """
    pairs = []
    for a, left, b, right, matched in _analysed_pairs(articles, threshold):
        pairs.extend(Pair(a.file, left[i].span, b.file, right[j].span, round(score, 4)) for i, j, score in matched)
    return pairs


def _agree(x: str, y: str) -> bool:
    """Two resolved dates name the same day or range; a month-day ("--11-25") agrees with any year's."""
    if not x or not y:
        return False
    if x == y:
        return True
    partial, full = (x, y) if x.startswith("--") else (y, x)
    return partial.startswith("--") and "/" not in full and full[4:] == partial[1:]


class _Pool:
    """The claims of one sentence, taken out by key, each time the first one left in text order.

    Buckets of indices per key instead of a scan of the list per claim (quadratic: a sentence may hold
    thousands of figures); a taken claim is dropped from a bucket when it reaches the front.
    """

    def __init__(self, claims: Sequence[_Claim]):
        self.claims = list(claims)
        self.taken: set[int] = set()

    def buckets(self, keys_of) -> dict[object, collections.deque[int]]:
        found: dict[object, collections.deque[int]] = {}
        for n, claim in enumerate(self.claims):
            if n not in self.taken:
                for key in keys_of(claim):
                    found.setdefault(key, collections.deque()).append(n)
        return found

    def take(self, buckets: dict[object, collections.deque[int]], keys: Iterable[object]) -> _Claim | None:
        best = None
        for key in keys:
            queue = buckets.get(key)
            while queue and queue[0] in self.taken:
                queue.popleft()
            if queue and (best is None or queue[0] < best):
                best = queue[0]
        if best is None:
            return None
        self.taken.add(best)
        return self.claims[best]

    def left(self) -> list[_Claim]:
        return [claim for n, claim in enumerate(self.claims) if n not in self.taken]


def _agreeing(value: str) -> tuple[tuple[str, str], ...]:
    """Keys under which a claim is filed: two values agree (:func:`_agree`) when one's ``_wanted`` meets these."""
    if not value:
        return ()
    if value.startswith("--"):
        return (("=", value), ("md", value[1:]))
    return (("=", value),) if "/" in value else (("=", value), ("day-md", value[4:]))


def _wanted(value: str) -> tuple[tuple[str, str], ...]:
    """Keys of the claims that agree with ``value``: itself; a month-day with a full date of that month-day."""
    if not value:
        return ()
    if value.startswith("--"):
        return (("=", value), ("day-md", value[1:]))
    return (("=", value),) if "/" in value else (("=", value), ("md", value[4:]))


def _differ(kind: str, a: Article, sa: _Sentence, ca: _Claim | None, b: Article, sb: _Sentence, cb: _Claim | None):
    return Difference(
        kind=kind,
        a_file=a.file,
        a_text=ca.text if ca else "",
        b_file=b.file,
        b_text=cb.text if cb else "",
        a_sentence=sa.text,
        b_sentence=sb.text,
        a_value=ca.value if ca else "",
        b_value=cb.value if cb else "",
        a_start=ca.start if ca else -1,
        b_start=cb.start if cb else -1,
    )


def _compare_figures(a: Article, sa: _Sentence, b: Article, sb: _Sentence) -> Iterable[Difference]:
    right = _Pool(sb.figures)
    by_value = right.buckets(lambda claim: (claim.value,))
    # The same number on both sides: no difference.
    left = [fa for fa in sa.figures if right.take(by_value, (fa.value,)) is None]
    by_unit = right.buckets(lambda claim: (claim.key,))
    rest = []
    for fa in left:  # "700 people" vs "800 people": one figure, two values
        fb = right.take(by_unit, (fa.key,))
        if fb:
            yield _differ("figure", a, sa, fa, b, sb, fb)
        else:
            rest.append(fa)
    for fa, fb in itertools.zip_longest(rest, right.left()):  # what is left, in order; unmatched: absent on one side
        yield _differ("figure", a, sa, fa, b, sb, fb)


def _compare_dates(a: Article, sa: _Sentence, b: Article, sb: _Sentence) -> Iterable[Difference]:
    right = _Pool(sb.dates)
    by_words = right.buckets(lambda claim: (claim.key,))
    left = []
    for da in sa.dates:  # the same words: the same claim, unless the articles' dates make them differ
        db = right.take(by_words, (da.key,))
        if db is None:
            left.append(da)
        elif da.value and db.value and not _agree(da.value, db.value):
            yield _differ("date", a, sa, da, b, sb, db)
    by_date = right.buckets(lambda claim: _agreeing(claim.value))
    rest = []
    for da in left:  # other words, the same date ("yesterday" on 16 Nov, "Sunday" on 15 Nov)
        db = right.take(by_date, _wanted(da.value))
        if db:
            yield _differ("date-wording", a, sa, da, b, sb, db)
        else:
            rest.append(da)
    for da, db in itertools.zip_longest(rest, right.left()):
        if da and db:
            yield _differ("date" if da.value and db.value else "date-unresolved", a, sa, da, b, sb, db)
        else:  # a date given on one side only
            yield _differ("date", a, sa, da, b, sb, db)


class _Resolver:
    """Gazetteer lookups for the spelling check, each name looked up once per call of :func:`differences`."""

    def __init__(self, gazetteers: Sequence[Gazetteer]):
        self.gazetteers = gazetteers
        self.cache: dict[tuple[int, str], str | None] = {}
        self.skeletons: dict[str, str] = {}

    def exact(self, index: int, key: str) -> str | None:
        hit = self.gazetteers[index].by_key.get(key)
        return hit[0] if hit else None

    def resolve(self, index: int, key: str) -> str | None:
        found = self.exact(index, key)
        if found or len(key) < MIN_FUZZY_LENGTH:
            return found
        if (index, key) not in self.cache:
            self.cache[(index, key)] = self.gazetteers[index].resolve(key)
        return self.cache[(index, key)]

    def skeleton(self, key: str) -> str:
        if key not in self.skeletons:
            self.skeletons[key] = skeleton(key)
        return self.skeletons[key]

    def same_entry(self, x: str, y: str) -> str | None:
        """The id both names resolve to in one gazetteer, or None."""
        close = (
            self.skeleton(x) == self.skeleton(y) or edit_distance(x, y, MAX_SPELLING_DISTANCE) <= MAX_SPELLING_DISTANCE
        )
        for index in range(len(self.gazetteers)):
            ex, ey = self.exact(index, x), self.exact(index, y)
            if ex and ey:  # two known names of one entry ("Stepanakert", "Khankendi")
                if ex == ey:
                    return ex
                continue
            if close:  # a misspelling: resolve it the way the gazetteer's fuzzy lookup does
                fx, fy = ex or self.resolve(index, x), ey or self.resolve(index, y)
                if fx and fx == fy:
                    return fx
        return None


def _compare_names(a: Article, sa: _Sentence, b: Article, sb: _Sentence, resolver: _Resolver) -> Iterable[Difference]:
    only_a = [k for k in sa.names if k not in sb.names]
    only_b = [k for k in sb.names if k not in sa.names]
    # Two names can be one entry's only if both resolve to it in one gazetteer: join on that entry instead of
    # trying every pair (a long sentence holds thousands of names). Candidates are visited in only_b's order,
    # as the pairwise loop did, so the same differences come out in the same order.
    gazetteers = range(len(resolver.gazetteers))
    by_entry: list[dict[str, list[int]]] = [{} for _ in gazetteers]
    for j, kb in enumerate(only_b):
        for index in gazetteers:
            entry = resolver.resolve(index, kb)
            if entry:
                by_entry[index].setdefault(entry, []).append(j)
    reported: set[str] = set()
    for ka in only_a:
        near: set[int] = set()
        for index in gazetteers:
            entry = resolver.resolve(index, ka)
            if entry and entry not in reported:
                near.update(by_entry[index].get(entry, ())[:MAX_SPELLING_CANDIDATES])
        for kb in (only_b[j] for j in sorted(near)):
            entry = resolver.same_entry(ka, kb)
            if entry and entry not in reported:
                reported.add(entry)
                na, nb = sa.names[ka], sb.names[kb]
                yield _differ(
                    "spelling", a, sa, _Claim(na.text, na.start, entry), b, sb, _Claim(nb.text, nb.start, entry)
                )


def _missing(article: Article, sentence: _Sentence, other: Article) -> Difference | None:
    claims = sorted([*sentence.figures, *sentence.dates], key=lambda c: c.start)
    if not claims:
        return None
    return Difference(
        kind="missing",
        a_file=article.file,
        a_text="; ".join(c.text for c in claims),
        b_file=other.file,
        b_text="",
        a_sentence=sentence.text,
        b_sentence="",
        a_value="; ".join(c.value for c in claims),
        a_start=sentence.span[0],
    )


def differences(
    articles: Sequence[Article],
    people_gazetteer: Gazetteer,
    place_gazetteer: Gazetteer,
    threshold: float = MIN_SIMILARITY,
) -> list[Difference]:
    """Where every two articles differ on a figure, a date or the spelling of a name.

    Parameters
    ----------
    articles : sequence of Article
        Versions of one story. Relative dates are resolved against each article's ``published`` date; in an
        undated article they stay unresolved and are reported as ``date-unresolved``, never as a difference.
    people_gazetteer, place_gazetteer : Gazetteer
        Used to decide that two spellings name the same person or place.
    threshold : float
        Sentence similarity for :func:`align`.

    Returns
    -------
    list of Difference
        Without duplicates, sorted by kind (``KINDS`` order), file names and position.
    """
    resolver = _Resolver((people_gazetteer, place_gazetteer))
    found: list[Difference] = []
    for a, left, b, right, matched in _analysed_pairs(articles, threshold):
        for i, j, _score in matched:
            sa, sb = left[i], right[j]
            found.extend(_compare_names(a, sa, b, sb, resolver))
            found.extend(_compare_figures(a, sa, b, sb))
            found.extend(_compare_dates(a, sa, b, sb))
        for own, sentences, other, used in (
            (a, left, b, {i for i, _, _ in matched}),
            (b, right, a, {j for _, j, _ in matched}),
        ):
            for index, sentence in enumerate(sentences):
                if index not in used and len(sentence.tokens) >= MIN_TOKENS:
                    missing = _missing(own, sentence, other)
                    if missing:
                        found.append(missing)
    found.sort(key=lambda d: (KINDS.index(d.kind), d.a_file, d.b_file, d.a_start, d.b_start, d.a_text, d.b_text))
    return list(dict.fromkeys(found))
