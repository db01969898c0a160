"""Mentions: every place name in an article's body with its character span and its sentence's dates, and the
excerpts (sentences quoted per place) built from them.

Spans are offsets into ``Article.text`` (see :mod:`geo.parsing`); the body only is searched, never metadata lines
or an address inside a sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from geo.dates import find_dates_in
from geo.names import Gazetteer, fold
from geo.parsing import Article, address_spans

MIN_EXCERPT_WORDS = 5


@dataclass(frozen=True)
class Mention:
    """One occurrence of a place name in an article.

    ``start``/``end`` index ``Article.text``; ``sentence`` is the sentence with whitespace collapsed;
    ``date`` is the sentence's first date expression after the mention, else its last one before it (ISO, or
    an ISO interval for a range), if the sentence carries one; ``dates`` are all of them. A date is the
    sentence's, not a claim that it belongs to this place.
    """

    file: str
    place_id: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    date: str | None = None
    dates: tuple[str, ...] = field(default=())

    def as_record(self) -> dict:
        """The JSON record printed by ``python -m geo extract``."""
        record = {
            "file": self.file,
            "place_id": self.place_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }
        if self.date:
            record["date"] = self.date
        return record


def find_mentions(article: Article, gazetteer: Gazetteer) -> list[Mention]:
    """Every mention of a gazetteer entry in the article's body, in text order (see :meth:`Gazetteer.scan`)."""
    folded = fold(article.text)
    body_starts = [start for start, _end in article.body]
    # Addresses inside sentences ("see https://example.com/kalbajar-handover"), found once: a name in one is not
    # a mention. Most texts hold none: the scan runs only where one may be.
    addresses = address_spans(article.text, folded) if "://" in folded or "www." in folded else []
    address_starts = [start for start, _end in addresses]
    hits = []
    for m_start, m_end, entry_id in gazetteer.scan(folded, text=article.text):
        # Only the body counts (not a banner, a byline or an address line).
        index = bisect.bisect_right(body_starts, m_start) - 1
        if index < 0 or m_end > article.body[index][1]:
            continue
        inside = bisect.bisect_right(address_starts, m_start) - 1
        if inside >= 0 and m_start < addresses[inside][1]:
            continue
        hits.append((m_start, m_end, entry_id, article.sentence_at(m_start)))
    # The dates of every sentence that names a place, in one pass over the text (however many names a sentence
    # holds, it is read once), then per sentence its collapsed text, its dates (ISO) and their starts.
    dates_in = find_dates_in(article.text, folded, list(dict.fromkeys(h[3] for h in hits)), article.published)
    sentence_info: dict[tuple[int, int], tuple[str, tuple[str, ...], list[int]]] = {}
    mentions = []
    for m_start, m_end, entry_id, (s_start, s_end) in hits:
        if (s_start, s_end) not in sentence_info:
            spans = dates_in[(s_start, s_end)]
            sentence_info[(s_start, s_end)] = (
                " ".join(article.text[s_start:s_end].split()),
                tuple(d.iso() for d in spans),
                [d.start for d in spans],
            )
        sentence, dates, starts = sentence_info[(s_start, s_end)]
        # News writes "X by <date>": take the first date after the name, else the last one before it. Dates are
        # in text order: bisect, not a scan per mention (a sentence may hold thousands of both).
        after = bisect.bisect_left(starts, m_end - s_start)
        nearest = dates[after] if after < len(dates) else (dates[-1] if dates else None)
        mentions.append(
            Mention(
                file=article.file,
                place_id=entry_id,
                text=article.text[m_start:m_end],
                start=m_start,
                end=m_end,
                sentence=sentence,
                sentence_start=s_start,
                sentence_end=s_end,
                date=nearest,
                dates=dates,
            )
        )
    return mentions


@dataclass(frozen=True)
class Excerpt:
    """A sentence that mentions a place, with the spans of the place's names inside it and its source."""

    place_id: str
    sentence: str
    highlights: tuple[tuple[int, int], ...]  # spans within ``sentence``
    file: str
    outlet: str
    published: dt.date | None
    url: str
    title: str


def excerpts_by_place(articles: Iterable[Article], mentions: Mapping[str, list[Mention]]) -> dict[str, list[Excerpt]]:
    """Every sentence that mentions a place, for every place mentioned, newest article first.

    One pass over the mentions (the map needs every place's excerpts; a pass per place re-read every mention
    for each of them). Places no article mentions are absent from the result.

    The map's popups quote a few per article and count the rest (:func:`geo.mapping.popup_parts`).

    Sentences of fewer than ``MIN_EXCERPT_WORDS`` words (datelines, headings) are not excerpts.

    ``mentions`` maps an article's file name to its mentions (from :func:`find_mentions`). Highlight spans index
    the excerpt's raw sentence text (``Article.text[sentence_start:sentence_end]``).
    """
    found: dict[str, list[Excerpt]] = {}
    for article in articles:
        # Per sentence, once: long enough to quote? Its text (one string shared by every place's excerpt).
        sentence_text: dict[tuple[int, int], str | None] = {}
        by_sentence: dict[tuple[str, int, int], list[Mention]] = {}  # (place, sentence span) -> its mentions
        for mention in mentions.get(article.file, []):
            span = (mention.sentence_start, mention.sentence_end)
            if span not in sentence_text:
                # A dateline or a heading ("KALBAJAR (Azerbaijan)") names the place but says nothing about it.
                # maxsplit: counting to MIN_EXCERPT_WORDS is enough.
                words = len(mention.sentence.split(maxsplit=MIN_EXCERPT_WORDS))
                sentence_text[span] = article.text[span[0] : span[1]] if words >= MIN_EXCERPT_WORDS else None
            if sentence_text[span] is not None:
                by_sentence.setdefault((mention.place_id, *span), []).append(mention)
        for (place_id, s_start, s_end), hits in by_sentence.items():
            found.setdefault(place_id, []).append(
                Excerpt(
                    place_id=place_id,
                    sentence=sentence_text[(s_start, s_end)],
                    highlights=tuple((h.start - s_start, h.end - s_start) for h in hits),
                    file=article.file,
                    outlet=article.outlet,
                    published=article.published,
                    url=article.url,
                    title=article.title,
                )
            )
    # Newest first; undated articles last; ties by file name so the order is stable (sorted() keeps text order).
    return {
        place_id: sorted(
            found[place_id], key=lambda e: (e.published is None, -(e.published or dt.date.min).toordinal(), e.file)
        )
        for place_id in found
    }


def excerpts_for(place_id: str, articles: Iterable[Article], mentions: Mapping[str, list[Mention]]) -> list[Excerpt]:
    """The excerpts of one place (see :func:`excerpts_by_place`, which gives every place's in one pass)."""
    return excerpts_by_place(
        articles, {file: [m for m in ms if m.place_id == place_id] for file, ms in mentions.items()}
    ).get(place_id, [])
