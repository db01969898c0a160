"""The offline browser harness shared by the browser tests (``tests/e2e/``) and the benchmark (``bench/``).

* :class:`AppServer` starts ``streamlit run`` on a free port and waits for ``/_stcore/health``.
* :func:`npm_package` fetches a pinned npm package once with ``npm pack`` into ``.cache/npm/`` (gitignored) and
  checks its sha512 against the lock below; nothing fetched is committed.
* :class:`OfflineRouter` answers every request that leaves localhost: the map library's CDN files from those
  packages, map tiles with one blank tile, anything else aborted and recorded (a test fails on it).
* :func:`launch_chromium` starts Debian's Chromium (``playwright install`` cannot download a browser here).

Nothing here imports pytest: callers decide whether a missing browser is a skip or a failure.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tarfile
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPM_CACHE = ROOT / ".cache" / "npm"
CHROMIUM = "/usr/bin/chromium"
# --disable-background-networking: without it Chromium keeps calling Google's hosts, refused on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_SECONDS = 60

# The CDN assets the map loads (geo/mapping.py LEAFLET_JS, LEAFLET_CSS), pinned by the npm registry's integrity.
NPM_PACKAGES = {
    ("leaflet", "1.9.3"): (
        "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=="
    ),
    # The accessibility checker the browser tests inject into pages (axe_violations); never served to the app.
    ("axe-core", "4.14.1"): (
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
    ),
}
AXE = ("axe-core", "4.14.1")
# https://cdn.jsdelivr.net/npm/<package>@<version>/<path inside the package>
CDN_NPM_URL = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/(?P<package>(?:@[^/@]+/)?[^/@]+)@(?P<version>[^/]+)/(?P<path>[^?#]+)"
)
TILE_HOSTS = re.compile(r"^https://([a-z]\.)?tile\.openstreetmap\.org/|^https://server\.arcgisonline\.com/")
# Everything that is not the app itself goes through the router.
NOT_LOCAL = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])https?://")
TILE_COLOUR = (0xF2, 0xEF, 0xE9)  # OpenStreetMap's land colour, so the blank basemap looks like an empty map
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}

# The map component and the hooks geo/mapping.py leaves in its iframe.
# By the component's address: the page's watch (geo/static/map_watch.js) replaces the frame's title.
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium.st_folium/"]'
MAP_COMPONENT_PATH = "/component/streamlit_folium.st_folium/"
DISTRICT_COUNT = 12
# Painted, and the first view set: the map fits its districts once its frame has a real size, which may come after
# the first paint; a zoom set before that would be undone by it (data-kb-view, handover_map.js firstView).
PAINTED_JS = (
    "(day) => { const root = document.documentElement; const d = root && root.getAttribute('data-kb-day');"
    " return !!d && (!day || d === day) && root.getAttribute('data-kb-view') === 'ready'"
    f" && document.querySelectorAll('path[data-district]').length === {DISTRICT_COUNT}; }}"
)


class HarnessError(RuntimeError):
    """The browser harness cannot run here (no Chromium, no npm asset); the message says what is missing."""


def blank_tile(colour: tuple[int, int, int] = TILE_COLOUR, size: int = 256) -> bytes:
    """A ``size`` x ``size`` PNG of one colour, built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(colour) * size  # filter byte 0, then RGB pixels
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size, 9))
        + chunk(b"IEND", b"")
    )


