"""The README's pictures: ``python scripts/screenshots.py`` writes ``docs/screenshot.png`` (desktop, 1400×900) and
``docs/screenshot-phone.png`` (phone, 390×844), the map page on 25 Nov 2020, the top of every other page and the
published page (as the app serves it, ``/app/static/handover_map.html``) at both sizes into ``docs/pages/``
(``timeline-desktop.png``, ``published-phone.png``, ...), and the picture of that day, ``docs/picture.png``
(``python -m geo png``).

Offline, with the browser tests' harness (``tests/e2e/browser.py``): ``streamlit run app.py`` on a free port,
Debian's Chromium through Playwright, Leaflet from an ``npm pack`` copy in ``.cache/npm/`` and one blank tile as
the basemap. Needs the dev requirements, like the browser tests. Run it after a change that shows on the map page
and commit the pictures; the tests call :func:`shoot` with a temporary folder and never write into ``docs/``.
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python scripts/screenshots.py` puts scripts/ on the path, not the repository

from tests.e2e import browser as harness  # noqa: E402

DOCS = ROOT / "docs"
DAY = "2020-11-25"  # Kalbajar's extended deadline: the day the README's text starts from
MIN_BYTES = 10_000  # a blank or half-drawn page compresses to less
TILE_FADE_MS = 300  # Leaflet fades tiles in after they load


@dataclass(frozen=True)
class Shot:
    """One picture: its file name in ``docs/`` and the browser it is taken in."""

    file: str
    width: int
    height: int
    phone: bool = False  # a touch screen with the mobile viewport rules, as a phone's browser has
    path: str = "/"  # the page


DESKTOP = (1400, 900)
PHONE = (390, 844)  # an iPhone 12-14's viewport in CSS pixels
OTHER_PAGES = ("timeline", "sources", "data", "about")
PUBLISHED = "/app/static/handover_map.html"
SHOTS = (
    Shot("screenshot.png", *DESKTOP),
    Shot("screenshot-phone.png", *PHONE, phone=True),
    *(
        shot
        for page in OTHER_PAGES
        for shot in (
            Shot(f"pages/{page}-desktop.png", *DESKTOP, path=f"/{page}"),
            Shot(f"pages/{page}-phone.png", *PHONE, phone=True, path=f"/{page}"),
        )
    ),
    Shot("pages/published-desktop.png", *DESKTOP, path=PUBLISHED),
    Shot("pages/published-phone.png", *PHONE, phone=True, path=PUBLISHED),
)
PICTURE = "picture.png"
CHARTS_SETTLE_MS = 800  # charts and data grids finish drawing after the script run


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file, read from its header."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG file")
    return struct.unpack(">II", head[16:24])


def capture_map(page, base_url: str, out: Path, day: str = DAY) -> Path:
    """Open the map page on ``day`` in ``page``, wait until every district is painted, the tiles are in and the
    map is still, and save the visible part of the page to ``out``."""
    page.goto(f"{base_url}/?date={day}")
    harness.wait_idle(page)
    frame = harness.map_frame(page)
    harness.wait_painted(frame, day)
    frame.wait_for_function("() => [...document.images].every(image => image.complete)")
    harness.wait_map_still(frame)
    page.mouse.move(0, 0)  # no hover tooltip in the picture
    page.wait_for_timeout(TILE_FADE_MS)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=False)
    return out


def capture_page(page, base_url: str, path: str, out: Path, day: str = DAY) -> Path:
    """Open the page at ``path`` on ``day``, wait for its run to finish and its charts to draw, and save the
    visible part of the page (its top) to ``out``."""
    page.goto(f"{base_url}{path}?date={day}")
    harness.wait_idle(page)
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(CHARTS_SETTLE_MS)
    page.mouse.move(0, 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=False)
    return out


def capture_published(page, base_url: str, out: Path, day: str = DAY) -> Path:
    """Open the published page as the app serves it on ``day`` and save it once its districts are drawn."""
    page.goto(f"{base_url}{PUBLISHED}#date={day}")
    page.wait_for_function("document.querySelectorAll('path[data-district]').length === 12")
    page.wait_for_timeout(TILE_FADE_MS)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=False)
    return out


def shoot(browser, packages, base_url: str, shot: Shot, out: Path, day: str = DAY) -> Path:
    """Take ``shot`` of the app at ``base_url`` in a fresh, offline browser context and save it to ``out``.

    Raises :class:`tests.e2e.browser.HarnessError` if the page asked for anything outside localhost that the
    offline router does not serve, or if the picture is suspiciously small.
    """
    context = browser.new_context(
        viewport={"width": shot.width, "height": shot.height},
        device_scale_factor=1,
        is_mobile=shot.phone,
        has_touch=shot.phone,
    )
    router = harness.OfflineRouter(packages)
    router.install(context)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        if shot.path == "/":
            capture_map(page, base_url, out, day)
        elif shot.path == PUBLISHED:
            capture_published(page, base_url, out, day)
        else:
            capture_page(page, base_url, shot.path, out, day)
    finally:
        context.close()
    if router.unexpected:
        raise harness.HarnessError(f"{shot.file}: the page asked for {router.unexpected}")
    if out.stat().st_size < MIN_BYTES:
        raise harness.HarnessError(f"{out}: only {out.stat().st_size} bytes; is the map drawn?")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/screenshots.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DOCS, help="where to write the pictures (default: docs/)")
    parser.add_argument("--day", default=DAY, help=f"the map's day, YYYY-MM-DD (default: {DAY})")
    args = parser.parse_args(argv)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "streamlit.log"
        try:
            packages = harness.npm_assets()
            harness.chromium_path()
            with sync_playwright() as driver, harness.AppServer("app.py", log=log) as server:
                browser = harness.launch_chromium(driver)
                try:
                    for shot in SHOTS:
                        path = shoot(browser, packages, server.url, shot, args.out_dir / shot.file, args.day)
                        width, height = png_size(path)
                        print(f"{path}: {width}×{height}, {path.stat().st_size:,} bytes")
                finally:
                    browser.close()
            import datetime as dt

            from geo.mapdata import load_map_data
            from geo.picture import day_picture

            picture = args.out_dir / PICTURE
            picture.write_bytes(day_picture(load_map_data(), dt.date.fromisoformat(args.day), "png"))
            print(f"{picture}: {picture.stat().st_size:,} bytes")
        except (harness.HarnessError, PlaywrightError) as exc:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            print(f"error: {exc}" + (f"\n{tail}" if tail else ""), file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
