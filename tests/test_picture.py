"""The picture of a day (geo/picture.py): size, text, colours and hatches, read from the figure and the files."""

import datetime as dt
import io

import pytest
from matplotlib import colors
from matplotlib import image as mpimg

from geo.map_style import CONTROL_STYLE
from geo.mapdata import load_map_data
from geo.picture import (
    DPI,
    HATCHES,
    credit_lines,
    day_figure,
    day_picture,
    hatch_legend_label,
    save_figure,
    settlement_control_on,
)
from geo.timeline import day_text

EXTENDED = dt.date(2020, 11, 25)  # Kalbajar handed over, on the extended deadline
BEFORE = dt.date(2020, 11, 20)


@pytest.fixture(scope="module")
def data():
    return load_map_data()


@pytest.fixture(scope="module")
def svg(data) -> str:
    return day_picture(data, EXTENDED, "svg").decode("utf-8")


def artist(fig, gid: str):
    """The one artist of ``fig`` whose gid is ``gid`` (a district's collection, a label, a place's marker)."""
    found = [a for a in fig.findobj() if a.get_gid() == gid]
    assert len(found) == 1, (gid, found)
    return found[0]


def test_the_png_is_at_least_1600_px_wide(data, tmp_path):
    out = tmp_path / "day.png"
    save_figure(day_figure(data, EXTENDED), out, "png")
    height, width, _channels = mpimg.imread(out).shape
    assert width >= 1600 and height > width / 2, (width, height)
    assert DPI * day_figure(data, EXTENDED).get_figwidth() == width


def test_the_svg_has_the_day_the_legend_and_the_credits_as_text(svg):
    assert f"Who held what on {day_text(EXTENDED, weekday=True)}" in svg
    for control in CONTROL_STYLE:
        assert hatch_legend_label(control) in svg
    assert "Lachin corridor (schematic 5 km band)" in svg
    assert "Natural Earth" in svg
    # The sources of the day's changes: Kalbajar's handover is one of them.
    assert "Caucasian Knot, 25 Nov 2020" in svg  # the day's source, as its outlet and date


def test_every_district_is_labelled_with_its_names_and_control(data, svg):
    fig = day_figure(data, EXTENDED)
    for district_id in data.label_points:
        place = data.places[district_id]
        label = artist(fig, f"label-{district_id}").get_text()
        # Both names where two are in use, as the gazetteer writes them, one line each; then the control.
        assert label.replace(" /\n", " / ").startswith(place.name), label
        for line in label.splitlines():
            assert f">{line}</text>" in svg, line
    assert artist(fig, "label-kalbajar").get_text() == "Kalbajar /\nKarvachar\nAz."
    assert artist(fig, "label-stepanakert").get_text() == "Stepanakert /\nKhankendi\nArm."


@pytest.mark.parametrize(
    ("day", "control"),
    [
        (EXTENDED, "azerbaijani"),  # handed over on 25 Nov
        (BEFORE, "armenian"),  # the deadline extended from 15 to 25 Nov: still Armenian on the 20th
    ],
)
def test_kalbajars_fill_and_hatch_follow_the_day(data, day, control):
    fig = day_figure(data, day)
    kalbajar = artist(fig, "district-kalbajar")
    assert colors.to_hex(kalbajar.get_facecolor()[0][:3]) == CONTROL_STYLE[control]["fill"].lower()
    assert kalbajar.get_hatch() == HATCHES[control][0]
    assert artist(fig, "label-kalbajar").get_text().endswith(CONTROL_STYLE[control]["short"])


def test_greyscale_tells_the_controls_apart_by_their_hatches(data):
    hatches = [HATCHES[control][0] for control in CONTROL_STYLE]
    assert len(set(hatches)) == len(hatches) and all(hatches)
    # On a day with all three, each district's collection carries its control's hatch.
    fig = day_figure(data, EXTENDED)
    drawn = {artist(fig, f"district-{d}").get_hatch() for d in data.label_points}
    assert drawn == set(hatches)
    # The legend says which hatch is which, in words.
    words = [HATCHES[control][1] for control in CONTROL_STYLE]
    assert len(set(words)) == len(words)


