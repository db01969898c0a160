"""Every data file is in the registry of data/README.md with its source, licence, command, rows and sha256."""

import pytest

from geo import paths
from geo.registry import count_rows, data_files, read_registry, sha256

REGISTRY = {entry.file: entry for entry in read_registry()}


def test_every_data_file_is_registered():
    assert sorted(REGISTRY) == data_files()


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registry_entry_matches_the_file(name):
    entry = REGISTRY[name]
    path = paths.DATA / name
    assert entry.source and entry.licence and entry.rebuilt_by
    assert count_rows(path) == entry.rows, f"{name}: rows changed; update data/README.md"
    assert sha256(path) == entry.sha256, f"{name}: content changed; update data/README.md (python -m geo registry)"


def test_seed_articles_are_verbatim_copies():
    # The seeds' bytes are pinned by their sha256 above; they must also all be registered as seeds.
    seeds = [name for name in REGISTRY if name.startswith("articles/") and name.endswith(".txt")]
    assert len(seeds) == 3
    assert all("verbatim" in REGISTRY[name].source for name in seeds)
