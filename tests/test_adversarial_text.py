"""Hostile uploads at the 200 KB limit go through the whole user-text pipeline quickly and correctly (issue 8).

The cases and the pipeline are in ``tests/adversarial_inputs.py`` (``bench/worst_input.py`` times the same ones);
each case's comment there says what it attacks. Before the fixes, 13 of them ran over 60 s each (a quadratic
regex or a rescan per mention), so the guard here is generous: it fails on a regression to quadratic time, not
on a slow machine. It measures CPU time, which other work on the machine does not inflate.
"""

from __future__ import annotations

import collections
import time

import pytest

import geo.corpus
import geo.mentions
import geo.sentences
from geo.corpus import MAX_ARTICLE_BYTES, decode_article, find_mentions, parse_article
from tests.adversarial_inputs import CASES, context, pipeline, seed_like

GUARD_SECONDS = 5.0  # each case takes well under 1 s; the worst took minutes before


@pytest.fixture(scope="module")
def ctx():
    return context()


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_hostile_upload(ctx, case):
    raw, expected = case.make(MAX_ARTICLE_BYTES)
    assert case.error or len(raw) <= MAX_ARTICLE_BYTES

    start = time.process_time()
    result = pipeline(raw, ctx)
    seconds = time.process_time() - start

    assert seconds < GUARD_SECONDS, f"{case.name}: {seconds:.1f} s ({case.why})"
    if case.error:
        assert case.error in result["error"]
        return
    assert "error" not in result
    article, mentions = result["article"], result["mentions"]
    assert dict(collections.Counter(m.place_id for m in mentions)) == expected
    for m in mentions:
        # The span is the name as written (format characters included) and reads as an alias of its place.
        written = article.text[m.start : m.end]
        assert written == m.text
        assert ctx.place_names.entry_of(written) == m.place_id
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
    quoted = sum(
        len(e.highlights) for excerpts in result["excerpts"].values() for e in excerpts if e.file == article.file
    )
    assert quoted <= len(mentions)
    assert result["html"].count("<mark ") <= len(mentions)


def test_seeds_repeated_to_the_limit(ctx):
    # A realistic long upload: the story told 17 times over, so every seed sentence has 17 word-for-word twins.
    raw, _ = seed_like(MAX_ARTICLE_BYTES, [a.text.encode() for a in ctx.seeds])
    copies = len(raw) // sum(len(a.text.encode()) for a in ctx.seeds)
    start = time.process_time()
    result = pipeline(raw, ctx)
    assert time.process_time() - start < GUARD_SECONDS
    in_seeds = {m.place_id for a in ctx.seeds for m in find_mentions(a, ctx.place_names)}
    assert {m.place_id for m in result["mentions"]} == in_seeds
    assert len(result["mentions"]) >= copies * len(find_mentions(ctx.seeds[0], ctx.place_names))
    # Each seed sentence is paired with its first twin (score 1.0): no seed sentence is reported missing.
    assert not [d for d in result["differences"] if d.kind == "missing" and d.b_file == "upload.txt"]


def test_one_sentence_is_read_once_however_many_names_it_holds(ctx, monkeypatch):
    # Dates are looked for once per article, each sentence once, not once per mention: 10,000 mentions, one
    # sentence, one call with that one sentence.
    calls = []
    real = geo.mentions.find_dates_in
    monkeypatch.setattr(geo.mentions, "find_dates_in", lambda *args: calls.append(len(args[2])) or real(*args))
    article = parse_article("Headline\n\n" + "Kalbajar on Sunday, " * 10_000, "one.txt")
    mentions = find_mentions(article, ctx.place_names)
    assert len(mentions) == 10_000
    assert calls == [1]
    assert {m.date for m in mentions} == {None}  # no date resolves without a publication date


def test_quotes_are_counted_once_per_sentence(monkeypatch):
    # An open quotation merges every later sentence of its paragraph; the merged text is not recounted each time.
    counted = []
    real = geo.sentences._quote_counts
    monkeypatch.setattr(geo.sentences, "_quote_counts", lambda text: counted.append(len(text)) or real(text))
    text = "“Kalbajar fell. " * 5_000
    sentences = geo.sentences.split_sentences(text, [(0, len(text))])
    assert sentences == [(0, len(text))]
    assert sum(counted) <= len(text)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        pytest.param(b"Title\n\n" + b"x" * 9_000 + b"\x00", "binary", id="nul-after-8-KB"),
        pytest.param(b"\x00" * (MAX_ARTICLE_BYTES * 3), "binary", id="large-binary-is-binary-not-large"),
        pytest.param(b"a" * (MAX_ARTICLE_BYTES + 1), "limit", id="text-over-limit"),
    ],
)
def test_refusals(raw, error):
    with pytest.raises(geo.corpus.DataError, match=error):
        decode_article(raw, "upload.txt")
