"""Articles a user adds during a session: one article checked before it is added (name, metadata given in a form,
the same text added twice), and the file that saves the session's added articles and restores them.

An added article is kept as ``(file name, text)``: the outlet, date and address given in the form are written into
the text as the labelled lines :func:`geo.corpus.parse_article` reads ("Outlet: ...", "Date: YYYY-MM-DD",
"Original url: ..."), after the text's own lines, so they win over them. The pair stays hashable (the cached
loaders are keyed on the tuple of pairs) and the saved file carries the metadata with the text.

The saved file is JSON::

    {"format": "kb-added-articles", "version": 1, "articles": [{"name": "mine.txt", "text": "..."}]}

An article read from a link (:func:`prepare_link`, :mod:`geo.links`) becomes such a pair too: its title, its
text, then its author, outlet, date and address as labelled lines, checked as a pasted one is.

Restoring checks everything in it and refuses the whole file with one :class:`geo.tables.DataError` naming the file,
the article and the problem. Everything here reads user text in linear time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from geo.corpus import MAX_ARTICLE_BYTES, MAX_OUTLET_LENGTH, Article, decode_article, parse_article
from geo.links import LinkedArticle, fetch_article
from geo.markup import SAFE_URL
from geo.tables import DataError, quote

FORMAT = "kb-added-articles"
VERSION = 1
SAVED_FILE_NAME = "added-articles.json"
DEFAULT_NAME = "pasted.txt"
NAME_SUFFIXES = (".txt", ".md")
MAX_ADDED_ARTICLES = 20  # a session compares every two articles: more would make the Sources page slow
MAX_NAME_LENGTH = 100
MAX_URL_LENGTH = 2_000
# A saved file holds at most MAX_ADDED_ARTICLES articles of MAX_ARTICLE_BYTES each; JSON writes a control character
# as six bytes ("\u0001"), so this bounds what this module itself writes, with room for the names.
MAX_SAVED_BYTES = MAX_ADDED_ARTICLES * (6 * MAX_ARTICLE_BYTES + 1_000)
ARTICLE_FIELDS = ("name", "text")
# Characters a file name may not hold: controls, format characters (zero-width, bidi overrides), surrogates,
# unassigned and private-use code points, and path separators.
BAD_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
PATH_SEPARATORS = ("/", "\\")


@dataclass(frozen=True)
class GivenMetadata:
    """What the user gave in the form beside the text; empty values are not given."""

    outlet: str = ""
    published: dt.date | None = None
    url: str = ""
    byline: str = ""  # given by a page read from a link (the forms have no byline field)


def clean_name(name: str) -> str:
    """A file name for an added article: without control or format characters and path separators, whitespace
    collapsed, at most ``MAX_NAME_LENGTH`` characters, ending in ``.txt`` or ``.md``; ``DEFAULT_NAME`` for an empty
    one. Names only label an article; they are never paths."""
    name = unicodedata.normalize("NFC", name)
    for separator in PATH_SEPARATORS:
        name = name.replace(separator, "_")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in BAD_NAME_CATEGORIES)
    name = " ".join(name.split())
    if not name:
        return DEFAULT_NAME
    stem, suffix = _split_suffix(name)
    return stem[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix


def _split_suffix(name: str) -> tuple[str, str]:
    lower = name.lower()
    for suffix in NAME_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], name[-len(suffix) :]
    return name, ".txt"


def name_problem(name: object) -> str | None:
    """What is wrong with a saved article's name, or None for a name :func:`clean_name` could have given."""
    if not isinstance(name, str):
        return f"name must be text, not {_json_type(name)}"
    if not name:
        return "name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"name is {len(name):,} characters; at most {MAX_NAME_LENGTH}"
    if any(ch in name for ch in PATH_SEPARATORS):
        return f"name {quote(name)} holds a path separator"
    if any(unicodedata.category(ch) in BAD_NAME_CATEGORIES for ch in name):
        return f"name {quote(name)} holds a control or invisible character"
    if not name.lower().endswith(NAME_SUFFIXES) or name.lower() in NAME_SUFFIXES:
        return f"name {quote(name)} must end in .txt or .md"
    if clean_name(name) != name:
        return f"name {quote(name)} has spaces at an end or several in a row"
    return None


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name-2``, ``name-3`` ... (before the suffix) when it is taken."""
    taken = set(taken)
    stem, suffix = _split_suffix(name)
    unique, counter = stem + suffix, 2
    while unique in taken:
        unique, counter = f"{stem}-{counter}{suffix}", counter + 1
    return unique


def with_metadata(text: str, given: GivenMetadata, name: str) -> str:
    """``text`` with the given outlet, date and address written after it as labelled lines.

    Raises
    ------
    DataError
        For an outlet longer than ``MAX_OUTLET_LENGTH`` characters, or an address that is not a plain http(s) URL.
    """
    lines = []
    outlet = " ".join("".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in given.outlet).split())
    if outlet:
        if len(outlet) > MAX_OUTLET_LENGTH:
            raise DataError(name, f"the outlet is {len(outlet):,} characters; at most {MAX_OUTLET_LENGTH}")
        lines.append(f"Outlet: {outlet}")
    byline = " ".join(given.byline.split())
    if byline:
        lines.append(f"Author: {byline}")
    if given.published is not None:
        lines.append(f"Date: {given.published.isoformat()}")
    url = given.url.strip()
    if url:
        if len(url) > MAX_URL_LENGTH or not SAFE_URL.match(url):
            raise DataError(name, f"the URL {quote(url)} is not an address starting with http:// or https://")
        lines.append(f"Original url: {url}")
    if not lines:
        return text
    return text.rstrip() + "\n\n" + "\n".join(lines) + "\n"


def link_name(url: str) -> str:
    """A file name for an article read from ``url``: its host and the last part of its path
    (``www.reuters.com-us-awards-sag-idUSKBN1ZI0EH.txt``), cleaned as every name is."""
    parts = urllib.parse.urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if last.lower().endswith((".html", ".htm", ".php", ".aspx")) else last
    return clean_name(f"{parts.hostname or 'link'}-{stem}".rstrip("-") + ".txt")


def linked_text(linked: LinkedArticle) -> tuple[str, str]:
    """``(name, text)`` of an article read from a link, as a pasted one would be: the title as the first line, the
    text, then its author, outlet, date and address as labelled lines (:func:`with_metadata`)."""
    name = link_name(linked.url)
    first_line = linked.text.split("\n", 1)[0]
    # The page's own heading is often the text's first line already: the title is not written twice.
    titled = linked.title and " ".join(first_line.split()) != linked.title
    body = f"{linked.title}\n\n{linked.text}\n" if titled else linked.text + "\n"
    given = GivenMetadata(outlet=linked.outlet, published=linked.published, url=linked.url, byline=linked.byline)
    return name, with_metadata(body, given, name)


def prepare_link(
    url: str, articles: Sequence[Article], added_count: int, *, fetch: Callable[[str], LinkedArticle] | None = None
):
    """Read the article at ``url`` and check it as :func:`prepare` checks a pasted one; returns ``(name, text,
    article)`` as it does. ``fetch`` reads the link (default :func:`geo.links.fetch_article`, which refuses private
    addresses: the app has no way to allow them).

    Raises
    ------
    geo.links.LinkProblem
        The link cannot be read: one line naming the address and the problem.
    DataError
        The article is refused as :func:`prepare` refuses one (the same text as an article the session has, the
        session full), naming it by :func:`link_name`.
    """
    if added_count >= MAX_ADDED_ARTICLES:  # before the download: a full session reads nothing
        raise DataError(link_name(url), f"this session holds {MAX_ADDED_ARTICLES} added articles, the most it keeps")
    name, text = linked_text((fetch or fetch_article)(url))
    return prepare(text.encode("utf-8"), name, GivenMetadata(), articles, added_count)


def body_key(article: Article) -> str:
    """The article's body as one string: two texts with the same body are the same article, whatever their
    metadata lines."""
    return "\n".join(article.text[start:end] for start, end in article.body)


def prepare(raw: bytes, name: str, given: GivenMetadata, articles: Sequence[Article], added_count: int):
    """Check one article before it is added to the session.

    ``articles`` are those the session has (seeds and added ones), ``added_count`` how many of them were added.
    Returns ``(name, text, article)``: a name no article has, the text to keep (metadata lines included) and the
    parsed article.

    Raises
    ------
    DataError
        Naming the file: not article text (:func:`geo.corpus.decode_article`, :func:`geo.corpus.parse_article`),
        a bad outlet or URL, the same text as an article the session has, or the session full.
    """
    name = clean_name(name)
    if added_count >= MAX_ADDED_ARTICLES:
        raise DataError(name, f"this session holds {MAX_ADDED_ARTICLES} added articles, the most it keeps")
    text = with_metadata(decode_article(raw, name), given, name)
    article = parse_article(text, name)
    same = _same_text(article, articles)
    if same is not None:
        raise DataError(name, f"the same text as {same.file} ({same.label()}), which is already among the articles")
    used = unique_name(name, (a.file for a in articles))
    return used, text, dataclasses.replace(article, file=used)


def _same_text(article: Article, articles: Iterable[Article]) -> Article | None:
    key = body_key(article)
    return next((other for other in articles if body_key(other) == key), None)


def dump(added: Sequence[tuple[str, str]]) -> bytes:
    """The saved file of the session's added articles (UTF-8 JSON)."""
    record = {
        "format": FORMAT,
        "version": VERSION,
        "articles": [{"name": name, "text": text} for name, text in added],
    }
    return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")


