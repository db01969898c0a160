"""Inflected forms of place names, by language: what lets «в Степанакерте», «Kəlbəcərə», «Շուշիում» and «Latschins»
be read as the names they inflect.

Forms are generated once, when a gazetteer is built, from each name and its language (``data/names.csv``); the
scan of a text is then a dictionary lookup per word, as for an uninflected name (no per-word analysis, so
extraction keeps its speed and its linear time). Every form is folded (:func:`geo.names.fold`) like the text it is
looked up in.

Which tool for which language, measured on real forms from the news of November 2020 (``tests/test_names.py``
holds them, each sentence with its source), with ``simplemma`` 2.0.0 and ``snowballstemmer`` 3.1.1 installed for
the comparison only (neither is a dependency):

* **Russian**: ``pymorphy3`` with its OpenCorpora dictionary. Its paradigm guesser declines names it does not
  know (Кельбаджар → Кельбаджара, Кельбаджаре...; Шуша → Шуше, Шушу...) and the adjectives derived from names
  (:func:`russian_adjective`, and the ``adjective`` rows of ``names.csv``): 22 of 22 case forms of district
  names and adjectives (Кельбаджарского, Степанакерте, Шуше, Зангиланском, Губадлинского...) are read; on the
  same 22, ``simplemma`` (ru) gives a lemma that is a name for 6. Indeclinable names (Физули, Ходжалы) stay.
* **Armenian**: a suffix table (:data:`ARMENIAN_AFTER_CONSONANT` and the rest). On the 37 case forms of
  ``ARMENIAN_CASE_FORMS`` in the tests, ``simplemma`` (hy) lemmatises 26 to a name (it misses Բերձորը, Լաչինի,
  Հադրութի and reads Շուշին as շուշա), the Snowball Armenian stemmer gives a name's stem for 30 but reduces
  Դադիվանք to դադ, a stem other words share; the table reads 37 and generates only the name followed by an
  ending, so it cannot swallow another word.
* **Azerbaijani and Turkish**: a suffix table (:data:`TURKIC_AFTER_CONSONANT`, :data:`TURKIC_AFTER_VOWEL`):
  neither ``simplemma`` nor Snowball has Azerbaijani, and Snowball Turkish over-stems names (Ağdam'ın → ağda,
  Şuşa'ya → şuş, Laçın'a → laç). Turkish press writes an apostrophe before the ending (Şuşa'ya), which already
  ends the word; the table serves the Azerbaijani endings written on (Kəlbəcərə, Ağdamın, Şuşanın).
* **German**: the genitive -s (Latschins, Stepanakerts), the only ending German puts on these names. Snowball
  German would also do it, but at run time on every word; one generated form is the same at no cost.

English, French and names with no language: no endings (English and French do not inflect names; the
apostrophe of "Lachin's" ends the word).
"""

from __future__ import annotations

import functools

# Azerbaijani and Turkish case endings, as they look after folding (ə→e, ı→i, ü→u, ö→o, ğ→g, ş→s, ç→c: the
# vowel-harmony variants fold together). After a consonant: dative, accusative, genitive, locative, ablative,
# "the one in", "from" (Kəlbəcərli) and the possessive that "rayonu"/"şəhəri" take before a case (rayonuna).
TURKIC_AFTER_CONSONANT = (
    "a", "e", "i", "u", "in", "un", "da", "de", "ta", "te", "dan", "den", "tan", "ten",
    "daki", "deki", "taki", "teki", "li", "lu", "la", "le", "dir", "dur",
)  # fmt: skip
# After a vowel a buffer consonant comes first (Şuşaya, Şuşanın, Şuşanı) and the possessive "n" (rayonuna).
TURKIC_AFTER_VOWEL = (
    "ya", "ye", "ni", "nu", "nin", "nun", "da", "de", "dan", "den", "daki", "deki", "li", "lu",
    "na", "ne", "nda", "nde", "ndan", "nden", "ndaki", "ndeki", "dir", "dur", "yla", "yle",
)  # fmt: skip
TURKIC_VOWELS = frozenset("aeiou")
# Armenian case endings and the definite article: genitive/dative -ի, locative -ում, ablative -ից, instrumental
# -ով, dative with article -ին, the article -ը/-ն; Western Armenian (the diaspora press) writes the ablative -էն.
# After a vowel a յ comes first (Ակնայի); a name in -ի keeps it
# (Շուշիի, Շուշիում) or, like Մարտունի, declines as -ու (Մարտունու) with the -ի dropped (Մարտունում).
ARMENIAN_AFTER_CONSONANT = ("ի", "ից", "ում", "ով", "ին", "ը", "ն", "ու", "էն", "ուն")
ARMENIAN_AFTER_VOWEL = ("յի", "յից", "յում", "յով", "յին", "յէն", "ն", "ի", "ից", "ում", "ով", "ին", "էն")
ARMENIAN_I_STEM = ("ու", "ում", "ուց", "ով")  # the -ի of the name dropped first
ARMENIAN_VOWELS = frozenset("աեէըիոօու")
GERMAN_SUFFIXES = ("s",)
MIN_STEM = 3  # a word shorter than this takes no ending: "Ter" of "Ter-Ter" must stay itself