def test_the_corridor_is_drawn_from_the_day_the_statement_took_effect(data):
    assert artist(day_figure(data, EXTENDED), "corridor")
    assert not [a for a in day_figure(data, dt.date(2020, 11, 9)).findobj() if a.get_gid() == "corridor"]


def test_a_place_held_apart_from_its_district_is_filled_in_its_controls_colour(data):
    """Charektar stayed Armenian when Kalbajar district was handed over (as the app's map fills its marker)."""
    fig = day_figure(data, EXTENDED)
    charektar = artist(fig, "place-charektar")
    assert colors.to_hex(charektar.get_markerfacecolor()) == CONTROL_STYLE["armenian"]["fill"].lower()
    assert colors.to_hex(artist(fig, "place-goris").get_markerfacecolor()) == "#ffffff"  # in Armenia: no status


def test_the_credits_name_the_latest_change_when_the_day_has_none(data):
    assert "Sources of this day:" in credit_lines(data.events, EXTENDED)[-1]
    quiet = credit_lines(data.events, dt.date(2020, 11, 21))
    assert quiet[0].startswith("Boundaries: Natural Earth")
    assert quiet[-1].startswith("Sources of the latest change, 20 Nov 2020: ")
    assert "RFE/RL, 20 Nov 2020" in quiet[-1]  # "Azerbaijani army enters Agdam as Armenians flee (RFE/RL, ...)"
    assert "President of the Russian Federation (10.11.2020)" in quiet[-1]  # a title without an outlet stays whole


def test_an_unknown_format_is_refused(data):
    with pytest.raises(ValueError, match="unknown picture format 'jpg'"):
        save_figure(day_figure(data, EXTENDED), io.BytesIO(), "jpg")


