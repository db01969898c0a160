"""The names table: ``data/names.csv`` read and checked, and the places' gazetteer built from it and from
``places.csv`` (names by language, so each inflects as its language does; look-alike and elsewhere rows, so those
names need evidence: :data:`geo.names.LOOKALIKE_RULE`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.names import SCRIPT_RANGES, Gazetteer, scripts_of
from geo.tables import DataError, parse_url, quote, read_rows, split_aliases

NAMES_CSV = paths.DATA / "names.csv"
NAME_COLUMNS = ("place_id", "lang", "script", "name", "kind", "source", "context")
# official: the name in the language's official use; historical: an earlier name (Soviet-era, Armenian-era);
# transliteration: the name written in another script's letters; press: the form the press of that language writes;
# adjective: the adjective derived from the name (Russian «Кельбаджарский»); lookalike: the name also means something
# else, said in ``context``; elsewhere: the name of a place outside the gazetteer that shares a name with one in it
# (Martuni in Armenia's Gegharkunik), its ``context`` the words that place it there.
NAME_KINDS = ("official", "historical", "transliteration", "press", "adjective", "lookalike", "elsewhere")
LANGUAGES = ("az", "hy", "ru", "en", "tr", "de", "fr")


@dataclass(frozen=True)
class NameRow:
    """One row of ``data/names.csv``: a name of a place in one language and script, with its source."""

    place_id: str
    lang: str
    script: str
    name: str
    kind: str
    source: str
    context: tuple[str, ...] = ()


def load_names(path: Path = NAMES_CSV, place_ids: Iterable[str] | None = None) -> list[NameRow]:
    """Read and check ``data/names.csv``.

    Raises
    ------
    DataError
        Naming the file and row: an unknown language, script or kind; a name with letters of another script than
        its ``script``; a source that is not an http(s) address; ``context`` on a row that is not a look-alike or
        elsewhere row, or missing on one; a ``place_id`` not in ``place_ids`` (when given) on a row that is not an
        ``elsewhere`` row, or an ``elsewhere`` row whose id is one of them.
    """
    known = set(place_ids) if place_ids is not None else None
    rows = []
    for row_no, row in read_rows(path, NAME_COLUMNS):
        if row["lang"] not in LANGUAGES:
            raise DataError(path, f"lang {quote(row['lang'])} is not one of {', '.join(LANGUAGES)}", row=row_no)
        if row["script"] not in SCRIPT_RANGES:
            raise DataError(path, f"script {quote(row['script'])} is not one of {', '.join(SCRIPT_RANGES)}", row=row_no)
        if row["kind"] not in NAME_KINDS:
            raise DataError(path, f"kind {quote(row['kind'])} is not one of {', '.join(NAME_KINDS)}", row=row_no)
        if not row["name"]:
            raise DataError(path, "empty name", row=row_no)
        scripts = scripts_of(row["name"])
        if scripts != {row["script"]}:
            raise DataError(
                path,
                f"{quote(row['name'])} has letters of {', '.join(sorted(scripts))}, not {row['script']}",
                row=row_no,
            )
        parse_url(row["source"], path, row_no, column="source")
        context = tuple(split_aliases(row["context"]))
        if (row["kind"] in ("lookalike", "elsewhere")) != bool(context):
            raise DataError(path, "context is given on lookalike and elsewhere rows, and only there", row=row_no)
        if known is not None and (row["place_id"] in known) == (row["kind"] == "elsewhere"):
            where = "is a place of" if row["kind"] == "elsewhere" else "is not in"
            raise DataError(path, f"place_id {quote(row['place_id'])} {where} places.csv", row=row_no)
        rows.append(
            NameRow(row["place_id"], row["lang"], row["script"], row["name"], row["kind"], row["source"], context)
        )
    return rows


def place_gazetteer(places: Mapping[str, object], names: Iterable[NameRow] | None = None) -> Gazetteer:
    """Gazetteer of ``geo.places.Place`` objects and their names by language; a shared name resolves to the
    district over its town.

    ``names`` are the rows of ``data/names.csv`` (read from there when not given): their names join their
    place's, their languages say how each name inflects, and their look-alike and elsewhere rows say which names
    need evidence (:data:`LOOKALIKE_RULE`).
    """
    rank = {"district": 0, "city": 1, "town": 2, "village": 3, "monastery": 3}
    if names is None:
        names = load_names(NAMES_CSV, places) if NAMES_CSV.exists() else []
    all_names: dict[str, list[str]] = {pid: list(p.all_names) for pid, p in places.items()}
    languages: dict[str, set[str]] = {}
    for p in places.values():
        for part in p.name.split("/"):
            languages.setdefault(part.strip(), set()).add("en")
        for lang in ("az", "hy", "ru"):
            if getattr(p, f"name_{lang}"):
                languages.setdefault(getattr(p, f"name_{lang}"), set()).add(lang)
    lookalikes: dict[str, list[str]] = {}
    elsewhere: dict[str, list[str]] = {}
    for row in names:
        if row.kind in ("lookalike", "elsewhere"):
            (lookalikes if row.kind == "lookalike" else elsewhere).setdefault(row.name, []).extend(row.context)
        if row.place_id in all_names:
            all_names[row.place_id].append(row.name)
            languages.setdefault(row.name, set()).add(row.lang)
    return Gazetteer(
        {pid: tuple(dict.fromkeys(n)) for pid, n in all_names.items()},
        priority={pid: rank.get(p.kind, 9) for pid, p in places.items()},
        languages=languages,
        lookalikes=lookalikes,
        elsewhere=elsewhere,
    )
