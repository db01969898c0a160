"""The timeline chart and the periods behind it."""

import datetime as dt

from geo.charts import timeline_chart
from geo.timeline import periods

START, END = dt.date(2020, 9, 27), dt.date(2020, 12, 1)


def test_periods_cover_the_range_without_gaps(events, places):
    spans = periods(events, places, START, END)
    for entity in {s["entity_id"] for s in spans}:
        mine = [s for s in spans if s["entity_id"] == entity]
        assert mine[0]["start"] == START and mine[-1]["end"] == END
        for a, b in zip(mine, mine[1:], strict=False):
            assert b["start"] == a["end"] + dt.timedelta(days=1)


def test_aghdam_changes_on_the_20th(events, places):
    aghdam = [s for s in periods(events, places, START, END) if s["entity_id"] == "aghdam"]
    assert [(s["control"], s["start"]) for s in aghdam] == [("mixed", START), ("azerbaijani", dt.date(2020, 11, 20))]


def test_chart_has_bars_deadlines_and_the_day(events, places):
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["bar", "point", "rule"]
    datasets = spec["datasets"].values()
    deadlines = next(d for d in datasets if d and "announced" in d[0])
    assert {(d["row"], d["date"]) for d in deadlines} >= {
        ("Kalbajar / Karvachar", "2020-11-25"),
        ("Aghdam", "2020-11-20"),
        ("Lachin / Berdzor", "2020-12-01"),
    }
