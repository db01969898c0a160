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

In running text (:meth:`Gazetteer.scan`) a name is also found inflected: each name's language (``data/names.csv``,
the language columns of ``places.csv``) gives its forms (:mod:`geo.inflection`), so «Кельбаджарского района»,
«Kəlbəcərə» and «Ստեփանակերտում» are Kalbajar and Stepanakert, their spans the words as written. A name that
also means something else (a wine, a valley, a poet, a place elsewhere) needs evidence: see :data:`LOOKALIKE_RULE`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz.distance import OSA

from geo.inflection import inflected_forms

# Letters that have no Unicode decomposition to a base letter, folded by hand.
SPECIAL_FOLDS = {
    "ə": "e",
    "Ə": "e",
    # Cyrillic schwa: typed for the Latin one inside Latin Azerbaijani ("Azәrbaycan", "Kәlbәcәr"), and the letter
    # of Soviet Cyrillic Azerbaijani (Кәлбәҹәр): folded like the Latin letter, so both read as the name.
    "ә": "e",
    "Ә": "e",
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
    ("dsch", "j"),  # German transliteration: Dschabrail, Kalbadschar, Latschin, Schuscha
    ("tsch", "c"),
    ("sch", "s"),
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
# Longer words are no near spelling: names are shorter, and a 200 KB "word" must cost no more than a short one.
NEAR_MAX_LENGTH = 30
NEAR_MAX_NEW_WORDS = 1_000  # per text: an article has a few hundred distinct capitalised words
NEAR_CACHE_SIZE = 100_000
NEAR_MIN_LENGTH = 6  # a word in running text read as a near spelling of a name: shorter words collide too often
# A capitalised word of NEAR_MIN_LENGTH to NEAR_MAX_LENGTH characters (capitals of Latin, Cyrillic, Armenian).
# After a small letter it is a word glued to the one before it by a lost space ("AliyevZengilan"). Groups: the
# capital, the small letter before it (glued) or "", the rest of the word. The pattern starts with the capital and
# looks behind it from there: starting with the look-behind made the engine try it at every character of a text,
# 3.6 times slower.
CAPITALS = "A-ZÀ-ÖØ-ÞƏİĞŞÇÖÜА-ЯЁԱ-Ֆ"
SMALL_LETTER = "a-zəığşçöüäéа-яё"
CAPITALISED = re.compile(
    rf"([{CAPITALS}])(?:(?<=([{SMALL_LETTER}]).)|(?<!\w.))"
    rf"([^\W_{CAPITALS}]{{{NEAR_MIN_LENGTH - 1},{NEAR_MAX_LENGTH - 1}}})(?![^\W_{CAPITALS}])"
)
MAX_FUZZY_DISTANCE = 2  # the most edits a fuzzy lookup accepts (names of nine letters or more; one below that)
MAX_CANDIDATES = 3

SCRIPT_RANGES = {
    "Latn": ((0x41, 0x2AF), (0x1E00, 0x1EFF)),
    "Cyrl": ((0x400, 0x52F),),
    "Armn": ((0x531, 0x58F), (0xFB13, 0xFB17)),
}
# The language a name with none given is inflected as, by its script: Russian is the press language written in
# Cyrillic here, Armenian the one in Armenian letters; a Latin name of no stated language takes no endings.
SCRIPT_LANGUAGE = {"Cyrl": "ru", "Armn": "hy"}
AZERBAIJANI_LETTERS = re.compile("[əğışçöüqx]")
LOOKALIKE_RULE = """A name that also means something else becomes a mention only with evidence (issue 11, item 3).

A name is a look-alike when ``data/names.csv`` says so: a ``lookalike`` row (the name is also a wine, a valley,
a poet, an archangel, a football club...) or an ``elsewhere`` row (another place has the same name). Each gives
``context``: words that, near the name, mean the other thing. A look-alike found in a text is a mention when

0. for a name another place bears (``elsewhere``), no word within ``LOOKALIKE_WINDOW`` characters begins with
   one of the words that place the other one (Gegharkunik, Sevan); then
1. a place word (``PLACE_WORDS``: district, town, город, район, շրջան, rayonu, Bezirk...) is the word just before
   or just after it in its sentence («в Агдаме (город в Карабахе)»); otherwise only when
2. it does not stand alone in quotation marks («Агдам», a title or a brand), and
3. no word within ``LOOKALIKE_WINDOW`` characters begins with one of its ``context`` words, and
4. the text supports it: it names another place of the gazetteer by a name that is neither a look-alike nor a
   near spelling, or it is about the region (a ``TOPIC_WORDS`` word: Karabakh, Карабах, Ղարաբաղ, Qarabağ...).

A near spelling (one edit from a name, :meth:`Gazetteer._near_spellings`: "Kalbadschar", "Laschin") is held to
rules 1, 2 and 4.

Otherwise the name is left alone: a wine list, a hike in the Susa valley or Martuni in Gegharkunik puts nothing
on the map.
"""
# The word next to a name within its sentence: across spaces, brackets, quotation marks and commas, not a stop.
WORD_BEFORE = re.compile(r"(\w+)[^\w.!?\n]{0,4}$")
WORD_AFTER = re.compile(r"[^\w.!?\n]{0,4}(\w+)")
QUOTES_BEFORE = "«\"“„‘'"
QUOTES_AFTER = "»\"”“’'"
LOOKALIKE_WINDOW = 60  # characters either side: a sentence's stretch around the name, bounded for linear time
# Word beginnings (folded) that make a look-alike a place when next to it.
PLACE_WORDS = (
    "district", "region", "town", "city", "village", "province", "rayon", "raion",
    "район", "город", "село", "сел", "посел", "шрджан",
    "շրջան", "քաղաք", "գյուղ", "մարզ",
    "seher", "kend", "qesebe", "bolge", "ilce", "kent", "koy", "sehir",
    "bezirk", "stadt", "dorf", "ville", "commune",
)  # fmt: skip
# Word beginnings (folded) that say a text is about the region.
TOPIC_WORDS = (
    "karabakh", "karabagh", "karabach", "karabag", "karabah", "qarabag", "nagorno", "artsakh", "arzach",
    "карабах", "арцах", "ղարաբաղ", "արցախ",
)  # fmt: skip


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
    """Coarse phonetic key for fuzzy lookup (see the module docstring).

    Cyrillic and Armenian are first written in Latin letters by ``anyascii`` (Кельбаджар → kel'badzhar), so a
    name and its transliteration share a key across scripts.
    """
    key = normalise(text)
    if not key.isascii():
        key = anyascii(key).lower()
    key = key.replace(" ", "").replace("'", "")
    for old, new in SKELETON_RULES:
        key = key.replace(old, new)
    # Azerbaijani Latin "c" is English "j" (Kalbacar = Kalbajar); the key is coarse, so "ch" joins them too.
    key = key.replace("c", "j")
    key = VOWEL_RUN.sub("*", key)
    return re.sub(r"(.)\1+", r"\1", key)  # doubled letters: "Aghdamm", "Fuzzuli"


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), capped at ``limit + 1``.

    ``rapidfuzz``'s OSA in C, which stops once the distance passes ``limit``.
    """
    return OSA.distance(a, b, score_cutoff=limit)


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

    def __init__(
        self,
        names: Mapping[str, Iterable[str]],
        priority: Mapping[str, int] | None = None,
        languages: Mapping[str, Iterable[str]] | None = None,
        lookalikes: Mapping[str, Iterable[str]] | None = None,
        elsewhere: Mapping[str, Iterable[str]] | None = None,
    ):
        priority = priority or {}
        self.priority = dict(priority)
        self._near_cache: dict[str, tuple[str, str] | None] = {}
        self._known_words: frozenset[str] | None = None
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
        # Look-alike alias keys -> the words (folded) that, near the name, mean the other thing.
        self.lookalikes: dict[str, tuple[str, ...]] = {}
        # The look-alike as written, lower case: "Agdam" is the wine's name, "Ağdam" only the place's.
        self.lookalike_spellings: dict[str, tuple[str, ...]] = {}
        for name, context in (lookalikes or {}).items():
            key = normalise(name)
            self.lookalikes[key] = (*self.lookalikes.get(key, ()), *(fold(w) for w in context))
            self.lookalike_spellings[key] = (*self.lookalike_spellings.get(key, ()), name.lower())
        # Names another place also bears -> the words (folded) that place that other one: they outweigh a place
        # word ("Martuni town in Gegharkunik" is a town, but the other one).
        self.elsewhere = {normalise(k): tuple(fold(w) for w in v) for k, v in (elsewhere or {}).items()}
        for key in self.elsewhere:
            self.lookalikes.setdefault(key, ())
            self.lookalike_spellings.setdefault(key, ())
        self.forms = self._inflections(languages or {})
        self._index: dict[str, list[tuple[tuple[str, ...], str, str]]] | None = None
        self._deletions: dict[str, set[str]] | None = None
        self.by_skeleton: dict[str, set[str]] = {}
        for key, (entry_id, _name) in self.by_key.items():
            self.by_skeleton.setdefault(skeleton(key), set()).add(entry_id)

    def _inflections(self, languages: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
        """Inflected form of an alias word (folded) -> the alias words (folded) it is a form of.

        ``languages`` maps a name as written to its languages; a name not in it is inflected as its script's
        language (``SCRIPT_LANGUAGE``). Each word of a name is declined on its own (Кельбаджарского + района).
        """
        forms: dict[str, set[str]] = {}
        for entry_names in self.names.values():
            for name in entry_names:
                langs = set(languages.get(name, ())) or _language_by_letters(name)
                if not langs:
                    continue
                written = FORMAT_CHAR.sub("", unicodedata.normalize("NFC", name)).lower()
                folded_words, written_words = WORD.findall(fold(written)), WORD.findall(written)
                if len(folded_words) != len(written_words):
                    continue  # a letter that folds to a non-letter: leave the name uninflected
                for lang in langs:
                    for base, word in zip(folded_words, written_words, strict=True):
                        for form in inflected_forms(word, lang):
                            folded = fold(form)
                            if folded != base:
                                forms.setdefault(folded, set()).add(base)
        return {form: frozenset(bases) for form, bases in forms.items()}

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

    def scan(
        self, folded: str, start: int = 0, end: int | None = None, text: str | None = None, evidence: bool = True
    ) -> list[tuple[int, int, str]]:
        """Every alias in ``folded[start:end]`` as a whole word sequence, longest first: ``(start, end, id)``.

        ``folded`` is ``fold(text)``; folding keeps length, so the spans are spans of ``text``. Words of a
        multi-word alias may be separated by spaces, hyphens or apostrophes ("Nagorno-Karabakh", "Ch'arek'tar").
        Format characters (``FORMAT_CHAR``) are skipped: "Kal\u200bbajar" is Kalbajar, its span covering the
        zero-width space. A dictionary lookup per word, not one regex of hundreds of alternatives: several times
        faster.
        """
        end = len(folded) if end is None else end
        if folded.isascii() or FORMAT_CHAR.search(folded, start, end) is None:
            return self._scan(folded, start, end, text, evidence)
        # Scan the text without them, then map each span back: ``kept[i]`` is where the i-th kept character is.
        kept: list[int] = []
        cursor = start
        for m in FORMAT_CHAR.finditer(folded, start, end):
            kept.extend(range(cursor, m.start()))
            cursor = m.end()
        kept.extend(range(cursor, end))
        compact = FORMAT_CHAR.sub("", folded[start:end])
        return [
            (kept[s], kept[e - 1] + 1, entry_id)
            for s, e, entry_id in self._scan(compact, 0, len(compact), None, evidence)
        ]

    def _scan(
        self, folded: str, start: int, end: int, text: str | None = None, evidence: bool = True
    ) -> list[tuple[int, int, str]]:
        index = self._word_index()
        words = word_set(folded, start, end)
        present = self._starts & words
        near = self._near_spellings(folded, start, end, text) if text is not None and evidence else []
        if not present and not near:
            return []
        found: list[tuple[int, int, str, str]] = []  # start, end, entry id, alias key
        last_end = start
        for first_start, first_end, first_word in occurrences(folded, present, start, end):
            if first_start < last_end:
                continue  # inside the previous, longer match
            best: tuple[int, int, str, str] | None = None
            following: tuple[int, tuple[str, ...]] | None = None  # the next word's end and bases, read once
            for base in self._bases(first_word):
                for words, entry_id, key in index.get(base, ()):  # longest alias first
                    if best is not None and len(words) <= len(best[3].split()):
                        break
                    if len(words) == 1:
                        best = (first_start, first_end, entry_id, key)
                        break
                    if following is None:
                        following = self._next_word(folded, first_end, end)
                    if words[1] not in following[1]:
                        continue
                    alias_end = self._rest_matches(folded, following[0], end, words[2:])
                    if alias_end is not None:
                        best = (first_start, alias_end, entry_id, key)
                        break
            if best is not None:
                found.append(best)
                last_end = best[1]
        if near:
            taken = [(s, e) for s, e, *_rest in found]
            found.extend(hit for hit in near if not any(a < hit[1] and hit[0] < b for a, b in taken))
            found.sort()
        if evidence and any(key in self.lookalikes or key.startswith("~") for *_span, key in found):
            found = self._with_evidence(folded, start, end, found, text)
        return [(s, e, entry_id) for s, e, entry_id, _key in found]

    def _near_spellings(self, folded: str, start: int, end: int, text: str) -> list[tuple[int, int, str, str]]:
        """Capitalised words of ``NEAR_MIN_LENGTH`` letters or more that are no name but one edit from one (or
        share its skeleton): "Kalbadschar", "Laschin", "Füsuli". Their key starts with "~": they need evidence."""
        if self._known_words is None:
            self._word_index()
            alias_words = {w for key in self.by_key for w in WORD.findall(key)}
            self._known_words = frozenset(self._start_words | self.forms.keys() | alias_words)
        hits = {}
        glued: set[str] = set()
        # Capitalised words only (a name is written so), and those glued to the word before by a lost space
        # ("AliyevZengilan"): one regular expression collects both in C; each distinct word is weighed once.
        weighed = 0  # distinct words not yet in the cache, weighed in this text
        if len(self._near_cache) > NEAR_CACHE_SIZE:
            self._near_cache.clear()  # hostile texts of made-up words must not grow it without end
        for capital, before, rest in set(CAPITALISED.findall(text, start, end)):  # distinct (capital, glued?, rest)
            token = capital + rest
            if before:
                glued.add(token)
                continue
            if token not in self._near_cache:
                weighed += 1
                if weighed > NEAR_MAX_NEW_WORDS:
                    continue  # a text of thousands of distinct made-up names: the rest are not weighed
                word = fold(token)
                known = word in self._known_words or word.isdigit()
                self._near_cache[token] = None if known else self._near(word)
            if self._near_cache[token] is not None:
                hits[fold(token)] = self._near_cache[token]
        found = []
        if hits:
            for at, after, word in occurrences(folded, hits, start, end):
                if text[at].isupper():
                    entry_id, key = hits[word]
                    found.append((at, after, entry_id, "~" + key))
        for token in glued:
            word = fold(token)
            single = next(
                (o for base in self._bases(word) for o in self._word_index().get(base, ()) if len(o[0]) == 1), None
            )
            if single:
                at = folded.find(word, start + 1, end)
                while at >= 0:
                    after = at + len(word)
                    if text[at - 1].isalnum() and (after >= len(folded) or not _is_word_char(folded[after])):
                        found.append((at, after, single[1], "~" + single[2]))  # glued to the word before
                    at = folded.find(word, after, end)
        return sorted(found)

    def _near(self, word: str) -> tuple[str, str] | None:
        """The entry and alias key one folded word is a near spelling of, when exactly one entry is nearest."""
        same_sound = self.by_skeleton.get(skeleton(word), set())
        if same_sound:
            chosen = self._by_priority(same_sound)
            key = next((k for k, (e, _n) in self.by_key.items() if e == chosen), "") if chosen else ""
            return (chosen, key) if chosen else None
        allowed = 1 if len(word) < 9 else 2
        index = self._deletion_index()
        near = {alias for variant in _deletion_variants(word, allowed) for alias in index.get(variant, ())}
        close = {alias for alias in near if edit_distance(word, alias, limit=allowed) <= allowed}
        chosen = self._by_priority({self.by_key[alias][0] for alias in close})
        return (chosen, next(a for a in close if self.by_key[a][0] == chosen)) if chosen else None

    def _by_priority(self, entries: set[str]) -> str | None:
        """The one entry of ``entries`` of the lowest priority (a district over its town), or None on a tie."""
        if len(entries) <= 1:
            return next(iter(entries), None)
        ranked = sorted(entries, key=lambda e: self.priority.get(e, 0))
        first, second = ranked[0], ranked[1]
        return first if self.priority.get(first, 0) < self.priority.get(second, 0) else None

    def _bases(self, word: str) -> tuple[str, ...]:
        """The alias words ``word`` may be: itself and what it is an inflected form of."""
        return (word, *self.forms.get(word, ()))

    def _next_word(self, folded: str, pos: int, end: int) -> tuple[int, tuple[str, ...]]:
        """The end of the word after ``pos`` across an alias gap and the alias words it may be (none: ``()``)."""
        gap = ALIAS_GAP.match(folded, pos, end)
        token = WORD.match(folded, gap.end(), end) if gap else None
        return (token.end(), self._bases(token.group(0))) if token else (pos, ())

    def _rest_matches(self, folded: str, pos: int, end: int, words: tuple[str, ...]) -> int | None:
        """Where an alias ends when its later ``words`` follow ``pos`` (each possibly inflected), else None."""
        for word in words:
            gap = ALIAS_GAP.match(folded, pos, end)
            token = WORD.match(folded, gap.end(), end) if gap else None
            if token is None or word not in self._bases(token.group(0)):
                return None
            pos = token.end()
        return pos

    def _with_evidence(
        self, folded: str, start: int, end: int, found: list[tuple[int, int, str, str]], text: str | None
    ) -> list[tuple[int, int, str, str]]:
        """``found`` without the look-alikes and near spellings that lack evidence (:data:`LOOKALIKE_RULE`).

        With the original ``text``, a name is a look-alike only when written as the look-alike is, letter for
        letter but for case ("Agdam", «Агдам»): "Ağdam" and "Şuşa" fold to the keys of the wine and the Italian
        town but are written only for the places. A near spelling (key ``~...``, :meth:`_near_spellings`) needs
        the same support, without words of another meaning.
        """
        sure = [key for *_span, key in found if key not in self.lookalikes and not key.startswith("~")]
        about_region = bool(sure) or bool(_prefix_pattern(TOPIC_WORDS).search(folded, start, end))
        kept = []
        for hit in found:
            s, e, _entry_id, key = hit
            near_spelling = key.startswith("~")
            lookalike = key in self.lookalikes and (
                text is None or key in self.elsewhere or text[s:e].lower().startswith(self.lookalike_spellings[key])
            )
            if key in self.elsewhere:
                near = WORD.findall(folded, max(start, s - LOOKALIKE_WINDOW), min(end, e + LOOKALIKE_WINDOW))
                if any(w.startswith(self.elsewhere[key]) for w in near if w):
                    continue  # the other place's region beside it
            if not (lookalike or near_spelling) or self._place_word_beside(folded, s, e, start, end):
                kept.append(hit)
                continue
            if text is not None and _quoted(text, s, e, start, end):
                continue  # «Агдам» in quotation marks: a title, a brand
            if lookalike:
                near = WORD.findall(folded, max(start, s - LOOKALIKE_WINDOW), min(end, e + LOOKALIKE_WINDOW))
                if any(w.startswith(self.lookalikes[key]) for w in near if w):
                    continue  # words of the other meaning nearby
            if about_region:
                kept.append(hit)
        return kept

    @staticmethod
    def _place_word_beside(folded: str, s: int, e: int, start: int, end: int) -> bool:
        """Whether the word just before or just after ``folded[s:e]`` (in its sentence, across a bracket or a
        quotation mark) is a place word."""
        before = WORD_BEFORE.search(folded, max(start, s - LOOKALIKE_WINDOW), s)
        after = WORD_AFTER.match(folded, e, min(end, e + LOOKALIKE_WINDOW))
        beside = ([before.group(1)] if before else []) + ([after.group(1)] if after else [])
        return any(w.startswith(PLACE_WORDS) for w in beside)

    def entry_of(self, written: str) -> str | None:
        """The entry a span of text as written (possibly inflected) names, as :meth:`scan` reads it, or None.

        The span alone, without its text: a look-alike is read as its place here (the evidence is in the text).
        """
        folded = fold(written)
        hits = self.scan(folded, evidence=False)
        return hits[0][2] if len(hits) == 1 and hits[0][:2] == (0, len(folded)) else None

    @property
    def _starts(self) -> frozenset[str]:
        """Every word that can begin an alias in a text: an alias's first word or an inflected form of it."""
        self._word_index()
        return self._start_words

    def _word_index(self) -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
        """First word of every alias -> (its words, entry id, alias key), longest alias first."""
        if self._index is None:
            grouped: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
            for key, (entry_id, _name) in self.by_key.items():
                alias_words = tuple(WORD.findall(key))
                if alias_words:
                    grouped.setdefault(alias_words[0], []).append((alias_words, entry_id, key))
            self._index = {
                first: sorted(options, key=lambda option: (-len(option[0]), option[0]))
                for first, options in grouped.items()
            }
            self._start_words = frozenset(self._index) | frozenset(
                form for form, bases in self.forms.items() if bases & self._index.keys()
            )
        return self._index


