"""Performance benchmark: ``python bench/run.py`` from the repository root prints a Markdown table.

Measured in one run, offline, in Debian's Chromium driven by Playwright (the browser tests' harness,
``tests/e2e/browser.py``: Leaflet from an ``npm pack`` copy, blank tiles):

* first load: open the map page in a new session until every district is painted (``data-kb-day`` set, 12
  ``path[data-district]``);
* slider step: focus the date slider, press ArrowRight, until the next day is painted; map remounts are loads of
  the map component's document; the same on the baseline (``bench/baseline_app.py``: the map rebuilt on every
  rerun) and on the floor (``bench/floor_app.py``: the same mechanism with a 12-triangle map and nothing else,
  i.e. what Streamlit and streamlit-folium cost by themselves on this machine);
* bytes per rerun: websocket frames the browser received for one step, and the map component's ``json_args``
  (what Streamlit sends for the component) through AppTest;
* server RSS and step latency with 1 and with 10 sessions stepping at once (10 browser pages);
* extraction throughput of ``geo/`` (``parse_article`` + ``find_mentions``) on 1,000 copies of the seeds, one core.

Not a test: numbers depend on the machine. Targets are those of issue 4 (2-core machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/run.py` puts bench/ on the path, not the repository

from geo.timeline import HANDOVER_START  # noqa: E402
from tests.e2e import browser as harness  # noqa: E402

APP = "app.py"
BASELINE = "bench/baseline_app.py"
FLOOR = "bench/floor_app.py"
FIRST_DAY = HANDOVER_START  # the slider's first day; 21 arrow steps reach 1 Dec
LOADS = 10
STEPS = 21
SESSIONS = 10
CONCURRENT_ROUNDS = 10
ARTICLES = 1_000
EXTRACTION_RUNS = 3
TARGETS = {
    "step_p50_ms": 150,
    "speedup": 3.0,
    "first_load_p50_s": 2.5,
    "bytes_per_rerun": 60_000,
    "rss_10_mb": 400,
    "articles_per_s": 500,
}

# Installed in every page: the time of the last key press, the first time each day is seen painted in the map's
# iframe (polled every animation frame, so "painted" means visible on the next frame), and the first time the map
# got that day's feature group from the rerun (``data-kb-rerun-day``). The iframe is same-origin, so the top page
# can read it even after a remount replaced it.
WATCH_JS = """
if (window === window.top) {
  window.__kbKeyAt = 0;
  window.__kbPainted = {};
  window.__kbRerun = {};
  document.addEventListener('keydown', () => { window.__kbKeyAt = Date.now(); }, true);
  const watch = () => {
    for (const frame of document.querySelectorAll('__IFRAME__')) {
      const doc = frame.contentDocument, root = doc && doc.documentElement;
      const day = root && root.getAttribute('data-kb-day');
      const rerun = root && root.getAttribute('data-kb-rerun-day');
      if (day && !(day in window.__kbPainted)
          && doc.querySelectorAll('path[data-district]').length === __COUNT__) {
        window.__kbPainted[day] = Date.now();
      }
      if (rerun && !(rerun in window.__kbRerun)) {
        window.__kbRerun[rerun] = Date.now();
      }
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}
""".replace("__IFRAME__", harness.MAP_IFRAME.replace("'", "\\'")).replace("__COUNT__", str(harness.DISTRICT_COUNT))


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakRss:
    """Samples a process's RSS every 50 ms in a thread; ``peak`` is the largest seen since the last reset."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)

    def reset(self) -> None:
        self.peak = rss_mb(self.pid)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Tab:
    """One browser context and page (one Streamlit session) with its websocket and map-load counters."""

    context: object
    page: object
    received: list[int] = field(default_factory=list)  # sizes of websocket frames received
    map_loads: int = 0

    def bytes_since(self, mark: int) -> int:
        return sum(self.received[mark:])


def new_tab(browser, packages, url: str | None = None, count_bytes: bool = True) -> Tab:
    """A new context and page with the watcher installed; ``count_bytes`` records the websocket frames received
    (each frame then travels to this process: an observer's cost that the first-load timing leaves out)."""
    context = browser.new_context(viewport=harness.VIEWPORT)
    router = harness.OfflineRouter(packages)
    router.install(context)
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    tab = Tab(context, page)
    if count_bytes:
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: tab.received.append(len(payload))))

    def on_navigated(frame):
        if harness.MAP_COMPONENT_PATH in frame.url:
            tab.map_loads += 1

    page.on("framenavigated", on_navigated)
    if url:
        page.goto(url)
    return tab


