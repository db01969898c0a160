"""The slowest hostile upload: the whole user-text pipeline timed on every case of ``tests/adversarial_inputs.py``.

The pipeline is what the app does with an uploaded article: ``decode_article`` -> ``parse_article`` ->
``find_mentions`` (places) -> excerpts for every place -> ``compare.differences`` of the article against the three
seeds (places and people) -> ``article_html``. Each case is built at the upload limit (``MAX_ARTICLE_BYTES``) and
timed on one core, best of three runs (as ``timeit`` does: other work on the machine only slows a run).

    python bench/worst_input.py          # prints a Markdown table, worst case first

``bench/run.py`` calls :func:`worst_input_seconds`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/worst_input.py` puts bench/ on the path, not the repository

from geo import paths  # noqa: E402
from geo.corpus import MAX_ARTICLE_BYTES  # noqa: E402
from tests.adversarial_inputs import CASES, context, pipeline, seed_like  # noqa: E402

RUNS = 3


def inputs(size: int = MAX_ARTICLE_BYTES) -> list[tuple[str, bytes]]:
    """Every adversarial case at ``size`` bytes, and the seeds repeated to that size."""
    seeds = [p.read_bytes() for p in sorted(paths.ARTICLES.glob("*.txt"))]
    return [(case.name, case.make(size)[0]) for case in CASES] + [("seeds-repeated", seed_like(size, seeds)[0])]


def worst_input_seconds(size: int = MAX_ARTICLE_BYTES) -> tuple[str, float, str]:
    """``(case name, seconds, Markdown table)``: the slowest case and the time of every case, best of ``RUNS``."""
    ctx = context()
    pipeline(b"Warm-up\n\nKalbajar fell on Sunday.\n", ctx)  # compile patterns and build indexes outside the timing
    rows = []
    for name, raw in inputs(size):
        best = float("inf")
        for _ in range(RUNS):
            start = time.process_time()  # CPU time of this process: one core, whatever else the machine runs
            pipeline(raw, ctx)
            best = min(best, time.process_time() - start)
        rows.append((best, name, len(raw)))
    rows.sort(reverse=True)
    table = ["| case | bytes | seconds |", "|---|---:|---:|"]
    table += [f"| {name} | {size_:,} | {seconds:.3f} |" for seconds, name, size_ in rows]
    return rows[0][1], rows[0][0], "\n".join(table)


if __name__ == "__main__":
    worst, seconds, table = worst_input_seconds()
    print(table)
    print(f"\nWorst: {worst}, {seconds:.3f} s (goal: 1 s)")
