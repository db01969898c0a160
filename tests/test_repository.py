"""The repository's own shape: what a fresh clone's test run needs to collect at all."""

from __future__ import annotations

from collections import Counter

from geo.paths import ROOT


def test_no_two_test_modules_share_a_name():
    # pytest imports test modules by their base name (tests/ has no __init__.py per folder): a second
    # tests/e2e/test_x.py beside tests/test_x.py stops the whole collection with "import file mismatch".
    names = Counter(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