def wait_painted(tab: Tab, day: str) -> None:
    """Until ``day`` is painted and its rerun has reached the map (then the page's script has finished)."""
    tab.page.wait_for_function("(day) => day in window.__kbPainted && day in window.__kbRerun", arg=day)
    harness.wait_idle(tab.page, timeout=60_000)


def latencies(tab: Tab, day: str) -> tuple[float, float]:
    """Key press to ``day`` painted, and key press to its rerun's feature group in the map (ms)."""
    return tab.page.evaluate(
        "(day) => [window.__kbPainted[day] - window.__kbKeyAt, window.__kbRerun[day] - window.__kbKeyAt]", day
    )


def step(tab: Tab, day: str) -> tuple[float, float, int]:
    """Press ArrowRight on the focused slider: key-to-paint and key-to-rerun times (ms) and bytes received."""
    mark = len(tab.received)
    tab.page.keyboard.press("ArrowRight")
    wait_painted(tab, day)
    return *latencies(tab, day), tab.bytes_since(mark)


def open_at_first_day(browser, packages, url: str) -> Tab:
    tab = new_tab(browser, packages, f"{url}/?date={FIRST_DAY.isoformat()}")
    wait_painted(tab, FIRST_DAY.isoformat())
    harness.day_slider(tab.page).focus()
    return tab


def measure_first_loads(browser, packages, url: str, loads: int) -> list[float]:
    """Seconds from navigation to every district painted, each in a new session; after one warm-up load."""
    times = []
    for index in range(loads + 1):
        tab = new_tab(browser, packages, count_bytes=False)
        start = time.perf_counter()
        tab.page.goto(f"{url}/?date=2020-11-20")
        tab.page.wait_for_function("(day) => day in window.__kbPainted", arg="2020-11-20")
        elapsed = time.perf_counter() - start
        harness.wait_idle(tab.page, timeout=60_000)
        tab.context.close()
        if index:  # the first load after a server start fills st.cache_data; it is reported apart
            times.append(elapsed)
    return times


@dataclass
class Steps:
    latencies_ms: list[float]  # key press → the next day painted in the map
    rerun_ms: list[float]  # key press → that day's feature group in the map (the rerun done, side column too)
    bytes: list[int]
    remounts: int


def measure_steps(browser, packages, url: str, steps: int) -> Steps:
    tab = open_at_first_day(browser, packages, url)
    loads = tab.map_loads
    found = Steps([], [], [], 0)
    for index in range(1, steps + 1):
        painted, rerun, size = step(tab, (FIRST_DAY + dt.timedelta(days=index)).isoformat())
        found.latencies_ms.append(painted)
        found.rerun_ms.append(rerun)
        found.bytes.append(size)
    found.remounts = tab.map_loads - loads
    tab.context.close()
    return found


def measure_concurrent(browser, packages, url: str, sessions: int, rounds: int, rss: PeakRss) -> tuple[Steps, float]:
    """``sessions`` pages step the slider together ``rounds`` times; their latencies and the server's peak RSS."""
    tabs = [open_at_first_day(browser, packages, url) for _ in range(sessions)]
    rss.reset()
    found = Steps([], [], [], 0)
    day = FIRST_DAY
    for _ in range(rounds):
        day += dt.timedelta(days=1)
        for tab in tabs:  # press in every page first: the server gets the reruns at (nearly) the same time
            tab.page.keyboard.press("ArrowRight")
        for tab in tabs:
            wait_painted(tab, day.isoformat())
            painted, rerun = latencies(tab, day.isoformat())
            found.latencies_ms.append(painted)
            found.rerun_ms.append(rerun)
    peak = rss.peak
    for tab in tabs:
        tab.context.close()
    return found, peak


