"""The text pipeline's fast scans find what the plain patterns they replaced find (issue 11: extraction speed).

Each scan was rewritten to skip work the regular expression engine did character by character; the plain pattern
is kept here as the oracle, and both run on the seeds, the multilingual test set, the hostile cases and strings
built against each shortcut.
"""

from __future__ import annotations

import json
import re

import pytest

from geo import paths
from geo.dates import DATE_PATTERN, _matches
from geo.names import CAPITALS, NEAR_MAX_LENGTH, NEAR_MIN_LENGTH, SMALL_LETTER, WORD, fold, word_set
from geo.parsing import ADDRESS, address_spans
from tests.adversarial_inputs import CASES

# The patterns as they were before the rewrite.
CAPITALISED_PLAIN = re.compile(
    rf"(?:(?<!\w)|(?<=([{SMALL_LETTER}])))"
    rf"([{CAPITALS}][^\W_{CAPITALS}]{{{NEAR_MIN_LENGTH - 1},{NEAR_MAX_LENGTH - 1}}})(?![^\W_{CAPITALS}])"
)

EDGES = [
    "AliyevZengilan, ÖzəlKəlbəcər and 9Stepanakert; Ağdam_Füzuli ABCdefgh Abcdefgh_x éAbcdefgh",
    "a_b c-d ß x²y ٣ ½ \u0301abc Kal\u200bbajar naïve İstanbul ǅemal",
    "See https://example.com/kalbajar, HTTP://EXAMPLE.ORG/a www.x.az/y https://www.z.ru and xhttps://q",
    "25 ноября, 25-го ноября, 2020-11-15, 15 Nov. 2020, the day before yesterday, nov 15 2020-11-1 1.1.2020",
    "Kalbajar on Sunday, 15 November 2020-11-15T10:00 and on Wednesday the 25th: dünən, вчера, երեկ, gestern.",
]


def texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(paths.ARTICLES.glob("*.txt"))]
    excerpts = (paths.ROOT / "tests" / "data" / "multilingual" / "excerpts.jsonl").read_text(encoding="utf-8")
    multilingual = [json.loads(line)["text"] for line in excerpts.splitlines() if line.strip()]
    hostile = [raw.decode("utf-8", "replace") for raw, _counts in (case.make(4_000) for case in CASES)]
    return seeds + multilingual + hostile + EDGES


TEXTS = texts()


def test_the_texts_are_many_and_of_every_kind():
    assert len(TEXTS) > 120  # 3 seeds, 76 excerpts, about 45 hostile cases, the edges
    assert any("ноября" in t for t in TEXTS) and any("https://" in t for t in TEXTS)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_word_set_is_the_words_of_the_text(text):
    folded = fold(text)
    assert word_set(folded) == frozenset(WORD.findall(folded))
    middle = len(folded) // 3, 2 * len(folded) // 3
    assert word_set(folded, *middle) == frozenset(WORD.findall(folded, *middle))


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_capitalised_words_are_those_of_the_plain_pattern(text):
    from geo.names import CAPITALISED

    fast = {(before, capital + rest) for capital, before, rest in CAPITALISED.findall(text)}
    assert fast == set(CAPITALISED_PLAIN.findall(text))


def test_capitalised_words_tell_a_glued_word():
    from geo.names import CAPITALISED

    found = {(before, capital + rest) for capital, before, rest in CAPITALISED.findall(EDGES[0])}
    assert ("v", "Zengilan") in found and ("", "Aliyev") in found  # a capital ends a word
    assert not any(word.endswith("Stepanakert") for _before, word in found)  # after a digit: neither


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_address_spans_are_those_of_the_address_pattern(text):
    assert address_spans(text, fold(text)) == [m.span() for m in ADDRESS.finditer(text)]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_date_matches_are_those_of_the_date_pattern(text):
    folded = fold(text)
    for start, end in [(0, len(folded)), (len(folded) // 4, len(folded) // 2)]:
        fast = [m.span() for m in _matches(folded, start, end)]
        assert fast == [m.span() for m in DATE_PATTERN.finditer(folded, start, end)]


def test_the_edges_hold_dates_addresses_and_glued_words():
    folded = fold(EDGES[3])
    assert len(list(_matches(folded, 0, len(folded)))) >= 5
    assert len(address_spans(EDGES[2], fold(EDGES[2]))) == 5
