"""The data registry: the table at the end of ``data/README.md`` that lists every data file with its source,
licence, the command that rebuilt it, its row count and sha256. ``tests/test_registry.py`` holds the files to it.

``python -m geo registry`` prints the current row count and sha256 of every data file, for updating the table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.markup import esc

REGISTRY_HEADING = "## Registry"
COLUMNS = ("file", "source", "licence", "rebuilt by", "rows", "sha256")
# Data files are everything under data/ except the Markdown documentation.
DOC_SUFFIXES = (".md",)


@dataclass(frozen=True)
class Entry:
    """One row of the registry table."""

    file: str
    source: str
    licence: str
    rebuilt_by: str
    rows: int
    sha256: str


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_rows(path: Path) -> int:
    """Records in a data file: CSV rows without the header, GeoJSON features, or non-empty text lines."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        # newline="": a quoted value spanning lines is one row, as geo.tables.read_rows reads it.
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        return sum(1 for row in rows if any(cell.strip() for cell in row))
    if path.suffix == ".geojson":
        return len(json.loads(text)["features"])
    return sum(1 for line in text.splitlines() if line.strip())


def data_files(root: Path = paths.DATA) -> list[str]:
    """Every data file under ``root``, as POSIX paths relative to it, sorted."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.suffix not in DOC_SUFFIXES and not p.name.startswith(".")
    )


def read_registry(readme: Path = paths.DATA_README) -> list[Entry]:
    """Parse the registry table of ``data/README.md``; a malformed row raises ``ValueError`` naming it."""
    text = readme.read_text(encoding="utf-8")
    if REGISTRY_HEADING not in text:
        raise ValueError(f"{readme}: no '{REGISTRY_HEADING}' section")
    lines = [ln for ln in text.split(REGISTRY_HEADING, 1)[1].splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    if tuple(header) != COLUMNS:
        raise ValueError(f"{readme}: registry columns are {header}, expected {list(COLUMNS)}")
    entries = []
    for line in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{readme}: registry row {line!r} has {len(cells)} cells, expected {len(COLUMNS)}")
        file, source, licence, rebuilt_by, rows, digest = cells
        entries.append(Entry(file.strip("`"), source, licence, rebuilt_by, int(rows), digest.strip("`")))
    return entries


def current_facts(root: Path = paths.DATA) -> list[tuple[str, int, str]]:
    """``(file, rows, sha256)`` of every data file now on disk."""
    return [(name, count_rows(root / name), sha256(root / name)) for name in data_files(root)]


# The About page shows each sha256 cut to this many hex digits (the whole value is in the cell's title and in
# data/README.md): a 64-digit column does not fit a phone, nor a desktop column beside five others.
DIGEST_SHOWN = 12
_CODE_SPAN = re.compile(r"`([^`\n]*)`")


def registry_html(entries: Sequence[Entry]) -> str:
    """The registry as an escaped HTML table that fits a narrow column: Markdown code spans as ``<code>``, each
    sha256 cut to :data:`DIGEST_SHOWN` digits with the whole in its ``title``."""

    def cell(text: str) -> str:
        return _CODE_SPAN.sub(r"<code>\1</code>", esc(text))

    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in COLUMNS)
    rows = []
    for e in entries:
        digest = f'<code title="{esc(e.sha256)}">{esc(e.sha256[:DIGEST_SHOWN])}…</code>'
        cells = [f"<code>{esc(e.file)}</code>", cell(e.source), cell(e.licence), cell(e.rebuilt_by), str(e.rows)]
        labelled = zip(COLUMNS, [*cells, digest], strict=True)  # data-label: the column's name on a phone's card
        rows.append("<tr>" + "".join(f'<td data-label="{esc(c)}">{v}</td>' for c, v in labelled) + "</tr>")
    return f'<table class="kb-registry"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
