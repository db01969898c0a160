"""``python -m geo``: run as a user runs it (a subprocess) for the contract, in-process for the details."""

import io
import json
import subprocess
import sys

import pytest

from geo import paths
from geo.cli import main

SEED_002 = paths.ARTICLES / "002_353686bb8fdbdf8e.txt"


def run(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=paths.ROOT)


def test_extract_prints_one_json_object_per_mention():
    result = run("extract", str(SEED_002))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    text = SEED_002.read_text(encoding="utf-8")
    assert {r["place_id"] for r in records} == {
        "kalbajar",
        "aghdam",
        "lachin",
        "stepanakert",
        "charektar",
        "dadivank",
    }
    for record in records:
        assert {"place_id", "text", "sentence", "start", "end"} <= set(record)
        assert text[record["start"] : record["end"]] == record["text"]
    dated = [r for r in records if "Stepanakert, which was shelled" in r["sentence"]]
    assert dated[0]["date"] == "2020-11-15"  # "yesterday" in an article of 16 Nov


def test_extract_several_files_from_any_directory(tmp_path):
    article = tmp_path / "mine.md"
    article.write_text("# Report\n\nTroops entered Agdam and Kelbajar.", encoding="utf-8")
    out = io.StringIO()
    assert main(["extract", str(article), str(SEED_002)], out=out) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["place_id"] for r in records if r["file"] == str(article)] == ["aghdam", "kalbajar"]


def test_status_prints_every_district_and_place():
    result = run("status", "2020-11-20")
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout)
    assert statuses["aghdam"]["control"] == "azerbaijani" and statuses["aghdam"]["since"] == "2020-11-20"
    assert statuses["kalbajar"]["deadline"] == "2020-11-25"
    for record in statuses.values():
        assert set(record) >= {"status", "control", "since", "source"}
        assert record["control"] in {"armenian", "azerbaijani", "mixed"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "2020-11-31"), "'2020-11-31' is not a date"),
        (("status", "yesterday"), "'yesterday' is not a date"),
        (("status", "1900-01-01"), "before the timeline starts"),
        (("extract", "no/such/file.txt"), "no/such/file.txt: file not found"),
        (("extract", "data"), "is a directory"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_errors_are_one_line_without_traceback(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_of_a_binary_file_names_it(tmp_path):
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("extract", str(image))
    assert result.returncode == 2
    assert f"{image}: binary file" in result.stderr
