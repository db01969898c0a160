"""``python -m geo``: extract mentions, print the status on a day, rebuild the district polygons, list data.

Errors are one line on stderr and a non-zero exit status; no traceback for bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import paths
from geo.corpus import decode_article, find_mentions, load_metadata, parse_article
from geo.names import place_gazetteer
from geo.places import load_places
from geo.tables import DataError
from geo.timeline import load_timeline, status_on

EXIT_BAD_INPUT = 2


def _iso_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (``python -m geo -h`` still prints the full help)."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see python -m geo -h)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    extract = commands.add_parser("extract", help="one JSON line per place mention in each FILE")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    status = commands.add_parser("status", help="JSON: status of every district and place on a day")
    status.add_argument("day", type=_iso_day, metavar="YYYY-MM-DD")
    commands.add_parser("registry", help="print rows and sha256 of every data file (for data/README.md)")
    build = commands.add_parser("build-districts", help="rebuild data/districts.geojson from Natural Earth")
    build.add_argument("--out", type=Path, default=paths.DISTRICTS_GEOJSON)
    build.add_argument("--cache", type=Path, default=paths.CACHE / "gpuwm")
    return parser


def _extract(files: Sequence[Path], out) -> None:
    places = load_places()
    gazetteer = place_gazetteer(places)
    metadata = load_metadata()
    for path in files:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise DataError(path, "file not found") from None
        except IsADirectoryError:
            raise DataError(path, "is a directory, not an article file") from None
        article = parse_article(decode_article(raw, str(path)), path.name, metadata.get(path.name))
        for mention in find_mentions(article, gazetteer):
            record = mention.as_record()
            record["file"] = str(path)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _status(day: dt.date, out) -> None:
    places = load_places()
    statuses = status_on(load_timeline(places=places), places, day)
    out.write(json.dumps({k: v.as_record() for k, v in statuses.items()}, ensure_ascii=False, indent=1) + "\n")


def main(argv: Sequence[str] | None = None, out=None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            _extract(args.files, out)
        elif args.command == "status":
            _status(args.day, out)
        elif args.command == "registry":
            from geo.registry import current_facts

            for name, rows, digest in current_facts():
                out.write(f"{name}\t{rows}\t{digest}\n")
        else:
            from geo.build_districts import build_districts  # the build (and geopandas) only when building

            summary = build_districts(args.out, args.cache)  # says on stderr what it downloads, first
            out.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    except (DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