def _deletion_variants(text: str, deletions: int) -> set[str]:
    """``text`` with any ``deletions`` or fewer characters deleted."""
    variants, layer = {text}, {text}
    for _ in range(deletions):
        layer = {word[:i] + word[i + 1 :] for word in layer for i in range(len(word))}
        variants |= layer
    return variants


def _quoted(text: str, s: int, e: int, start: int, end: int) -> bool:
    """Whether ``text[s:e]`` stands alone inside quotation marks («Агдам», "Susa")."""
    return s > start and e < end and text[s - 1] in QUOTES_BEFORE and text[e] in QUOTES_AFTER


@functools.cache
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A word beginning with any of ``prefixes``."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in prefixes) + ")")


def _language_by_letters(name: str) -> set[str]:
    """The language a name with none given is declined as: its script's (``SCRIPT_LANGUAGE``), or Azerbaijani for a
    Latin name with a letter of the Azerbaijani alphabet that English lacks ("Qoris", "Xankəndi")."""
    langs = {SCRIPT_LANGUAGE[s] for s in scripts_of(name) if s in SCRIPT_LANGUAGE}
    if not langs and AZERBAIJANI_LETTERS.search(name.lower()):
        langs.add("az")
    return langs


def scripts_of(text: str) -> set[str]:
    """The scripts (``SCRIPT_RANGES``) of the letters of ``text``; "other" for a letter of none of them."""
    found = set()
    for char in text:
        if char.isalpha():
            code = ord(char)
            found.add(
                next((s for s, ranges in SCRIPT_RANGES.items() if any(a <= code <= b for a, b in ranges)), "other")
            )
    return found