def test_the_map_page_offers_the_days_picture_drawn_on_demand(data):
    """The download is deferred (drawn when pressed, not on every step of the slider) and ignores the rerun; the
    loader it calls draws the app's own data."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import loaders
    from geo import paths

    st.cache_data.clear()
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = EXTENDED.isoformat()
    at.run()
    assert not at.exception
    # By the proto's id, which ends with the key: Streamlit 1.56's AppTest knows no download button (key None).
    (button,) = [b.proto for b in at.get("download_button") if b.proto.id.endswith("-download_map_png")]
    assert button.label == "Picture of this day (PNG)"
    assert button.deferred_file_id and button.ignore_rerun
    png = loaders.day_picture_png(EXTENDED)
    assert png == day_picture(data, EXTENDED, "png")
    assert mpimg.imread(io.BytesIO(png)).shape[1] >= 1600
    st.cache_data.clear()


WAR_DAY = dt.date(2020, 11, 1)


def test_the_settlements_are_drawn_filled_in_their_own_control_or_hollow(data):
    """Issue 12, item 6: Shikharkh (Tartar district, Azerbaijani-held and shelled from 28 Sep: AZERTAC) is a dot
    in Azerbaijani blue on 1 Nov inside a divided district; Kapan, with no dated source of its own, is hollow;
    Shusha town is drawn once, as its place."""
    fig = day_figure(data, WAR_DAY)
    shikharkh = artist(fig, "settlement-828645")
    assert colors.to_hex(shikharkh.get_markerfacecolor()) == CONTROL_STYLE["azerbaijani"]["fill"].lower()
    assert artist(fig, "settlement-label-828645").get_text() == "Shikharkh: Az."
    kapan = artist(fig, "settlement-174875")
    assert kapan.get_markerfacecolor() == "none" and colors.to_hex(kapan.get_markeredgecolor()) != "#ffffff"
    assert not [a for a in fig.findobj() if a.get_gid() == "settlement-147105"]  # Shusha: place-shusha-town
    # A settlement's dot is smaller than a place's, and under it.
    place = artist(fig, "place-goris")
    assert shikharkh.get_markersize() < place.get_markersize() and shikharkh.get_zorder() < place.get_zorder()


def test_before_its_first_dated_source_a_settlement_is_hollow(data):
    """Shikharkh's only row is of 28 Sep: on 27 Sep no source gives its control, and its district's is not taken."""
    shikharkh = artist(day_figure(data, dt.date(2020, 9, 27)), "settlement-828645")
    assert shikharkh.get_markerfacecolor() == "none"


def test_the_svg_names_the_settlements_and_their_legend_and_credits_geonames(data):
    svg = day_picture(data, WAR_DAY, "svg").decode("utf-8")
    drawn = [item for item in data.settlements if not item["place_id"]]
    assert len(drawn) >= 50
    for item in drawn:
        assert f'id="settlement-{item["geonameid"]}"' in svg
    assert "Settlement: filled in its own control" in svg
    assert "Settlement, hollow: no dated source of its own" in svg
    assert "GeoNames (CC BY 4.0)" in svg


def test_the_credits_name_the_sources_of_the_settlements_drawn_filled(data):
    """Shikharkh is filled from 28 Sep (AZERTAC); on 27 Sep no settlement of the war has a row yet, only Horadiz's
    of 1994 (AP)."""
    on_day = credit_lines(data.events, WAR_DAY, data.settlements)[-1]
    assert on_day.startswith("Settlements' control (each settlement's source: the Timeline page): ")
    assert "; AZERTAC, 28 Sep 2020;" in on_day or "AZERTAC, 28 Sep 2020." in on_day
    first = credit_lines(data.events, dt.date(2020, 9, 27), data.settlements)[-1]
    assert "AP, 7 Jan 1994" in first and "AZERTAC" not in first
    # One announcement names many villages: each source once (Azernews of 9 Nov gives Togh, Azokh, Sghnakh...).
    late = credit_lines(data.events, dt.date(2020, 11, 10), data.settlements)[-1]
    assert late.count("Azernews, 9 Nov 2020") == 1 and "Asbarez" not in late  # the handover of 20 Nov is later
    assert not credit_lines(data.events, WAR_DAY)[-1].startswith("Settlements' control")


@pytest.mark.parametrize("day", [dt.date(2020, 11, 10), WAR_DAY])
def test_the_credits_sit_under_the_legend_and_inside_the_picture(data, day):
    """10 Nov has the most credits (the statement, seven sources of the day, sixteen settlements' sources)."""
    fig = day_figure(data, day)
    renderer = fig.canvas.get_renderer()
    (legend,) = fig.legends
    credits_box = artist(fig, "credits").get_window_extent(renderer)
    legend_box = legend.get_window_extent(renderer)
    assert credits_box.y1 < legend_box.y0 and credits_box.y0 > 0, (credits_box, legend_box)
    assert "Settlements' control (" in artist(fig, "credits").get_text()


@pytest.mark.parametrize("day", [WAR_DAY, EXTENDED])
def test_no_label_covers_another_and_crowded_villages_keep_their_dots(data, day):
    """The villages of Hadrut, Askeran and the Aghdam handover lie a few km apart: a settlement's label is dropped
    where it would cover another label, and its dot stays in its control's colour."""
    fig = day_figure(data, day)
    renderer = fig.canvas.get_renderer()
    (ax,) = [a for a in fig.axes if a.texts]
    boxes = [(t.get_gid(), t.get_window_extent(renderer)) for t in ax.texts]
    settlement_boxes = [(gid, box) for gid, box in boxes if (gid or "").startswith("settlement-label-")]
    for gid, box in settlement_boxes:
        covered = [other for other, b in boxes if other != gid and box.overlaps(b)]
        assert not covered, (gid, covered)
    filled = [
        item for item in data.settlements if not item["place_id"] and settlement_control_on(item, day) is not None
    ]
    dots = {a.get_gid() for a in fig.findobj() if (a.get_gid() or "").startswith("settlement-")} - {g for g, _ in boxes}
    assert {f"settlement-{item['geonameid']}" for item in filled} <= dots  # every filled dot is drawn
    assert 10 <= len(settlement_boxes) < len(filled)  # most are named; some, in the crowded places, are not
