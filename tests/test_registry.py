"""Every data file is in the registry of data/README.md with its source, licence, command, rows and sha256."""

import pytest

from geo import paths, registry
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


def test_registry_html_lists_every_file_with_a_short_digest_and_the_whole_in_its_title():
    html = registry.registry_html(registry.read_registry())
    entries = registry.read_registry()
    assert html.count("<tr>") == len(entries) + 1  # the header row
    for entry in entries:
        assert f'<td data-label="file"><code>{entry.file}</code></td>' in html
        assert f'<code title="{entry.sha256}">{entry.sha256[: registry.DIGEST_SHOWN]}…</code>' in html
    assert "`" not in html  # the README's code spans became <code>
    assert "(<code>coord_source</code>), see <code>places_notes.md</code>" in html


def test_registry_html_escapes_what_the_readme_says():
    entry = registry.Entry("a<b>.csv", "x <script>alert(1)</script> `c&d`", "CC", "hand", 3, "f" * 64)
    html = registry.registry_html([entry])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<code>c&amp;d</code>" in html and "<code>a&lt;b&gt;.csv</code>" in html