def _sha512_integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def npm_package(package: str, version: str, cache: Path = NPM_CACHE) -> Path:
    """The unpacked folder of a pinned npm package, fetched with ``npm pack`` on first use and reused after.

    Raises :class:`HarnessError` when the package is not pinned in :data:`NPM_PACKAGES`, npm is missing, the
    registry cannot be reached, or the tarball's sha512 differs from the pinned one.
    """
    integrity = NPM_PACKAGES.get((package, version))
    if integrity is None:
        raise HarnessError(f"{package}@{version} is not pinned in NPM_PACKAGES (tests/e2e/browser.py)")
    tarball = cache / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    unpacked = cache / f"{package.lstrip('@').replace('/', '-')}-{version}"
    if (unpacked / "package" / "package.json").exists():
        return unpacked / "package"
    cache.mkdir(parents=True, exist_ok=True)
    if not tarball.exists() or _sha512_integrity(tarball) != integrity:
        npm = shutil.which("npm")
        if npm is None:
            raise HarnessError(f"npm is not installed: cannot fetch {package}@{version} (apt-get install npm)")
        done = subprocess.run(
            [npm, "pack", f"{package}@{version}", "--pack-destination", str(cache), "--silent"],
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode != 0 or not tarball.exists():
            raise HarnessError(f"npm pack {package}@{version} failed: {done.stderr.strip()[-500:]}")
    if _sha512_integrity(tarball) != integrity:
        raise HarnessError(f"{tarball}: sha512 differs from the pinned {integrity}; delete it and retry")
    partial = cache / f".{unpacked.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(partial, filter="data")
    shutil.rmtree(unpacked, ignore_errors=True)
    partial.rename(unpacked)
    return unpacked / "package"


def npm_assets() -> dict[tuple[str, str], Path]:
    """Every pinned package, fetched if needed: ``(package, version) -> unpacked folder``."""
    return {key: npm_package(*key) for key in NPM_PACKAGES}


# axe-core's findings in a document, a line each: rule id, impact, how many elements, the first element's selector.
AXE_RUN_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
                                        first: v.nodes[0].target.join(' '), help: v.help}));
}"""


def axe_violations(frame, assets: dict[tuple[str, str], Path]) -> list[dict]:
    """axe-core's violations in a page or frame (Playwright ``Page`` or ``Frame``), injected from the npm copy."""
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(path=str(assets[AXE] / "axe.min.js"))
    return frame.evaluate(AXE_RUN_JS)


def chromium_path() -> str:
    """Debian's Chromium, or :class:`HarnessError` saying how to install it."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    raise HarnessError(f"{CHROMIUM} not found: apt-get install chromium (.ci/run does)")


def launch_chromium(playwright):
    """A headless Chromium browser driven by Playwright."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@dataclass
class OfflineRouter:
    """Answers every non-localhost request of a browser context from local files; records what it aborted."""

    packages: dict[tuple[str, str], Path]
    tile: bytes = field(default_factory=blank_tile)
    served: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def install(self, context) -> None:
        context.route(NOT_LOCAL, self.handle)

    def handle(self, route) -> None:
        url = route.request.url
        if TILE_HOSTS.match(url):
            self.served.append(url)
            route.fulfill(status=200, body=self.tile, content_type="image/png")
            return
        found = CDN_NPM_URL.match(url)
        folder = self.packages.get((found["package"], found["version"])) if found else None
        target = (folder / found["path"]).resolve() if folder else None
        if target is not None and target.is_relative_to(folder.resolve()) and target.is_file():
            self.served.append(url)
            content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            route.fulfill(status=200, body=target.read_bytes(), content_type=content_type)
            return
        self.unexpected.append(url)
        route.abort()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run <script>`` on a free port, from the repository root; :meth:`stop` ends it."""

    def __init__(self, script: str = "app.py", log: Path | None = None):
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.process: subprocess.Popen | None = None

    def start(self) -> AppServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self._log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.script,
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                # Nothing edits the sources while the tests run; no file watcher saves a thread and CPU.
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"streamlit run {self.script} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise HarnessError(f"streamlit run {self.script} did not answer /_stcore/health in {SERVER_START_SECONDS} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log_path and not self._log.closed:
            self._log.close()

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has connected and is not running the script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def map_frame(page, timeout: float = 30_000):
    """The Playwright frame of the map component's iframe."""
    return page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout).content_frame()


def wait_painted(frame, day: str | None = None, timeout: float = 30_000) -> None:
    """Wait until ``kbApply`` has painted all districts (for ``day``, an ISO date, when given)."""
    frame.wait_for_function(PAINTED_JS, arg=day, timeout=timeout, polling="raf")


# Resolves once the map has not moved, zoomed or resized for `quiet` ms. A click that lands while Leaflet is still
# settling (the frame's height is set after the first render, which fires a resize and a moveend) can be lost.
MAP_STILL_JS = """(quiet) => new Promise(done => {
    let timer = null;
    const settle = () => { clearTimeout(timer); timer = setTimeout(finish, quiet); };
    const events = 'movestart move moveend zoomstart zoom zoomend resize';
    const finish = () => { kbMap.off(events, settle); done(true); };
    kbMap.on(events, settle);
    settle();
})"""


def wait_map_still(frame, quiet_ms: int = 300) -> None:
    """Wait until the Leaflet map in ``frame`` has been still for ``quiet_ms``."""
    frame.evaluate(MAP_STILL_JS, quiet_ms)


def day_slider(page):
    """The sidebar's date slider (its ``input type=range`` has the slider role)."""
    return page.locator(".st-key-day").get_by_role("slider")