def load(raw: bytes, file_name: str) -> list[tuple[str, str]]:
    """The articles of a saved file, each checked as an added article is.

    Raises
    ------
    DataError
        Naming ``file_name``, the article (``article 2``, counted from 1) and the problem: not a saved file (not
        UTF-8, not JSON, another format or version), too large, too many articles, a field of the wrong type, a
        bad or repeated name, or a text that is not article text.
    """
    if len(raw) > MAX_SAVED_BYTES:
        raise DataError(file_name, f"file is {len(raw):,} bytes; the limit for saved articles is {MAX_SAVED_BYTES:,}")
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problem = f"not a saved-articles file: not UTF-8 text (invalid byte at offset {exc.start})"
        raise DataError(file_name, problem) from None
    except RecursionError:
        raise DataError(file_name, "not a saved-articles file: JSON nested too deeply") from None
    except ValueError as exc:  # json.JSONDecodeError, or a number too long to read
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise DataError(file_name, f"not a saved-articles file: not JSON{where}") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise DataError(file_name, f'not a saved-articles file (it has no "format": "{FORMAT}")')
    version = record.get("version")
    if type(version) is not int or version != VERSION:  # bool is an int: true is not version 1
        raise DataError(file_name, f"version {quote(version)} is not one this app reads (version {VERSION})")
    articles = record.get("articles")
    if not isinstance(articles, list):
        raise DataError(file_name, f'"articles" must be a list, not {_json_type(articles)}')
    if not articles:
        raise DataError(file_name, "the file holds no articles")
    if len(articles) > MAX_ADDED_ARTICLES:
        raise DataError(file_name, f"the file holds {len(articles):,} articles; at most {MAX_ADDED_ARTICLES}")
    found: list[tuple[str, str]] = []
    first_with: dict[str, int] = {}
    for number, item in enumerate(articles, start=1):
        where = f"article {number}"
        if not isinstance(item, dict):
            raise DataError(file_name, f"must be an object with a name and a text, not {_json_type(item)}", where=where)
        unknown = sorted(set(item) - set(ARTICLE_FIELDS))
        if unknown:
            raise DataError(
                file_name, f"unknown field {quote(unknown[0])} (an article has a name and a text)", where=where
            )
        name, text = item.get("name"), item.get("text")
        problem = name_problem(name)
        if problem:
            raise DataError(file_name, problem, where=where)
        if name in first_with:
            raise DataError(file_name, f"name {quote(name)} is also article {first_with[name]}'s", where=where)
        first_with[name] = number
        if not isinstance(text, str):
            raise DataError(file_name, f"text must be text, not {_json_type(text)}", where=where)
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:
            raise DataError(file_name, "text holds an invalid character (a lone surrogate)", where=where) from None
        try:
            decoded = decode_article(encoded, name)
            parse_article(decoded, name)
        except DataError as exc:
            raise DataError(file_name, f"{name}: {exc.problem}", where=where) from None
        found.append((name, decoded))
    return found


def _json_type(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def merge(saved: Sequence[tuple[str, str]], articles: Sequence[Article], added_count: int, file_name: str):
    """The saved articles to add to a session that has ``articles`` (``added_count`` of them added): those whose
    text it does not have yet, under names no article has. Returns ``(to add, names of those it has already)``.

    Raises
    ------
    DataError
        When the session would hold more than ``MAX_ADDED_ARTICLES`` added articles.
    """
    have = {body_key(a): a.file for a in articles}
    taken = {a.file for a in articles}
    to_add, already = [], []
    for name, text in saved:
        key = body_key(parse_article(text, name))
        if key in have:
            already.append(name)
            continue
        used = unique_name(name, taken)
        taken.add(used)
        have[key] = used
        to_add.append((used, text))
    if added_count + len(to_add) > MAX_ADDED_ARTICLES:
        raise DataError(
            file_name,
            f"restoring its {len(to_add)} new articles would make {added_count + len(to_add)} added articles in "
            f"this session; at most {MAX_ADDED_ARTICLES} (remove the added articles first)",
        )
    return to_add, already
