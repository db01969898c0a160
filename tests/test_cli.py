"""``python -m geo``: run as a user runs it (a subprocess) for the contract, in-process for the details."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import paths
from geo.cli import MAX_READ_BYTES, main
from geo.corpus import MAX_ARTICLE_BYTES

SEED_002 = paths.ARTICLES / "002_353686bb8fdbdf8e.txt"
BINARY_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00"


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
    printed = json.loads(result.stdout)
    statuses = printed["places"]
    assert statuses["aghdam"]["control"] == "azerbaijani" and statuses["aghdam"]["since"] == "2020-11-20"
    assert statuses["kalbajar"]["deadline"] == "2020-11-25"
    for record in statuses.values():
        assert set(record) >= {"status", "control", "since", "source"}
        assert record["control"] in {"armenian", "azerbaijani", "mixed"}


def test_status_lists_every_settlement_with_its_control_and_source():
    printed = json.loads(run("status", "2020-11-01").stdout)
    settlements = {s["geonameid"]: s for s in printed["settlements"]}
    assert len(settlements) >= 60
    # Martuni (GeoNames "Khojavend") Armenian-held, Horadiz Azerbaijani since January 1994, Fuzuli taken 17 Oct.
    assert settlements[146969]["control"] == "armenian" and settlements[146969]["place_id"] == "khojavend-town"
    assert settlements[148003]["control"] == "azerbaijani" and "AP, 7 Jan 1994" in settlements[148003]["source"]
    assert settlements[148106]["since"] == "2020-10-17"
    # No dated source of its own: no status, not the district's (Mincivan, a village of Zangilan district).
    assert settlements[147504]["control"] is None and settlements[147504]["district"] == "zangilan"
    for record in settlements.values():
        assert (record["control"] is None) == (record["source"] is None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "2020-11-31"), "'2020-11-31' is not a date"),
        (("status", "yesterday"), "'yesterday' is not a date"),
        (("status", "1900-01-01"), "1900-01-01 is outside the map's range (2020-09-27 to 2020-12-01)"),
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


@pytest.mark.parametrize("command", [(), ("extract",), ("status",), ("png",), ("registry",), ("build-districts",)])
def test_help_is_plain_text(command):
    result = run(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: python -m geo" in result.stdout
    assert "``" not in result.stdout and ":func:" not in result.stdout


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("20201120", "'20201120' is not a date (YYYY-MM-DD)"),  # ISO basic format: date.fromisoformat reads it
        ("2020-W47-5", "'2020-W47-5' is not a date (YYYY-MM-DD)"),  # ISO week date: fromisoformat reads it too
        ("2020-11-20T00:00", "is not a date (YYYY-MM-DD)"),
        (" 2020-11-20", "is not a date (YYYY-MM-DD)"),
        ("２０２０-11-20", "is not a date (YYYY-MM-DD)"),  # fullwidth digits
        ("2020-09-26", "2020-09-26 is outside the map's range (2020-09-27 to 2020-12-01)"),  # the day before
        ("2020-12-02", "2020-12-02 is outside the map's range (2020-09-27 to 2020-12-01)"),  # the day after
        ("2030-01-01", "2030-01-01 is outside the map's range (2020-09-27 to 2020-12-01)"),
    ],
)
def test_status_accepts_exactly_a_day_of_the_map(day, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["status", day], out=io.StringIO())
    assert exited.value.code == 2
    stderr = capsys.readouterr().err
    assert message in stderr and len(stderr.strip().splitlines()) == 1, stderr


@pytest.mark.parametrize("day", ["2020-09-27", "2020-12-01"])  # the map's first and last days
def test_status_answers_on_the_first_and_last_days_of_the_map(day):
    out = io.StringIO()
    assert main(["status", day], out=out) == 0
    assert json.loads(out.getvalue())["places"]["kalbajar"]["control"]


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of unusable article file, made in ``folder``, with the problem its message names."""
    made = {}

    def make(name: str, content: bytes, problem: str) -> None:
        path = folder / name
        path.write_bytes(content)
        made[name] = (path, problem)

    make("photo.txt", BINARY_HEAD, "binary file")
    make("long.txt", b"Kalbajar. " * (MAX_ARTICLE_BYTES // 10) + b"x", f"file is {MAX_ARTICLE_BYTES + 1:,} bytes")
    make("latin1.txt", "Füzuli".encode("latin-1"), "not UTF-8 text")
    make("empty.txt", b"  \n", "empty article")
    huge = folder / "huge.txt"  # sparse: its size is refused without reading it
    with huge.open("wb") as handle:
        handle.truncate(MAX_READ_BYTES + 1)
    made["huge.txt"] = (huge, f"file is {MAX_READ_BYTES + 1:,} bytes; the limit for an article is")
    made["missing.txt"] = (folder / "missing.txt", "file not found")
    made["folder"] = (folder, "is a directory")
    return made


def test_every_unusable_file_is_named_as_typed_with_its_problem(tmp_path):
    for name, (path, problem) in bad_files(tmp_path).items():
        result = run("extract", str(path))
        assert result.returncode == 2, name
        assert result.stdout == "", name
        assert result.stderr == f"error: {path}: {result.stderr.split(': ', 2)[2]}", name
        assert problem in result.stderr and len(result.stderr.splitlines()) == 1, (name, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_large_binary_file_is_called_binary(tmp_path):
    photo = tmp_path / "large-photo.txt"
    photo.write_bytes(BINARY_HEAD + b"x" * MAX_ARTICLE_BYTES)  # binary, and over the limit
    result = run("extract", str(photo))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {photo}: binary file")


@pytest.mark.parametrize("bad_position", [0, 1, 2])
def test_extract_checks_every_file_before_printing_anything(tmp_path, bad_position):
    files = [str(SEED_002), str(SEED_002)]
    files.insert(bad_position, str(tmp_path / "missing.txt"))
    result = run("extract", *files)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {tmp_path / 'missing.txt'}: file not found\n"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs a device file")
def test_extract_refuses_a_device_without_reading_it():
    result = run("extract", "/dev/zero")  # read_bytes would never return
    assert result.returncode == 2
    assert result.stderr == "error: /dev/zero: not a regular file\n"


def test_an_unreadable_file_is_named(tmp_path, monkeypatch, capsys):
    article = tmp_path / "secret.txt"
    article.write_text("Kalbajar.", encoding="utf-8")

    read_bytes = Path.read_bytes

    def refuse(self):
        if self == article:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root reads any file, so chmod cannot show this
    out = io.StringIO()
    assert main(["extract", str(article)], out=out) == 2
    assert out.getvalue() == ""
    assert capsys.readouterr().err == f"error: {article}: cannot be read (permission denied)\n"


@pytest.mark.parametrize("name", ["day.png", "day.svg"])
def test_png_draws_the_day_as_png_or_svg_by_the_extension(tmp_path, name):
    out = tmp_path / name
    result = run("png", "2020-11-25", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    head = out.read_bytes()[:200]
    if name.endswith(".png"):
        assert head.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert b"<svg" in head and "Wed 25 Nov 2020" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2020-11-31", "day.png"), "'2020-11-31' is not a date (YYYY-MM-DD)"),
        (("2020-12-02", "day.png"), "2020-12-02 is outside the map's range (2020-09-27 to 2020-12-01)"),
        (("2020-11-25", "day.jpg"), "'{dir}/day.jpg': unknown extension '.jpg'; use .png or .svg"),
        (("2020-11-25", "day"), "'{dir}/day': unknown extension ''; use .png or .svg"),
        (("2020-11-25", "no/such/folder/day.png"), "{dir}/no/such/folder/day.png: its folder does not exist"),
        (("2020-11-25", "folder.png"), "{dir}/folder.png: is a directory, not a file name"),  # a folder named so
    ],
)
def test_png_errors_are_one_line_and_write_nothing(tmp_path, args, message):
    (tmp_path / "folder.png").mkdir()
    day, name = args
    result = run("png", day, str(tmp_path / name))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message.format(dir=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.png"]


# --- extract URL ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_server():
    """tests/test_links.py's server on 127.0.0.1, serving the saved pages of tests/data/pages."""
    from tests.test_links import serve

    server = serve("127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


def test_extract_reads_a_saved_page_by_its_link_with_private_hosts_allowed(page_server):
    from tests.test_links import MOSCOW_TIMES

    url = page_server.url(f"/pages/{MOSCOW_TIMES}")
    result = run("extract", "--allow-private-hosts", url, str(SEED_002))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    from_link = [r for r in records if r["file"] == url]
    assert {r["place_id"] for r in from_link} >= {"kalbajar", "aghdam", "lachin", "stepanakert", "charektar"}
    # "by November 20" in an article of 15 Nov: the page's date (its markup) resolves the sentence's.
    (aghdam,) = [r for r in from_link if r["place_id"] == "aghdam"]
    assert aghdam["date"] == "2020-11-20" and "Aghdam district by November 20" in aghdam["sentence"]
    assert any(r["file"] == str(SEED_002) for r in records)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:{port}/pages/x.html", "refused: 127.0.0.1 is a loopback address, not a public web server"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("ftp://ftp.example.org/a.html", "ftp: addresses are not read; only http:// and https:// ones are"),
        ("javascript:alert(1)", "javascript: addresses are not read"),
        ("http://no-such-host.invalid/a", "no such host: no-such-host.invalid"),
    ],
)
def test_extract_of_a_link_that_cannot_be_read_is_one_line(url, message, page_server):
    url = url.format(port=page_server.server_address[1])
    before = len(page_server.seen)
    result = run("extract", str(SEED_002), url)  # the file first: nothing is printed all the same
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"error: {url}: {message}\n" or message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert len(page_server.seen) == before  # without --allow-private-hosts the local server is never asked
