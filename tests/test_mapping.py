"""The map builder without a browser: assertions on the generated Leaflet script and the day state."""

import datetime as dt
import json
import re
import subprocess

import pytest
from shapely.geometry import shape
from shapely.ops import unary_union

from geo import day_states, map_style, mapping, paths, polyline, popups
from geo.boundaries import LABEL_POINTS
from geo.corpus import excerpts_for, find_mentions, parse_article
from geo.corridor import IN_FORCE_FROM, corridor_feature
from geo.timeline import map_days, status_on
from tests.test_frontend import node

D = dt.date
LABELS = LABEL_POINTS


@pytest.fixture(scope="module")
def districts():
    return json.loads(paths.DISTRICTS_GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corridor(districts, places):
    return corridor_feature(places, unary_union([shape(f["geometry"]) for f in districts["features"]]))


@pytest.fixture(scope="module")
def excerpts(corpus, gazetteer, places):
    mentions = {name: find_mentions(a, gazetteer) for name, a in corpus.items()}
    return {pid: excerpts_for(pid, corpus.values(), mentions) for pid in places}


@pytest.fixture(scope="module")
def table(events, places):
    return day_states.build_day_table(
        {day: status_on(events, places, day) for day in map_days()}, places, IN_FORCE_FROM
    )


def script_of(fmap) -> str:
    return fmap.get_root().render()


def day_map(districts, corridor, places, excerpts, table, day, labels):
    """The app's base map and a day's feature group (the benchmark's baseline draws the day so)."""
    script = mapping.base_script(districts, corridor, places, excerpts, labels, table)
    return mapping.base_map(script), mapping.date_layer(table.state(day))


def rendered(fmap, layer) -> str:
    """The map with the day's group, as one page."""
    layer.add_to(fmap)
    return script_of(fmap)


def test_base_map_is_the_same_whatever_the_day(districts, corridor, places, excerpts, table):
    one = day_map(districts, corridor, places, excerpts, table, D(2020, 11, 19), LABELS)
    two = day_map(districts, corridor, places, excerpts, table, D(2020, 11, 20), LABELS)
    strip = re.compile(r"_[0-9a-f]{32}")  # folium's random element ids
    assert strip.sub("", script_of(one[0])) == strip.sub("", script_of(two[0]))
    # the day lives only in the feature group
    day_one, day_two = rendered(*one), rendered(*two)
    assert '"day":"2020-11-19"' in day_one and '"day":"2020-11-20"' in day_two


def test_day_state_follows_the_table(places, events):
    before = day_states.state_on_day(status_on(events, places, D(2020, 11, 19)), places, D(2020, 11, 19), IN_FORCE_FROM)
    after = day_states.state_on_day(status_on(events, places, D(2020, 11, 20)), places, D(2020, 11, 20), IN_FORCE_FROM)
    assert before["districts"]["aghdam"]["control"] == "mixed"
    assert after["districts"]["aghdam"]["control"] == "azerbaijani"
    assert before["districts"]["aghdam"]["fill"] != after["districts"]["aghdam"]["fill"]
    assert set(after["districts"]) == {pid for pid, p in places.items() if p.is_area}


@pytest.mark.parametrize(("day", "shown"), [(D(2020, 11, 9), False), (D(2020, 11, 10), True)])
def test_corridor_shows_from_the_statement(places, events, day, shown):
    assert day_states.state_on_day(status_on(events, places, day), places, day, IN_FORCE_FROM)["corridor"] is shown


def test_charektar_marker_takes_its_own_colour_after_the_kalbajar_handover(places, events):
    day = D(2020, 11, 25)
    state = day_states.state_on_day(status_on(events, places, day), places, day, IN_FORCE_FROM)
    assert state["places"]["charektar"]["control"] == "armenian"
    assert state["districts"]["kalbajar"]["control"] == "azerbaijani"
    day = D(2020, 11, 24)
    assert (
        "charektar" not in day_states.state_on_day(status_on(events, places, day), places, day, IN_FORCE_FROM)["places"]
    )


def test_tooltips_give_both_names_control_since_and_source(places, events):
    status = status_on(events, places, D(2020, 11, 20))["lachin"]
    head, body = day_states.district_head(places["lachin"]), day_states.district_tooltip(places["lachin"], status)
    assert "Lachin / Berdzor" in head and "Laçın" in head
    # "Since" is the start of the current period (taken May 1992, issue 9 item 8); the ceasefire is its own line.
    assert body.startswith("Armenian control since May 1992<br>Held at the 12 May 1994 ceasefire<br>")
    assert "since 12 May 1994" not in body and "Handover due 1 Dec 2020" in body
    assert "Source:" in body


def test_one_marker_for_a_district_and_its_seat_town(places):
    found = {m.id: m for m in popups.markers(places)}
    assert found["kalbajar"].place_ids == ("kalbajar", "kalbajar-town")
    assert "kalbajar-town" not in found
    assert found["charektar"].place_ids == ("charektar",)


def test_popup_escapes_article_text_and_highlights_the_name(places, gazetteer):
    article = parse_article(
        'Report\n\nBy <b>Someone</b>\n\nOn Friday "<script>alert(1)</script>" was seen in Charektar & nearby.',
        "evil.md",
    )
    mentions = {article.file: find_mentions(article, gazetteer)}
    excerpts = {"charektar": excerpts_for("charektar", [article], mentions)}
    marker = next(m for m in popups.markers(places) if m.id == "charektar")
    citations: dict[str, int] = {}
    popup = popups.popup_html(popups.popup_parts(marker, places, excerpts, citations), list(citations))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "<script" not in popup
    assert "<mark>Charektar</mark> &amp; nearby" in popup


def test_a_popup_quotes_three_at_most_counts_the_rest_and_links_to_the_place_on_sources(places, gazetteer, excerpts):
    body = " ".join(f"Convoy {n} of the <b>relief</b> column passed Charektar." for n in range(1, 9))
    article = parse_article(f"Convoys seen\n\n{body}", "long.md")
    mentions = {article.file: find_mentions(article, gazetteer)}
    mine = {**excerpts, "charektar": excerpts_for("charektar", [article], mentions) + list(excerpts["charektar"])}
    marker = next(m for m in popups.markers(places) if m.id == "charektar")
    citations: dict[str, int] = {}
    popup = popups.popup_html(popups.popup_parts(marker, places, mine, citations), list(citations))
    items = popup.split("<ul>")[1].split("</ul>")[0].split("<li>")[1:]
    assert len(items) == popups.QUOTES_PER_PLACE == 3
    # At most three of long.md's eight sentences reach the popup (only the first three are considered at all).
    assert popup.count("<code>long.md</code>") <= popups.MAX_QUOTES_PER_ARTICLE
    # The rest is counted: every (article, sentence) naming Charektar, less the citations the three quotes carry.
    total = 8 + len({(e.file, e.sentence) for e in excerpts["charektar"]})
    cited = sum(item.count("<code>") for item in items)
    rest = total - cited
    assert f'{rest} more sentences name Charektar: <a href="sources?place=charektar"' in popup


def test_an_added_articles_best_sentence_is_quoted_even_below_the_top_three(places, gazetteer, excerpts):
    article = parse_article("Report\n\nA convoy reached Kelbajar. Later it reached Kelbajar on Friday.", "mine.txt")
    mentions = {article.file: find_mentions(article, gazetteer)}
    mine = {**excerpts, "kalbajar": list(excerpts["kalbajar"]) + excerpts_for("kalbajar", [article], mentions)}
    marker = next(m for m in popups.markers(places) if m.id == "kalbajar")

    def popup(always):
        citations: dict[str, int] = {}
        return popups.popup_html(popups.popup_parts(marker, places, mine, citations, always), list(citations))

    assert "mine.txt" not in popup(())  # the seeds outrank it
    shown = popup({"mine.txt"})
    assert shown.count("<code>mine.txt</code>") == 1
    assert "Later it reached <mark>Kelbajar</mark> on Friday" in shown  # its best: the one with a day
    assert shown.split("<ul>")[1].count("<li>") == popups.QUOTES_PER_PLACE + 1


def test_kalbajars_popup_opens_with_the_extension_of_the_deadline(places, excerpts):
    marker = next(m for m in popups.markers(places) if m.id == "kalbajar")
    citations: dict[str, int] = {}
    popup = popups.popup_html(popups.popup_parts(marker, places, excerpts, citations), list(citations))
    first = popup.split("<li>")[1].split("</li>")[0]
    assert "deadline" in first and "November 25" in first


@pytest.mark.parametrize("place_id", ["aghdam", "lachin"])
def test_the_wire_sentence_on_the_peace_deal_is_quoted_once_citing_the_three_outlets(places, excerpts, place_id):
    # The Straits Times writes "by Nov 20 ... by Dec 1", the others "by November 20 ... by December 1".
    marker = next(m for m in popups.markers(places) if m.id == place_id)
    citations: dict[str, int] = {}
    popup = popups.popup_html(popups.popup_parts(marker, places, excerpts, citations), list(citations))
    assert popup.count("A key part of the peace deal") == 1
    item = popup.split("A key part of the peace deal")[1].split("</li>")[0]
    assert all(outlet in item for outlet in ("The National", "The Straits Times", "The Moscow Times"))


def test_wiki_markup_in_a_source_does_not_break_the_page(districts, corridor, places, excerpts, table):
    # Hadrut's coordinate source quotes "{{coord|...}}": Jinja must not read it as a template.
    fmap, layer = day_map(districts, corridor, places, excerpts, table, D(2020, 11, 20), LABELS)
    html = rendered(fmap, layer)
    assert "kbApply" in html and "Hadrut" in html


def test_leaflet_only_from_the_cdn(districts, corridor, places, excerpts, table):
    html = script_of(mapping.base_map(mapping.base_script(districts, corridor, places, excerpts, LABELS, table)))
    external = set(re.findall(r'(?:src|href)="(https?://[^"]+)"', html))
    assert external == {mapping.LEAFLET_JS[1], mapping.LEAFLET_CSS[1]}


def test_basemaps_and_credits(districts, corridor, places, excerpts, table):
    html = script_of(mapping.base_map(mapping.base_script(districts, corridor, places, excerpts, LABELS, table)))
    assert "tile.openstreetmap.org" in html and "World_Light_Gray_Base" in html and "No basemap" in html
    assert "OpenStreetMap" in html and "Natural Earth" in html and "Esri" in html


def decode_ring(text: str, precision: int = polyline.MAP_DECIMALS) -> list[tuple[float, float]]:
    """The reference decoder of the encoded-polyline format (what the map's kbDecode does), as (lon, lat)."""
    values, index, points, lat, lon = [], 0, [], 0, 0
    while index < len(text):
        result, shift = 0, 0
        while True:
            byte = ord(text[index]) - 63
            index += 1
            result |= (byte & 31) << shift
            shift += 5
            if byte < 32:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    for dlat, dlon in zip(values[::2], values[1::2], strict=True):
        lat, lon = lat + dlat, lon + dlon
        points.append((lon / 10**precision, lat / 10**precision))
    return points


def test_embedded_polygons_decode_to_the_district_file_within_the_precision(districts, places):
    embedded = mapping.map_districts(districts, places)
    assert [d["id"] for d in embedded] == [f["properties"]["id"] for f in districts["features"]]
    for district, feature in zip(embedded, districts["features"], strict=True):
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for encoded_rings, rings in zip(district["rings"], polygons, strict=True):
            for encoded, ring in zip(encoded_rings, rings, strict=True):
                decoded = decode_ring(encoded)
                assert len(decoded) == len(ring)
                assert all(
                    abs(a - c) <= 0.5e-4 + 1e-12 and abs(b - d) <= 0.5e-4 + 1e-12
                    for (a, b), (c, d) in zip(decoded, ring, strict=True)
                )


@pytest.mark.parametrize("ring", [[[46.5, 39.5], [-0.0001, 0.0001], [180.0, -89.9999], [46.5, 39.5]]])
def test_encode_ring_handles_signs_and_extremes(ring):
    assert decode_ring(polyline.encode_ring(ring)) == [(lon, lat) for lon, lat in ring]


def test_day_table_holds_every_day_state_with_each_tooltip_once(table, events, places):
    assert (table.start, table.end) == (D(2020, 9, 27), D(2020, 12, 1))
    assert len(table.tips) == len(set(table.tips))
    for day in map_days():
        full = day_states.state_on_day(status_on(events, places, day), places, day, IN_FORCE_FROM)
        stored = table.state(day)
        assert {i: table.tips[d["tip"]] for i, d in stored["districts"].items()} == {
            i: d["tooltip"] for i, d in full["districts"].items()
        }
        assert {i: {k: v for k, v in d.items() if k != "tip"} for i, d in stored["districts"].items()} == {
            i: {k: v for k, v in d.items() if k != "tooltip"} for i, d in full["districts"].items()
        }
        assert (stored["places"], stored["corridor"], stored["day"]) == (full["places"], full["corridor"], full["day"])


def test_day_table_refuses_days_outside_and_gaps(table, events, places):
    with pytest.raises(KeyError, match="2020-12-02 is outside the map's days"):
        table.state(D(2020, 12, 2))
    gap = {day: status_on(events, places, day) for day in (D(2020, 11, 19), D(2020, 11, 21))}
    with pytest.raises(ValueError, match="consecutive days"):
        day_states.build_day_table(gap, places, IN_FORCE_FROM)


def test_kalbajar_tooltip_in_the_table_tells_the_extension(table):
    assert "Handover due 15 Nov 2020" in table.tooltip(D(2020, 11, 14), "kalbajar")
    after = table.tooltip(D(2020, 11, 20), "kalbajar")
    assert "Handover due 25 Nov 2020" in after and "was 15 Nov 2020" in after


def test_compact_runs_give_back_each_day(table):
    """Read the runs the way the browser's kbStateFor does (the last run starting on or before the day)."""
    compact = json.loads(json.dumps(table.compact()))
    assert compact["days"] == len(map_days())

    def at(runs, offset):
        return [run for run in runs if run[0] <= offset][-1]

    assert set(compact["districts"]) == {d for day in map_days() for d in table.state(day)["districts"]}
    assert set(compact["places"]) == {p for day in map_days() for p in table.state(day)["places"]}
    for offset, day in enumerate(map_days()):
        state = table.state(day)
        for district_id, runs in compact["districts"].items():
            run = at(runs, offset)
            entry = state["districts"].get(district_id)
            assert run[1:] == ([entry["control"], entry["tip"]] if entry else [])
        for place_id, runs in compact["places"].items():
            entry = state["places"].get(place_id)
            assert at(runs, offset)[1:] == ([entry["control"]] if entry else [])
        assert bool(at(compact["corridor"], offset)[1]) is state["corridor"]
    # Runs, not days: the table stays small however long the range.
    assert sum(len(runs) for runs in compact["districts"].values()) < 5 * len(compact["districts"])


def test_the_map_watches_the_slider_only_when_given_its_key(districts, corridor, places, excerpts, table):
    watched = mapping.base_script(districts, corridor, places, excerpts, LABELS, table, slider_key="day")
    alone = mapping.base_script(districts, corridor, places, excerpts, LABELS, table)
    assert mapping.script_data(watched)["sliderKey"] == "st-key-day"
    assert mapping.script_data(alone)["sliderKey"] is None


@pytest.mark.parametrize(
    ("key", "css"), [("day", "st-key-day"), (" date.day 1 ", "st-key-date-day-1"), ("a_b-c", "st-key-a_b-c")]
)
def test_slider_class_follows_streamlits_rule(key, css):
    assert mapping.slider_class(key) == css


def test_the_browser_rebuilds_every_day_and_every_ring_as_the_server_has_them(
    tmp_path, districts, corridor, places, excerpts, table
):
    """handover_map.js (run by Node on the data object the map receives) gives every day the state the server's
    DayTable gives, and decodes every district's rings to the GeoJSON's coordinates at the map's precision."""
    data = mapping.script_data(mapping.base_script(districts, corridor, places, excerpts, LABELS, table))
    sent = tmp_path / "map_data.json"
    sent.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [node(), "tests/js/map_states.js", str(sent)], cwd=paths.ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    browser = json.loads(result.stdout)
    assert len(browser["states"]) == len(table.states) == 66
    for mine, theirs in zip(table.states, browser["states"], strict=True):
        expected = {**mine, "districts": {k: {**v} for k, v in mine["districts"].items()}}
        for entry in expected["districts"].values():
            entry["label"] = map_style.CONTROL_STYLE[entry["control"]]["short"]
        assert theirs == expected
    for feature in districts["features"]:
        polygons = feature["geometry"]["coordinates"]
        polygons = polygons if feature["geometry"]["type"] == "MultiPolygon" else [polygons]
        decoded = browser["rings"][feature["properties"]["id"]]
        assert len(decoded) == len(polygons)
        for rings, source in zip(decoded, polygons, strict=True):
            for ring, original in zip(rings, source, strict=True):
                assert len(ring) == len(original)
                # within half the last decimal kept (polyline.MAP_DECIMALS = 4)
                assert (
                    max(max(abs(a - lat), abs(b - lon)) for (a, b), (lon, lat, *_) in zip(ring, original, strict=True))
                    <= 0.5e-4 + 1e-12
                )
