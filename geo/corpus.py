"""Articles, their sentences and the places they name: one import for the three jobs, each in its own module.

* :mod:`geo.parsing`: a news text read into an :class:`Article` (title, dateline, byline, date, body), the
  corpus folder and its ``metadata.csv``;
* :mod:`geo.sentences`: body paragraphs split into sentences;
* :mod:`geo.mentions`: every place mention with its span and its sentence's dates, and the excerpts per place.

Spans are offsets into ``Article.text``, the file's text normalised to Unicode NFC.
"""

from __future__ import annotations

from geo.mentions import MIN_EXCERPT_WORDS, Excerpt, Mention, excerpts_by_place, excerpts_for, find_mentions
from geo.parsing import (
    ADDRESS,
    ARTICLE_SUFFIXES,
    MAX_ARTICLE_BYTES,
    MAX_OUTLET_LENGTH,
    METADATA_COLUMNS,
    SEED_PREFIX,
    Article,
    article_names,
    decode_article,
    load_corpus,
    load_metadata,
    parse_article,
    readable_dates,
    source_href,
)
from geo.sentences import split_sentences
from geo.tables import DataError

__all__ = [
    "ADDRESS",
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "MAX_OUTLET_LENGTH",
    "METADATA_COLUMNS",
    "MIN_EXCERPT_WORDS",
    "SEED_PREFIX",
    "Article",
    "DataError",
    "Excerpt",
    "Mention",
    "article_names",
    "decode_article",
    "excerpts_by_place",
    "excerpts_for",
    "find_mentions",
    "load_corpus",
    "load_metadata",
    "parse_article",
    "readable_dates",
    "source_href",
    "split_sentences",
]
