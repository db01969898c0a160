"""The timeline chart and the periods behind it."""

import datetime as dt
import re

import pytest

from geo.charts import LEGEND_ROW_WIDTH, ROW_HEIGHT, ROW_LABEL_LIMIT, timeline_chart
from geo.timeline import D3_DAY_MONTH, periods

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
    deadlines = next(d for d in datasets if d and "announced_text" in d[0])
    assert {(d["row"], d["date_text"], d["announced_text"]) for d in deadlines} >= {
        ("Kalbajar / Karvachar", "25 Nov 2020", "15 Nov 2020"),  # the extension
        ("Aghdam", "20 Nov 2020", "10 Nov 2020"),  # the trilateral statement
        ("Lachin / Berdzor", "1 Dec 2020", "10 Nov 2020"),
    }


def tooltips(spec: dict) -> list[dict]:
    return [t for layer in spec["layer"] for t in layer["encoding"].get("tooltip", [])]


def test_tooltips_write_dates_as_the_app_does_not_as_vega_does(events, places):
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    # A temporal tooltip would be formatted by Vega ("Nov 25, 2020"); the chart hands over the app's text instead.
    assert not [t for t in tooltips(spec) if t["type"] == "temporal"]
    titles = {t["title"] for t in tooltips(spec)}
    assert {"From", "To", "Handover due", "Announced"} <= titles
    bars = next(d for d in spec["datasets"].values() if d and "from_text" in d[0])
    aghdam = [(b["from_text"], b["to_text"], b["control_label"]) for b in bars if b["row"] == "Aghdam"]
    assert aghdam == [
        ("27 Sep 2020", "19 Nov 2020", "Divided control"),
        ("20 Nov 2020", "1 Dec 2020", "Azerbaijani control"),
    ]


def test_every_date_reaches_the_browser_as_local_midnight(events, places):
    """Vega reads "2020-11-25" as UTC midnight, which a browser west of Greenwich draws on 24 Nov; with a time and
    no zone it is local midnight, on its own day everywhere."""
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    temporal = {layer["encoding"][x]["field"] for layer in spec["layer"] for x in ("x", "x2") if x in layer["encoding"]}
    assert temporal == {"start", "until", "date", "day"}
    values = [row[f] for data in spec["datasets"].values() for row in data for f in temporal if f in row]
    assert values and all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00", v) for v in values), values[:5]


def test_screen_readers_get_each_mark_in_words_with_the_apps_dates(events, places):
    """Vega-Lite's own mark descriptions read "until: Dec 02, 2020" (its format, and the day after a bar's last)."""
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    assert all(layer["encoding"]["description"]["field"] == "description" for layer in spec["layer"])
    descriptions = {row["description"] for data in spec["datasets"].values() for row in data}
    assert {
        "Aghdam: Divided control, 27 Sep 2020 to 19 Nov 2020",
        "Aghdam: Azerbaijani control, 20 Nov 2020 to 1 Dec 2020",
        "Kalbajar / Karvachar: handover due 25 Nov 2020, announced 15 Nov 2020",
        "Chosen day: Fri 20 Nov 2020",
    } <= descriptions


def bars_encoding(spec: dict) -> dict:
    return spec["layer"][0]["encoding"]


def test_the_legend_sits_above_the_bars_not_beside_them(events, places):
    """At the right the legend took 150 px of a phone's 358 and left the bars 28 (issue 9, item 3)."""
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    legend = bars_encoding(spec)["color"]["legend"]
    assert legend["orient"] == "top" and legend["title"] is None
    # Three entries a row where the bars are wide, one a row where they are not.
    assert legend["columns"] == {"expr": f"width < {LEGEND_ROW_WIDTH} ? 1 : 3"}


@pytest.mark.parametrize(
    ("start", "ticks"),
    [
        (dt.date(2020, 11, 10), ["2020-11-10", "2020-11-17", "2020-11-24", "2020-12-01"]),  # the handover: both ends
        (START, ["2020-09-27", "2020-10-04", "2020-10-11", "2020-10-18", "2020-10-25", "2020-11-01", "2020-11-08",
                 "2020-11-15", "2020-11-22", "2020-11-29"]),
    ],
    ids=["handover", "war"],
)  # fmt: skip
def test_a_dated_tick_every_week_from_the_first_day_in_the_apps_format(events, places, start, ticks):
    """Vega-Lite's own ticks, one per 40 px, left a phone one date."""
    spec = timeline_chart(events, places, start, END, dt.date(2020, 11, 20)).to_dict()
    axis = bars_encoding(spec)["x"]["axis"]
    assert axis["format"] == D3_DAY_MONTH
    # DateTime objects without utc: local midnight, like the bars' dates.
    assert [dt.date(v["year"], v["month"], v["date"]).isoformat() for v in axis["values"]] == ticks
    assert not [v for v in axis["values"] if "utc" in v]


def test_the_rows_keep_their_height_and_the_width_fits_the_page(events, places):
    spec = timeline_chart(events, places, START, END, dt.date(2020, 11, 20)).to_dict()
    rows = bars_encoding(spec)["y"]["sort"]
    # The height is the bars' alone: Streamlit's default autosize ("fit") squeezed axis and legend into it too.
    assert spec["height"] == ROW_HEIGHT * len(rows)
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"} and spec["width"] == "container"
    assert bars_encoding(spec)["y"]["axis"]["labelLimit"] == ROW_LABEL_LIMIT
