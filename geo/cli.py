"""``python -m geo``: extract mentions, print the status on a day, draw a day's picture, rebuild the district
polygons, list data.

Errors are one line on stderr naming the argument or file and the problem, with exit status 2; no traceback for
bad input. Every argument is checked before any output is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import paths
from geo.corpus import MAX_ARTICLE_BYTES, Article, decode_article, find_mentions, load_metadata, parse_article
from geo.names import place_gazetteer
from geo.places import load_places
from geo.tables import ISO_DATE, DataError
from geo.timeline import HANDOVER_END, WAR_START, load_timeline, status_on

EXIT_BAD_INPUT = 2
# Help text is printed as is: plain words, no reStructuredText markup from the docstrings.
DESCRIPTION = (
    "Extract place mentions, print the status on a day, draw a day's map as PNG or SVG, write the published page, "
    "rebuild the district polygons, list data files."
)
EPILOG = "Errors are one line on stderr naming the argument and the problem, with exit status 2."
DAY_RANGE = f"{WAR_START.isoformat()} to {HANDOVER_END.isoformat()}"
# An extract argument that starts with a scheme of two or more letters is an address (see _is_link).
LINK_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
# Past this size a file is refused on its size alone, without reading it to see whether it is binary too.
MAX_READ_BYTES = 100 * MAX_ARTICLE_BYTES


class ArgumentProblem(Exception):
    """A command-line argument that cannot be used; the message names it as it was typed."""


def _iso_day(value: str) -> dt.date:
    """A day of the map: exactly ``YYYY-MM-DD`` (``date.fromisoformat`` also reads 20201120 and 2020-W47-5), within
    the map's range. Out of range is refused, not clamped as the app does: the app shows the day it chose on the
    page, while this JSON does not say which day it describes, so a clamped answer would pass for the asked one."""
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not WAR_START <= day <= HANDOVER_END:
        raise argparse.ArgumentTypeError(f"{value} is outside the map's range ({DAY_RANGE})")
    return day


def _picture_path(value: str) -> Path:
    """Where ``png`` writes: a name ending in .png or .svg (either case), which says the format."""
    from geo.picture import FORMATS

    path = Path(value)
    if path.suffix.lower().lstrip(".") not in FORMATS:
        raise argparse.ArgumentTypeError(f"{value!r}: unknown extension {path.suffix!r}; use .png or .svg")
    return path


def _page_path(value: str) -> Path:
    """Where ``publish`` writes: a name ending in .html or .htm (either case)."""
    path = Path(value)
    if path.suffix.lower() not in (".html", ".htm"):
        raise argparse.ArgumentTypeError(f"{value!r}: unknown extension {path.suffix!r}; use .html")
    return path


def _app_url(value: str) -> str:
    """The app's address for the published page's links: http(s), ending in ``/`` (the Sources page is ``sources``
    under it)."""
    from geo.markup import SAFE_URL

    if not SAFE_URL.match(value):
        raise argparse.ArgumentTypeError(f"{value[:80]!r} is not an http(s) address")
    return value if value.endswith("/") else value + "/"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (``python -m geo -h`` still prints the full help)."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see python -m geo -h)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description=DESCRIPTION, epilog=EPILOG)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    extract_help = "one JSON line per place mention in each FILE or web page at URL"
    extract = commands.add_parser("extract", help=extract_help, description=extract_help)
    extract.add_argument(
        "files",
        nargs="+",
        metavar="FILE|URL",
        help=f"an article: UTF-8 text (.txt or .md), at most {MAX_ARTICLE_BYTES:,} bytes, or the http(s) address of "
        "a news page (its article text, title, outlet, author and date are read); all are read and checked first",
    )
    extract.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="read addresses inside a private network or on this machine too (127.0.0.1, 10.x, ...); refused "
        "without it, also after a redirect",
    )
    status_help = (
        "JSON: status of every district and place on a day (places) and every settlement with its control and "
        "source (settlements; control null where no dated source names it)"
    )
    status = commands.add_parser("status", help=status_help, description=status_help)
    status.add_argument("day", type=_iso_day, metavar="YYYY-MM-DD", help=f"a day from {DAY_RANGE}")
    png_help = "draw the map of a day as a picture: PNG or SVG, by OUT's extension"
    png = commands.add_parser("png", help=png_help, description=png_help)
    png.add_argument("day", type=_iso_day, metavar="YYYY-MM-DD", help=f"a day from {DAY_RANGE}")
    png.add_argument("out", type=_picture_path, metavar="OUT", help="the file to write: a name ending in .png or .svg")
    publish_help = "write the published page: one HTML file with every day and its own time control, no network needed"
    publish = commands.add_parser("publish", help=publish_help, description=publish_help)
    publish.add_argument(
        "out", type=_page_path, nargs="?", metavar="OUT", help="the file to write: a name ending in .html"
    )
    publish.add_argument(
        "--static",
        action="store_true",
        help="write static/handover_map.html instead, the copy the app serves (its links are relative to the app)",
    )
    publish.add_argument(
        "--app-url",
        type=_app_url,
        default=None,  # not "": argparse would pass a string default through _app_url
        metavar="URL",
        help="the app's address (http or https), linked from the credits and the popups (its Sources page)",
    )
    commands.add_parser("registry", help="print rows and sha256 of every data file (for data/README.md)")
    build = commands.add_parser("build-districts", help="rebuild data/districts.geojson from Natural Earth")
    build.add_argument("--out", type=Path, default=paths.DISTRICTS_GEOJSON)
    build.add_argument("--cache", type=Path, default=paths.CACHE / "gpuwm")
    return parser


def _read_article_text(path: Path) -> str:
    """The text of the article file ``path``, or :class:`ArgumentProblem` naming it as typed and what is wrong:
    missing, a directory, unreadable, binary, not UTF-8, empty or over the size limit (decode_article's checks)."""
    try:
        found = path.stat()
        if stat.S_ISDIR(found.st_mode):
            raise ArgumentProblem(f"{path}: is a directory, not an article file")
        if not stat.S_ISREG(found.st_mode):  # a device or a pipe could be read forever
            raise ArgumentProblem(f"{path}: not a regular file")
        if found.st_size > MAX_READ_BYTES:
            raise ArgumentProblem(
                f"{path}: file is {found.st_size:,} bytes; the limit for an article is {MAX_ARTICLE_BYTES:,}"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArgumentProblem(f"{path}: file not found") from None
    except OSError as exc:
        raise _os_problem(path, exc, "read") from None
    try:
        return decode_article(raw, path.name)
    except DataError as exc:
        raise ArgumentProblem(f"{path}: {exc.problem}") from None


def _os_problem(path: Path, exc: OSError, action: str) -> ArgumentProblem:
    """The one line for a file that cannot be ``action`` ("read", "written")."""
    reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or exc
    return ArgumentProblem(f"{path}: cannot be {action} ({reason})")


def _is_link(argument: str) -> bool:
    """An argument that starts with a scheme ("https:", "ftp:", "javascript:"; not a drive's "C:") and is not an
    existing file is an address: read as a link, so that a wrong scheme gets its own message."""
    return bool(LINK_SCHEME.match(argument)) and not Path(argument).exists()


def _read_link(url: str, allow_private_hosts: bool) -> Article:
    """The article at ``url``, read as the Sources page reads a link (geo.links, geo.added), or
    :class:`ArgumentProblem` naming the address and the problem."""
    from geo.added import linked_text
    from geo.links import LinkProblem, fetch_article

    try:
        linked = fetch_article(url, allow_private_hosts=allow_private_hosts)
    except LinkProblem as exc:
        raise ArgumentProblem(str(exc)) from None
    name, text = linked_text(linked)
    return parse_article(text, name)


def _extract(arguments: Sequence[str], out, allow_private_hosts: bool = False) -> None:
    metadata = load_metadata()
    # Every file and link is read and checked before anything is printed: a bad last argument leaves no partial
    # output.
    articles: list[tuple[str, Article]] = []
    for argument in arguments:
        if _is_link(argument):
            articles.append((argument, _read_link(argument, allow_private_hosts)))
            continue
        path = Path(argument)
        articles.append((str(path), parse_article(_read_article_text(path), path.name, metadata.get(path.name))))
    gazetteer = place_gazetteer(load_places())
    for shown, article in articles:
        for mention in find_mentions(article, gazetteer):
            record = mention.as_record()
            record["file"] = shown
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _status(day: dt.date, out) -> None:
    from geo.settlements import load_settlement_days

    places = load_places()
    statuses = status_on(load_timeline(places=places), places, day)
    record = {
        "places": {k: v.as_record() for k, v in statuses.items()},
        "settlements": [s.as_record() for s in load_settlement_days(day, places)],
    }
    out.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def _picture(day: dt.date, path: Path) -> None:
    """Draw ``day``, then write it: a day that cannot be drawn leaves no file behind. Where the file cannot go is
    said before the drawing (a few seconds)."""
    from geo.mapdata import load_map_data
    from geo.picture import day_picture

    if path.is_dir():
        raise ArgumentProblem(f"{path}: is a directory, not a file name")
    if not path.parent.is_dir():
        raise ArgumentProblem(f"{path}: its folder does not exist")
    data = day_picture(load_map_data(), day, path.suffix.lower().lstrip("."))
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        raise ArgumentProblem(f"{path}: its folder does not exist") from None
    except OSError as exc:
        raise _os_problem(path, exc, "written") from None


def _publish(path: Path, app_url: str, out) -> None:
    """Build the page, then write it (a page that cannot be built leaves no file behind)."""
    from geo.publish import load_and_publish

    if path.is_dir():
        raise ArgumentProblem(f"{path}: is a directory, not a file name")
    if not path.parent.is_dir():
        raise ArgumentProblem(f"{path}: its folder does not exist")
    page = load_and_publish(app_url).encode("utf-8")
    try:
        path.write_bytes(page)
    except OSError as exc:
        raise _os_problem(path, exc, "written") from None
    out.write(json.dumps({"out": str(path), "bytes": len(page)}) + "\n")


def main(argv: Sequence[str] | None = None, out=None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            _extract(args.files, out, args.allow_private_hosts)
        elif args.command == "status":
            _status(args.day, out)
        elif args.command == "png":
            _picture(args.day, args.out)
        elif args.command == "publish":
            if args.static:
                if args.out is not None or args.app_url is not None:
                    raise ArgumentProblem("--static writes static/handover_map.html: give no OUT and no --app-url")
                from geo.publish import write_static_copy

                size = write_static_copy()
                out.write(json.dumps({"out": "static/handover_map.html", "bytes": size}) + "\n")
            elif args.out is None:
                raise ArgumentProblem("publish needs OUT, a file name ending in .html (or --static)")
            else:
                _publish(args.out, args.app_url or "", out)
        elif args.command == "registry":
            from geo.registry import current_facts

            for name, rows, digest in current_facts():
                out.write(f"{name}\t{rows}\t{digest}\n")
        else:
            from geo.build_districts import build_districts  # the build (and geopandas) only when building

            summary = build_districts(args.out, args.cache)  # says on stderr what it downloads, first
            out.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    except (ArgumentProblem, DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
