"""Name matching: fold case, diacritics and transliteration; find places and people by alias or misspelling.

Two keys are used:

* ``fold(text)`` is length-preserving (one character in, one out), so a match in the folded text maps back to
  the same character span in the original. It lower-cases, strips diacritics and folds letters with no
  decomposition (``ə``, ``ı``).
* ``skeleton(text)`` is a coarse phonetic key used only for fuzzy lookup: transliteration digraphs collapse
  (``dzh``, ``dj``, ``zh`` and Azerbaijani ``c`` → ``j``; ``kh``/``x`` → ``h``; ``gh``/``ğ`` → ``g``) and every
  run of vowels becomes one ``*``. "Kelbadjar", "Kalbacar" and "Kalbajar" share a skeleton; so do "Hajieyv" and
  "Hajiyev".

A lookup never silently returns a wrong entry: an exact alias wins; otherwise a fuzzy hit is returned only when
it is unambiguous and marked ``exact=False``; otherwise the result is "not found" with the nearest candidates.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Letters that have no Unicode decomposition to a base letter, folded by hand.
SPECIAL_FOLDS = {
    "ə": "e",
    "Ə": "e",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ß": "s",
    "æ": "e",
    "œ": "e",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
}
# Transliteration digraphs, applied in order after folding (skeleton only).
SKELETON_RULES = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("x", "h"),
    ("q", "g"),
    ("w", "v"),
    ("ph", "f"),
)
VOWEL_RUN = re.compile(r"[aeiouy]+")
WORD = re.compile(r"\w+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# What may separate the words of a multi-word alias in a text: spaces (not a line break), hyphens, apostrophes.
# Possessive: the next word starts with a word character, which the gap never takes, so giving back is useless
# (and on a run of 200,000 spaces it is what costs).
ALIAS_GAP = re.compile(r"(?:[^\S\n]|[\-'])++")
# Unicode format characters (category Cf: soft hyphen, zero-width space and joiners, word joiner, BOM...). They
# are invisible, so a name with one inside ("Kal\u200bbajar") reads as the name: scans and keys skip them.
# Listed from Unicode 15 (a test checks the running Python's tables against it) rather than built from
# ``unicodedata`` at import, which would walk 1.1 million code points.
FORMAT_CHAR = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
NON_WORD = re.compile(r"[^\w*]+")
# Fuzzy matching limits: a name shorter than MIN_FUZZY_LENGTH must match exactly (short names collide).
MIN_FUZZY_LENGTH = 5
MAX_FUZZY_DISTANCE = 2  # the most edits a fuzzy lookup accepts (names of nine letters or more; one below that)
MAX_CANDIDATES = 3


class _FoldTable(dict):
    """``str.translate`` table that computes each character's fold on first use."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        if char in SPECIAL_FOLDS:
            folded = SPECIAL_FOLDS[char]
        else:
            lower = char.lower()
            if len(lower) != 1:  # e.g. "İ" lowers to two code points; keep one
                lower = lower[0]
            base = unicodedata.normalize("NFKD", lower)
            folded = base[0] if base and not unicodedata.combining(base[0]) else lower
            if len(folded) != 1:
                folded = lower
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, keeping its length (``len(fold(t)) == len(t)``).

    Examples
    --------
    >>> fold("Kəlbəcər")
    'kelbecer'
    >>> fold("Füzuli")
    'fuzuli'
    """
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is two characters ("İ"): fold char by char
        return text.translate(_FOLD_TABLE)
    if lower.isascii():
        return lower
    # Only the few non-ASCII characters need the table; C does the rest.
    return NON_ASCII.sub(lambda m: _FOLD_TABLE[ord(m.group(0))], lower)


def normalise(text: str) -> str:
    """Fold and collapse punctuation and spaces: the exact-match key of a name."""
    return " ".join(NON_WORD.sub(" ", fold(FORMAT_CHAR.sub("", unicodedata.normalize("NFC", text)))).split())


def skeleton(text: str) -> str:
    """Coarse phonetic key for fuzzy lookup (see the module docstring)."""
    key = normalise(text).replace(" ", "")
    key = key.replace("'", "")
    for old, new in SKELETON_RULES:
        key = key.replace(old, new)
    # Azerbaijani Latin "c" is English "j" (Kalbacar = Kalbajar); the key is coarse, so "ch" joins them too.
    key = key.replace("c", "j")
    key = VOWEL_RUN.sub("*", key)
    return re.sub(r"(.)\1+", r"\1", key)  # doubled letters: "Aghdamm", "Fuzzuli"


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class Match:
    """The result of a lookup.

    Attributes
    ----------
    query : str
        What was looked up, as written.
    id : str or None
        The entry found, or None when not found.
    exact : bool
        True when the query is a known alias (after folding); False for a fuzzy or failed match.
    matched : str
        The alias the query matched ("" when not found).
    candidates : tuple of (id, alias, distance)
        The nearest entries, best first, given whether or not a match was found.
    """

    query: str
    id: str | None
    exact: bool
    matched: str = ""
    candidates: tuple[tuple[str, str, int], ...] = field(default=())

    @property
    def found(self) -> bool:
        return self.id is not None

    def describe(self) -> str:
        """A one-line human account of the match, used in error messages and the UI."""
        if self.found and self.exact:
            return f"{self.query!r} is {self.id} (alias {self.matched!r})"
        if self.found:
            return f"{self.query!r} read as {self.id} (nearest spelling {self.matched!r})"
        near = ", ".join(f"{cid} ({alias!r})" for cid, alias, _ in self.candidates) or "none"
        return f"{self.query!r} not found; nearest: {near}"


class Gazetteer:
    """Aliases of a set of entries (places or people) and lookups over them.

    Parameters
    ----------
    names : mapping of id to iterable of names
        Every name of every entry, display name first.
    priority : mapping of id to int, optional
        When one alias belongs to several entries, the entry with the lowest priority wins (a district beats
        the town of the same name). Equal priorities for a shared alias are an error: the data is ambiguous.
    """

    def __init__(self, names: Mapping[str, Iterable[str]], priority: Mapping[str, int] | None = None):
        priority = priority or {}
        self.names = {entry_id: tuple(n for n in entry_names if n) for entry_id, entry_names in names.items()}
        self.by_key: dict[str, tuple[str, str]] = {}
        for entry_id, entry_names in self.names.items():
            for name in entry_names:
                key = normalise(name)
                if not key:
                    continue
                held = self.by_key.get(key)
                if held is None or held[0] == entry_id:
                    self.by_key.setdefault(key, (entry_id, name))
                    continue
                mine, theirs = priority.get(entry_id, 0), priority.get(held[0], 0)
                if mine == theirs:
                    raise ValueError(f"alias {name!r} belongs to both {held[0]} and {entry_id}")
                if mine < theirs:
                    self.by_key[key] = (entry_id, name)
        self._index: dict[str, list[tuple[re.Pattern[str], str]]] | None = None
        self._deletions: dict[str, set[str]] | None = None
        self.by_skeleton: dict[str, set[str]] = {}
        for key, (entry_id, _name) in self.by_key.items():
            self.by_skeleton.setdefault(skeleton(key), set()).add(entry_id)

    def lookup(self, query: str) -> Match:
        """Find the entry a name refers to. See the module docstring for the rules."""
        key = normalise(query)
        hit = self.by_key.get(key)
        candidates = self.nearest(key)
        if hit:
            return Match(query, hit[0], True, hit[1], candidates)
        if len(key) >= MIN_FUZZY_LENGTH:
            same_sound = self.by_skeleton.get(skeleton(key), set())
            if len(same_sound) == 1:
                entry_id = next(iter(same_sound))
                alias = next((c[1] for c in candidates if c[0] == entry_id), self.names[entry_id][0])
                return Match(query, entry_id, False, alias, candidates)
            # One edit away (two for long names) from exactly one entry, and clearly nearer than any other.
            allowed = 1 if len(key) < 9 else 2
            close = [c for c in candidates if c[2] <= allowed]
            if (
                close
                and len({c[0] for c in close}) == 1
                and (len(candidates) == len(close) or candidates[len(close)][2] > close[0][2])
            ):
                return Match(query, close[0][0], False, close[0][1], candidates)
        return Match(query, None, False, "", candidates)

    def resolve(self, query: str) -> str | None:
        """``lookup(query).id``, without ranking every alias: what a caller that needs only the id should use.

        :meth:`lookup` measures the distance to all aliases for its list of candidates (about 20 ms); this finds
        the aliases within ``MAX_FUZZY_DISTANCE`` through an index of their deletion variants (two strings within
        that distance share a string made by deleting at most that many characters from each), so a name far
        from every alias costs a few dictionary lookups.
        """
        key = normalise(query)
        hit = self.by_key.get(key)
        if hit:
            return hit[0]
        if len(key) < MIN_FUZZY_LENGTH:
            return None
        same_sound = self.by_skeleton.get(skeleton(key), set())
        if len(same_sound) == 1:
            return next(iter(same_sound))
        # As lookup: the one entry within one edit (two for long names); none when two entries are that close.
        allowed = 1 if len(key) < 9 else 2
        index = self._deletion_index()
        near = {alias for variant in _deletion_variants(key, allowed) for alias in index.get(variant, ())}
        close = {self.by_key[alias][0] for alias in near if edit_distance(key, alias, limit=allowed) <= allowed}
        return next(iter(close)) if len(close) == 1 else None

    def _deletion_index(self) -> dict[str, set[str]]:
        """Every alias key with up to ``MAX_FUZZY_DISTANCE`` characters deleted -> the alias keys it comes from."""
        if self._deletions is None:
            self._deletions = {}
            for alias in self.by_key:
                for variant in _deletion_variants(alias, MAX_FUZZY_DISTANCE):
                    self._deletions.setdefault(variant, set()).add(alias)
        return self._deletions

    def nearest(self, key: str, limit: int = MAX_CANDIDATES) -> tuple[tuple[str, str, int], ...]:
        """The ``limit`` entries whose aliases are nearest to a normalised key, one row per entry."""
        best: dict[str, tuple[int, str]] = {}
        for alias_key, (entry_id, alias) in self.by_key.items():
            distance = edit_distance(key, alias_key, limit=4)
            if entry_id not in best or distance < best[entry_id][0]:
                best[entry_id] = (distance, alias)
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        return tuple((entry_id, alias, distance) for entry_id, (distance, alias) in ranked)

    def scan(self, folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Every alias in ``folded[start:end]`` as a whole word sequence, longest first: ``(start, end, id)``.

        ``folded`` is ``fold(text)``; folding keeps length, so the spans are spans of ``text``. Words of a
        multi-word alias may be separated by spaces, hyphens or apostrophes ("Nagorno-Karabakh", "Ch'arek'tar").
        Format characters (``FORMAT_CHAR``) are skipped: "Kal\u200bbajar" is Kalbajar, its span covering the
        zero-width space. A dictionary lookup per word, not one regex of hundreds of alternatives: several times
        faster.
        """
        end = len(folded) if end is None else end
        if FORMAT_CHAR.search(folded, start, end) is None:
            return self._scan(folded, start, end)
        # Scan the text without them, then map each span back: ``kept[i]`` is where the i-th kept character is.
        kept: list[int] = []
        cursor = start
        for m in FORMAT_CHAR.finditer(folded, start, end):
            kept.extend(range(cursor, m.start()))
            cursor = m.end()
        kept.extend(range(cursor, end))
        compact = FORMAT_CHAR.sub("", folded[start:end])
        return [(kept[s], kept[e - 1] + 1, entry_id) for s, e, entry_id in self._scan(compact, 0, len(compact))]

    def _scan(self, folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
        index = self._word_index()
        present = index.keys() & set(WORD.findall(folded, start, end))
        if not present:
            return []
        found, last_end = [], start
        for first in _first_words_pattern(frozenset(present)).finditer(folded, start, end):
            if first.start() < last_end:
                continue  # inside the previous, longer match
            for alias, entry_id in index[first.group(0)]:  # longest alias first
                whole = alias.match(folded, first.start(), end)
                if whole:
                    found.append((whole.start(), whole.end(), entry_id))
                    last_end = whole.end()
                    break
        return found

    def _word_index(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        """First word of every alias -> (pattern of the whole alias, entry id), longest alias first."""
        if self._index is None:
            grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
            for key, (entry_id, _name) in self.by_key.items():
                alias_words = tuple(WORD.findall(key))
                if alias_words:
                    grouped.setdefault(alias_words[0], []).append((alias_words, entry_id))
            self._index = {
                first: [
                    (re.compile(ALIAS_GAP.pattern.join(re.escape(w) for w in words) + r"(?!\w)"), entry_id)
                    for words, entry_id in sorted(options, key=lambda option: (-len(option[0]), option[0]))
                ]
                for first, options in grouped.items()
            }
        return self._index


def _deletion_variants(text: str, deletions: int) -> set[str]:
    """``text`` with any ``deletions`` or fewer characters deleted."""
    variants, layer = {text}, {text}
    for _ in range(deletions):
        layer = {word[:i] + word[i + 1 :] for word in layer for i in range(len(word))}
        variants |= layer
    return variants


@functools.lru_cache(maxsize=1024)
def _first_words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of ``words`` as a whole word (cached: articles name the same few places)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)")


def place_gazetteer(places: Mapping[str, object]) -> Gazetteer:
    """Gazetteer of ``geo.places.Place`` objects; a shared name resolves to the district over its town."""
    rank = {"district": 0, "city": 1, "town": 2, "village": 3, "monastery": 3}
    return Gazetteer(
        {pid: p.all_names for pid, p in places.items()},
        priority={pid: rank.get(p.kind, 9) for pid, p in places.items()},
    )


def people_gazetteer(people: Mapping[str, object]) -> Gazetteer:
    """Gazetteer of ``geo.places.Person`` objects."""
    return Gazetteer({pid: p.all_names for pid, p in people.items()})
