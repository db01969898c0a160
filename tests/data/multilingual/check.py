"""Check tests/data/multilingual/excerpts.jsonl against its own rules (see README.md here).

Run from the repository root: python tests/data/multilingual/check.py
Prints the count per language and kind and exits 1 with one line per problem.
"""

import csv
import datetime
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
KEYS = {"id", "lang", "kind", "outlet", "published", "published_confirmed", "source_url", "text", "places", "dates"}
KEYS_OPTIONAL = {"not_places", "note", "year", "undecided_dates"}
LANGS = {"ru", "hy", "az", "tr", "de"}
MINIMUM = {"ru": 5, "hy": 5, "az": 5, "tr": 3, "de": 3, "trap": 8}


def iso_day(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def check_spans(row, field, problems):
    spans = []
    for item in row[field]:
        surface, start = item.get("surface"), item.get("start")
        if not isinstance(surface, str) or not surface or not isinstance(start, int):
            problems.append(f"{row['id']}: {field} item without surface/start: {item}")
            continue
        if row["text"][start : start + len(surface)] != surface:
            problems.append(f"{row['id']}: {field} {surface!r} is not at {start}")
        spans.append((start, start + len(surface)))
    return spans


def main():
    place_ids = {r["id"] for r in csv.DictReader((ROOT / "data" / "places.csv").open(encoding="utf-8"))}
    problems, seen, counts = [], set(), Counter()
    lines = (HERE / "excerpts.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        row = json.loads(line)
        rid = row.get("id", f"line {number}")
        missing, extra = KEYS - row.keys(), row.keys() - KEYS - KEYS_OPTIONAL
        if missing or extra:
            problems.append(f"{rid}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}")
            continue
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if row["lang"] not in LANGS or row["kind"] not in {"excerpt", "trap"}:
            problems.append(f"{rid}: lang {row['lang']!r} / kind {row['kind']!r}")
        if not row["source_url"].startswith(("https://", "http://")):
            problems.append(f"{rid}: source_url is not http(s)")
        if unicodedata.normalize("NFC", row["text"]) != row["text"]:
            problems.append(f"{rid}: text is not NFC")
        published = row["published"]
        if published is not None and iso_day(published) is None:
            problems.append(f"{rid}: published {published!r} is not YYYY-MM-DD")
        if row["published_confirmed"] and published is None:
            problems.append(f"{rid}: published_confirmed without a date")
        yearless = [d for d in row["dates"] if not re.search(r"\d{4}", d.get("surface", ""))]
        if published is None and yearless and not isinstance(row.get("year"), int):
            problems.append(f"{rid}: yearless dates without a publication date need the events' year in `year`")
        if published is not None and "year" in row:
            problems.append(f"{rid}: `year` is only for rows without a publication date")
        place_spans = check_spans(row, "places", problems)
        check_spans(row, "dates", problems)
        for item in row.get("undecided_dates", ()):
            if row["text"][item["start"] : item["start"] + len(item["surface"])] != item["surface"] or not item["why"]:
                problems.append(f"{rid}: undecided date {item['surface']!r} is not at {item['start']} or gives no why")
        for item in row["places"]:
            if item.get("id") not in place_ids:
                problems.append(f"{rid}: place id {item.get('id')!r} is not in data/places.csv")
        for item in row["dates"]:
            if iso_day(item.get("date")) is None:
                problems.append(f"{rid}: date {item.get('date')!r} is not YYYY-MM-DD")
            if not row["published_confirmed"] and not any(ch.isdigit() for ch in item.get("surface", "")):
                problems.append(f"{rid}: relative date {item.get('surface')!r} without a confirmed publication date")
        for surface in row.get("not_places", []):
            at = row["text"].find(surface)
            if at < 0:
                problems.append(f"{rid}: not_place {surface!r} is not in the text")
            while at >= 0:
                if any(a < at + len(surface) and at < b for a, b in place_spans):
                    problems.append(f"{rid}: not_place {surface!r} at {at} overlaps a place")
                at = row["text"].find(surface, at + 1)
        if row["kind"] == "excerpt" and not row["places"]:
            problems.append(f"{rid}: an excerpt names no place of the gazetteer")
        if row["kind"] == "trap" and not row.get("not_places"):
            problems.append(f"{rid}: a trap without not_places")
        counts[row["kind"] if row["kind"] == "trap" else row["lang"]] += 1
        counts[f"{row['lang']}/{row['kind']}"] += 1
        counts[f"confirmed/{row['published_confirmed']}"] += 1
    for key, least in MINIMUM.items():
        if counts[key] < least:
            problems.append(f"only {counts[key]} {key} (at least {least})")
    for key in sorted(counts):
        print(f"{key}\t{counts[key]}")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