def component_json_args(script: str) -> dict[str, int]:
    """Size of the map component's ``json_args`` through AppTest, on 19 Nov then after a step to 20 Nov."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / script), default_timeout=120)
    at.query_params["date"] = "2020-11-19"
    at.run()
    (before,) = at.get("component_instance")
    size_before = len(before.proto.json_args)
    at.slider(key="day").set_value(dt.date(2020, 11, 20)).run()
    (after,) = at.get("component_instance")
    args = json.loads(after.proto.json_args)
    return {
        "json_args": len(after.proto.json_args),
        "json_args_19": size_before,
        "script": len(json.dumps(args["script"])),
        "feature_group": len(json.dumps(args.get("feature_group") or "")),
    }


def extraction_throughput(count: int, runs: int = EXTRACTION_RUNS) -> tuple[float, float, int]:
    """Articles per second for ``parse_article`` + ``find_mentions`` over ``count`` copies of the seeds.

    Timed ``runs`` times: the best run is the code's speed (the machine's other work only ever slows a run down,
    as with ``timeit``), the median shows how much the machine moved. Returns (best, median, mentions per run).
    """
    from geo import paths
    from geo.corpus import find_mentions, parse_article
    from geo.names import place_gazetteer
    from geo.places import load_places

    names = place_gazetteer(load_places())
    seeds = sorted(p for p in paths.ARTICLES.iterdir() if p.suffix in (".txt", ".md"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    find_mentions(parse_article(texts[0], "warm-up.txt"), names)  # compile patterns outside the timing
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        mentions = 0
        for index in range(count):
            article = parse_article(texts[index % len(texts)], f"copy-{index:04d}.txt")
            mentions += len(find_mentions(article, names))
        rates.append(count / (time.perf_counter() - start))
    return max(rates), percentile(rates, 50), mentions


def timed(label: str, action: Callable):
    start = time.perf_counter()
    print(f"… {label}", file=sys.stderr, flush=True)
    result = action()
    print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return result


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    packages = harness.npm_assets()
    results: dict = {"load_before": os.getloadavg()[0]}
    with sync_playwright() as driver:
        browser = harness.launch_chromium(driver)
        results["browser"] = f"Chromium {browser.version}"

        def first_loads(url: str, count: int) -> list[float]:
            return measure_first_loads(browser, packages, url, count)

        def steps_on(url: str) -> Steps:
            return measure_steps(browser, packages, url, args.steps)

        with harness.AppServer(APP) as app, PeakRss(app.process.pid) as rss:
            timed("warm-up load (fills the server's caches)", lambda: first_loads(app.url, 0))
            # First loads first, on a quiet machine: after the 10-session phase the machine stays loaded for a
            # while (the load average doubles), which would be measured instead of the page.
            loads = timed(f"{args.loads} first loads", lambda: first_loads(app.url, args.loads))
            rss.reset()
            steps = timed(f"{args.steps} slider steps, app", lambda: steps_on(app.url))
            results["rss_1_mb"] = rss.peak
            concurrent, rss_10 = timed(
                f"{args.sessions} sessions stepping together",
                lambda: measure_concurrent(browser, packages, app.url, args.sessions, args.rounds, rss),
            )
            results["rss_10_mb"] = rss_10
        with harness.AppServer(BASELINE) as baseline:
            timed("baseline warm-up", lambda: first_loads(baseline.url, 0))
            base_steps = timed(f"{args.steps} slider steps, baseline", lambda: steps_on(baseline.url))
        with harness.AppServer(FLOOR) as floor:
            floor_loads = timed("floor first loads", lambda: first_loads(floor.url, 5))
            floor_steps = timed(f"{args.steps} slider steps, floor", lambda: steps_on(floor.url))
        browser.close()
    results.update(
        first_load_s=loads,
        steps=steps,
        baseline=base_steps,
        floor_first_load_s=floor_loads,
        floor=floor_steps,
        concurrent=concurrent,
        args_app=timed("AppTest json_args, app", lambda: component_json_args(APP)),
        args_baseline=timed("AppTest json_args, baseline", lambda: component_json_args(BASELINE)),
        extraction=timed(f"extraction on {args.articles} articles", lambda: extraction_throughput(args.articles)),
    )
    return results


def table(r: dict, args) -> str:
    steps, base = r["steps"], r["baseline"]
    p50, p95 = percentile(steps.latencies_ms, 50), percentile(steps.latencies_ms, 95)
    b50, b95 = percentile(base.latencies_ms, 50), percentile(base.latencies_ms, 95)
    floor = r["floor"]
    f50, f95 = percentile(floor.latencies_ms, 50), percentile(floor.latencies_ms, 95)
    speedup = b50 / p50
    l50, l95 = percentile(r["first_load_s"], 50), percentile(r["first_load_s"], 95)
    ws50, ws_max = percentile(steps.bytes, 50), max(steps.bytes)
    bws50 = percentile(base.bytes, 50)
    concurrent = r["concurrent"]
    c50, c95 = percentile(concurrent.latencies_ms, 50), percentile(concurrent.latencies_ms, 95)
    cr50, cr95 = percentile(concurrent.rerun_ms, 50), percentile(concurrent.rerun_ms, 95)
    r50, r95 = percentile(steps.rerun_ms, 50), percentile(steps.rerun_ms, 95)
    rate, median_rate, mentions = r["extraction"]
    t = TARGETS
    rows = [
        (
            "First load → all districts painted",
            f"p50 {l50:.2f} s · p95 {l95:.2f} s ({len(r['first_load_s'])} loads)",
            f"p50 ≤ {t['first_load_p50_s']} s",
            verdict(l50 <= t["first_load_p50_s"]),
        ),
        (
            "Slider step → recolour painted (app)",
            f"p50 {p50:.0f} ms · p95 {p95:.0f} ms · {steps.remounts} remounts ({len(steps.latencies_ms)} steps)",
            f"p50 ≤ {t['step_p50_ms']} ms, 0 remounts",
            verdict(p50 <= t["step_p50_ms"] and steps.remounts == 0),
        ),
        (
            "Slider step → rerun done (side column, the day's feature group in the map)",
            f"p50 {r50:.0f} ms · p95 {r95:.0f} ms",
            "",
            "",
        ),
        (
            "Slider step, baseline (map rebuilt each rerun)",
            f"p50 {b50:.0f} ms · p95 {b95:.0f} ms · {base.remounts} remounts ({len(base.latencies_ms)} steps)",
            "",
            "",
        ),
        (
            "Slider step, floor (bench/floor_app.py)",
            f"p50 {f50:.0f} ms · p95 {f95:.0f} ms · {floor.remounts} remounts; "
            f"first load p50 {percentile(r['floor_first_load_s'], 50):.2f} s; "
            f"{percentile(floor.bytes, 50) / 1000:.1f} KB per step",
            "",
            "",
        ),
        (
            "Speed-up over the baseline (p50)",
            f"{speedup:.1f}×",
            f"≥ {t['speedup']:.0f}×",
            verdict(speedup >= t["speedup"]),
        ),
        (
            "Websocket bytes received per step (app)",
            f"p50 {ws50 / 1000:.1f} KB · max {ws_max / 1000:.1f} KB (baseline p50 {bws50 / 1000:.1f} KB)",
            f"≤ {t['bytes_per_rerun'] // 1000} KB",
            verdict(ws_max <= t["bytes_per_rerun"]),
        ),
        (
            "Map component json_args per rerun (AppTest)",
            f"{r['args_app']['json_args'] / 1000:.1f} KB (map script "
            f"{r['args_app']['script'] / 1000:.1f} KB + day layer {r['args_app']['feature_group'] / 1000:.1f} KB); "
            f"baseline {r['args_baseline']['json_args'] / 1000:.1f} KB",
            "",
            "",
        ),
        ("Server RSS, 1 session stepping", f"{r['rss_1_mb']:.0f} MB", "", ""),
        (
            f"Server RSS, {args.sessions} sessions stepping together",
            f"{r['rss_10_mb']:.0f} MB",
            f"≤ {t['rss_10_mb']} MB",
            verdict(r["rss_10_mb"] <= t["rss_10_mb"]),
        ),
        (
            f"Step latency, {args.sessions} sessions together",
            f"painted p50 {c50:.0f} ms · p95 {c95:.0f} ms; rerun done p50 {cr50:.0f} ms · p95 {cr95:.0f} ms "
            f"({len(concurrent.latencies_ms)} steps)",
            "",
            "",
        ),
        (
            f"Extraction, {args.articles} seed-sized articles, one core",
            f"{rate:.0f} articles/s, best of {EXTRACTION_RUNS} runs (median {median_rate:.0f}; {mentions} mentions)",
            f"≥ {t['articles_per_s']} articles/s",
            verdict(rate >= t["articles_per_s"]),
        ),
    ]
    lines = ["| measure | result | target | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def machine_note(results: dict) -> str:
    """Versions and the machine's load: the numbers mean little without them."""
    from importlib.metadata import version

    before, after = results["load_before"], os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, streamlit {version('streamlit')}, "
        f"streamlit-folium {version('streamlit-folium')}, folium {version('folium')}, {results['browser']}; "
        f"1-minute load average {before:.1f} before the run, {after:.1f} after."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=LOADS, help="first loads to time (default %(default)s)")
    parser.add_argument("--steps", type=int, default=STEPS, help="slider steps per app (default %(default)s)")
    parser.add_argument("--sessions", type=int, default=SESSIONS, help="concurrent sessions (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=CONCURRENT_ROUNDS, help="concurrent steps (default %(default)s)")
    parser.add_argument("--articles", type=int, default=ARTICLES, help="articles to extract (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        results = run(args)
    except harness.HarnessError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    print(table(results, args))
    print(f"\n{machine_note(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