def _turkic(word: str) -> set[str]:
    endings = TURKIC_AFTER_VOWEL if word[-1] in TURKIC_VOWELS else TURKIC_AFTER_CONSONANT
    return {word + e for e in endings}


def _armenian(word: str) -> set[str]:
    forms = {word + e for e in (ARMENIAN_AFTER_VOWEL if word[-1] in ARMENIAN_VOWELS else ARMENIAN_AFTER_CONSONANT)}
    if word.endswith("ի"):
        forms |= {word[:-1] + e for e in ARMENIAN_I_STEM}
    return forms


@functools.cache
def _morph():
    import pymorphy3  # imported on first use: the dictionary takes a tenth of a second to open

    return pymorphy3.MorphAnalyzer()


def _russian(word: str) -> set[str]:
    """Every form of the paradigms pymorphy3 reads ``word`` (lower case, with ё and й) as the nominative of, and
    of the adjective derived from a name (:func:`russian_adjective`)."""
    parses = _morph().parse(word)
    nominative = [p for p in parses if p.normal_form == word and {"NOUN", "ADJF"} & {p.tag.POS}]
    forms: set[str] = set()
    for parse in nominative or parses[:1]:
        forms.update(f.word for f in parse.lexeme)
    adjective = russian_adjective(word) if any(p.tag.POS == "NOUN" for p in nominative or parses[:1]) else None
    if adjective:
        parse = next((p for p in _morph().parse(adjective) if p.tag.POS == "ADJF"), None)
        if parse:
            forms.update(f.word for f in parse.lexeme)
        else:
            forms.add(adjective)
    return forms


def russian_adjective(name: str) -> str | None:
    """The adjective Russian derives from a place name (lower case): Зангилан → зангиланский, Шуша → шушинский,
    Физули → физулинский, Ходжалы → ходжалинский. None for a name too short or of another ending.

    The rule of the district adjectives the press and Wikipedia write (Кельбаджарский, Лачинский, Агдамский,
    Шушинский, Физулинский, Ходжалинский, Тертерский); a spelling variant of a name (Зангилан for Зангелан) thus
    gets its adjective too.
    """
    if len(name) < 4 or not name.isalpha():
        return None
    if name[-1] in "аоуэеёюя":
        return name[:-1] + "инский" if name[-1] == "а" else None
    if name[-1] == "ы":
        return name[:-1] + "инский"
    if name[-1] == "и":
        return name + "нский"
    if name[-1] in "ьй":
        return name[:-1] + "ский"
    return name + "ский"


def russian_form(word: str, case: str) -> str | None:
    """``word`` (a Russian noun in the nominative singular) in ``case`` (a pymorphy3 case tag: "accs", "gent"...)."""
    form = _morph().parse(word)[0].inflect({"sing", case})
    return form.word if form else None


def inflected_forms(word: str, lang: str) -> set[str]:
    """The forms of one word of a name in ``lang`` (lower case, not folded), the word itself included.

    The caller folds them (:func:`geo.names.fold`); they are not folded here because pymorphy3 needs й and ё.
    """
    if len(word) < MIN_STEM or not word.isalpha():
        return {word}
    if lang == "ru":
        return {word} | _russian(word)
    if lang in ("az", "tr"):
        return {word} | _turkic_folded(word)
    if lang == "hy":
        return {word} | _armenian(word)
    if lang == "de":
        return {word} | {word + e for e in GERMAN_SUFFIXES}
    return {word}


def _turkic_folded(word: str) -> set[str]:
    # The table is written in folded letters; fold the stem the same way (local import: names imports this module).
    from geo.names import fold

    return _turkic(fold(word))