# (text, start, end, its words): the one text being read. A tuple, replaced whole: sessions read texts in threads.
_last_words: tuple = (None, 0, 0, frozenset())


def word_set(folded: str, start: int = 0, end: int | None = None) -> frozenset[str]:
    """The distinct words (``\\w+``) of ``folded[start:end]``; the names scan and the dates of one article share
    them (a one-entry cache keyed on the text object itself)."""
    global _last_words
    end = len(folded) if end is None else end
    text, cached_start, cached_end, cached_words = _last_words
    if text is folded and cached_start == start and cached_end == end:
        return cached_words
    # Split at white space in C, then take apart only the distinct tokens with punctuation in them ("kalbajar,"): the
    # same words as ``WORD.findall`` over the text (``str.isalnum`` is what ``\w`` matches, but "_"), in three
    # quarters of its time.
    words: set[str] = set()
    for token in set(folded[start:end].split()):
        if token.isalnum():
            words.add(token)
        else:
            words.update(WORD.findall(token))
    found = frozenset(words)
    _last_words = (folded, start, end, found)
    return found


def occurrences(folded: str, words: Iterable[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence of ``words`` in ``folded[start:end]``, in text order. ``str.find`` per word: an
    article holds a few of them, and one pattern of alternatives over the whole text is the slower way."""
    found = []
    for word in words:
        at = folded.find(word, start, end)
        while at >= 0:
            after = at + len(word)
            if (at == 0 or not _is_word_char(folded[at - 1])) and (
                after >= len(folded) or not _is_word_char(folded[after])
            ):
                found.append((at, after, word))
            at = folded.find(word, after, end)
    found.sort()
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\\w`` matches


def place_gazetteer(places: Mapping[str, object], names: Iterable[object] | None = None) -> Gazetteer:
    """Gazetteer of ``geo.places.Place`` objects and their names by language (:func:`geo.name_table.place_gazetteer`,
    which reads ``data/names.csv``)."""
    from geo import name_table  # it builds on this module's Gazetteer

    return name_table.place_gazetteer(places, names)


def people_gazetteer(people: Mapping[str, object]) -> Gazetteer:
    """Gazetteer of ``geo.places.Person`` objects."""
    return Gazetteer({pid: p.all_names for pid, p in people.items()})
