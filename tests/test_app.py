"""The app through Streamlit's AppTest: every page runs, the date drives the map without a remount, popups carry
the seeds' sentences, added articles are escaped, and bad input gets a message."""

import datetime as dt
import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import state
from geo import paths
from geo.mapping import PAGE_DAY_ATTR, PAGE_PLACE_ATTR, script_data
from geo.places import load_places
from geo.popups import popup_html
from tests.conftest import SEED_FILES

APP = str(paths.ROOT / "app.py")
PAGES = ["app_pages/map.py", "app_pages/timeline.py", "app_pages/sources.py", "app_pages/data.py", "app_pages/about.py"]
TIMEOUT = 60


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_app(date: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if date is not None:
        at.query_params["date"] = date
    return at.run()


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def map_component(at: AppTest):
    (component,) = at.get("component_instance")
    return component


def district_on(args: dict, day: str, district: str) -> tuple[str, str]:
    """A district's control and tooltip on ``day`` as the map's script gives them (``kbStateFor``'s lookup)."""
    table = day_table(args)
    offset = (dt.date.fromisoformat(day) - dt.date.fromisoformat(table["start"])).days
    run = [r for r in table["districts"][district] if r[0] <= offset][-1]
    return run[1], table["tips"][run[2]]


def popup_sources(popup: str) -> dict[str, list[str]]:
    """A popup's quoted sentences by the article file they are cited to (a sentence may be cited to several)."""
    found: dict[str, list[str]] = {}
    for sentence, cited in re.findall(r"<li>(.*?)<br><small>(.*?)</small></li>", popup):
        for file in re.findall(r"<code>(.*?)</code>", cited):
            found.setdefault(file, []).append(sentence)
    return found


def marker_popups(args: dict) -> dict[str, str]:
    """Each marker's popup as the browser shows it, rendered from the map script's data."""
    data = script_data(args["script"])
    return {m["id"]: popup_html(m["popup"], data["citations"]) for m in data["markers"]}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = open_app("2020-11-20")
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]


def test_date_in_url_opens_that_day_and_moving_the_slider_updates_it():
    at = open_app("2020-11-19")
    assert at.slider(key="day").value.isoformat() == "2020-11-19"
    assert "19 Nov 2020" in at.title[0].value
    at.slider(key="day").set_value(dt.date(2020, 11, 24)).run()
    # The sidebar writes the day back to st.query_params and shows the link (the browser test checks the URL bar).
    assert "?date=2020-11-24" in view_link(at)


def view_link(at: AppTest) -> str:
    """The sidebar's link to this view (state._link_box)."""
    return at.text_input(key=state.KEY_VIEW_LINK).value


def place_mark(at: AppTest) -> str | None:
    """The place the map page asks its map to open (geo.mapping.PAGE_PLACE_ATTR), or None."""
    for element in at.get("html"):
        found = re.search(rf'{PAGE_PLACE_ATTR}="([^"]*)"', element.proto.body)
        if found:
            return found.group(1)
    return None


@pytest.mark.parametrize("asked", ["kalbajar", "KELBECER", "Քարվաճառ", "Кельбаджар", "Kalbajar town"])
def test_place_in_url_by_any_name_opens_its_marker_and_the_link_names_it(asked):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["date"] = "2020-11-25"
    at.query_params["place"] = asked
    at.run()
    assert not at.exception and not at.warning
    assert place_mark(at) == "kalbajar 0"
    assert at.query_params["place"] in ("kalbajar", ["kalbajar"])  # written back by its id (a list in AppTest 1.56)
    assert view_link(at).endswith("?date=2020-11-25&place=kalbajar")
    # The map stays the same component: the place reaches it through the mark, not its arguments.
    assert map_args(at) == map_args(open_app("2020-11-25"))


def test_a_misspelt_place_is_read_as_the_nearest_and_said_so():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["place"] = "Kelbajr"
    at.run()
    assert place_mark(at) == "kalbajar 0"
    (warning,) = at.warning
    assert "read as Kalbajar / Karvachar" in warning.value.replace("\\", "")


def test_the_search_box_finds_a_place_by_any_spelling_and_opens_it_again_when_asked_again():
    at = open_app("2020-11-20")
    at.text_input(key=state.KEY_PLACE_SEARCH).input("Ханкенди").run()
    assert place_mark(at) == "stepanakert 1"
    assert view_link(at).endswith("?date=2020-11-20&place=stepanakert")
    assert at.text_input(key=state.KEY_PLACE_SEARCH).value == ""  # emptied: the same name may be asked again
    at.text_input(key=state.KEY_PLACE_SEARCH).input("Ханкенди").run()  # the same again: the mark changes
    assert place_mark(at) == "stepanakert 2" and not at.warning
    at.text_input(key=state.KEY_PLACE_SEARCH).input("Kelbajr").run()  # a misspelling near one place: read, and said
    assert place_mark(at).startswith("kalbajar ")
    assert "read as Kalbajar / Karvachar" in at.warning[0].value.replace("\\", "")
    at.text_input(key=state.KEY_PLACE_SEARCH).input("Atlantis").run()  # no place: one message, the view stays
    assert "is not a place on the map" in at.warning[0].value.replace("\\", "")


def test_step_from_19_to_20_november_restyles_aghdam_without_remount():
    at = open_app("2020-11-19")
    before_component, before = map_component(at), map_args(at)
    at.slider(key="day").set_value(dt.date(2020, 11, 20)).run()
    after_component, after = map_component(at), map_args(at)
    # The map's arguments do not change with the day: the frontend keeps the map as it is (no remount, no new script)
    # and Streamlit sends the browser a reference to the message it has, not the message again.
    assert before == after and before["feature_group"] is None
    assert before_component.proto.id == after_component.proto.id
    # The map recolours from the table its script carries (the browser test checks kbStateFor against the server for
    # every day), following the slider, and learns that the rerun is done from the side column's day mark.
    assert district_on(after, "2020-11-19", "aghdam")[0] == "mixed"
    assert district_on(after, "2020-11-20", "aghdam")[0] == "azerbaijani"
    assert any(f'{PAGE_DAY_ATTR}="2020-11-20"' in html for html in side_column_html(at))


def test_the_cached_map_arguments_are_what_st_folium_sends(monkeypatch):
    import streamlit_folium

    import loaders
    from geo.mapping import base_map

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(
        base_map(loaders.map_script((), loaders.KEY_DAY)),
        key="handover_map",
        returned_objects=[],
        height=620,
        use_container_width=True,
        render=False,
    )
    sent.pop("on_change")
    assert loaders.map_component_args((), "handover_map") == {
        k: v for k, v in sent.items() if k not in ("height", "width")
    }


def test_the_map_reads_nothing_back():
    assert map_args(open_app("2020-11-20"))["returned_objects"] == []


@pytest.mark.parametrize(
    ("marker", "fragments"),
    [
        # (marker, {seed file: a phrase of that seed's sentence naming the place}), read off the seeds; the popup
        # quotes the top three (geo.quotes: the news first, one quote per wire sentence citing each outlet)
        (
            "kalbajar",
            {
                SEED_FILES[0]: "extend the deadline for Armenians to withdraw from the",
                SEED_FILES[1]: "Residents of the",  # the same wire sentence in two outlets: one quote, both cited
                SEED_FILES[2]: "Residents of the",
            },
        ),
        ("aghdam", {f: "return of Kalbajar, as well as the" for f in SEED_FILES}),
        ("lachin", {f: "district by " for f in SEED_FILES}),
        ("stepanakert", {f: "A Russian peacekeeping contingent" for f in SEED_FILES[1:]}),
        ("charektar", {f: "near the village of" for f in SEED_FILES}),
        (
            "dadivank",
            {SEED_FILES[0]: "home to the well-known", SEED_FILES[1]: "flocked to the", SEED_FILES[2]: "flocked to the"},
        ),
    ],
)
def test_popups_hold_an_excerpt_from_every_seed_that_names_the_place(marker, fragments):
    sources = popup_sources(marker_popups(map_args(open_app("2020-11-20")))[marker])
    for seed, fragment in fragments.items():
        assert any(fragment in item and "<mark>" in item for item in sources.get(seed, [])), (marker, seed)


def day_table(args: dict) -> dict:
    """Every day's state as the base script carries it (``DayTable.compact``)."""
    return script_data(args["script"])["table"]


def test_kalbajar_tooltip_shows_the_deadline_and_its_extension():
    _control, tooltip = district_on(map_args(open_app("2020-11-20")), "2020-11-20", "kalbajar")
    assert "Handover due 25 Nov 2020" in tooltip and "was 15 Nov 2020" in tooltip


def test_the_map_carries_every_day_of_the_slider_and_watches_it():
    args = map_args(open_app("2020-11-20"))
    table = day_table(args)
    assert (table["start"], table["days"]) == ("2020-09-27", 66)  # 27 Sep to 1 Dec 2020
    # The sidebar slider's class: the map follows it in the browser.
    assert script_data(args["script"])["sliderKey"] == "st-key-day"


def add_pasted(at: AppTest, text: str, name: str = "mine.txt") -> AppTest:
    at.switch_page("app_pages/sources.py").run()
    at.text_area(key="paste_text").input(text)
    at.text_input(key="paste_name").input(name)
    return at.button(key="add_article").click().run()


def test_added_article_with_script_reaches_the_popup_escaped():
    at = open_app("2020-11-20")
    hostile = 'Report\n\nTroops entered Agdam <script>alert("x")</script> and <img src=x onerror=alert(1)> today.'
    add_pasted(at, hostile)
    assert not at.exception
    assert any("Added mine\\.txt" in s.value for s in at.success)  # escaped for Markdown
    at.switch_page("app_pages/map.py").run()
    popup = marker_popups(map_args(at))["aghdam"]
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in popup
    assert "<script" not in popup and "<img" not in popup


def test_added_article_changes_the_popups_for_the_session_only():
    at = open_app("2020-11-20")
    add_pasted(at, "Report\n\nA convoy reached Kelbajar on Friday.")
    at.switch_page("app_pages/map.py").run()
    assert "A convoy reached" in marker_popups(map_args(at))["kalbajar"]
    assert "A convoy reached" not in marker_popups(map_args(open_app("2020-11-20")))["kalbajar"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nothing to add"),
        ("x" * 200_001, "the limit for an article"),
    ],
)
def test_bad_pasted_article_gets_a_message(text, message):
    at = add_pasted(open_app("2020-11-20"), text)
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


PASTED = "Convoys leave Kalbajar\n\nResidents of Kalbajar left on Friday before the deadline of November 25."
UPLOADED = "Troops enter Agdam\n\nAzerbaijani troops entered the Aghdam district on Friday, the ministry said."


def uploader(at: AppTest, key: str):
    """The file uploader with ``key``."""
    (found,) = [u for u in at.get("file_uploader") if u.key == key]
    return found


def added_names(at: AppTest) -> list[str]:
    return [name for name, _text in at.session_state["added_articles"]]


def test_paste_then_upload_adds_one_article_each_and_nothing_twice():
    at = add_pasted(open_app("2020-11-20"), PASTED, "mine.txt")
    assert added_names(at) == ["mine.txt"]
    assert at.text_area(key="paste_text").value == ""  # the paste form is emptied after the add
    uploader(at, "upload").set_value(("upload.txt", UPLOADED.encode(), "text/plain"))
    at.button(key="add_uploaded_article").click().run()
    assert added_names(at) == ["mine.txt", "upload.txt"]  # the upload alone: the pasted text is not added again
    (success,) = at.success
    assert success.value.startswith("Added upload\\.txt")
    # The same file again, the emptied paste box, the same text pasted again: nothing is added twice.
    uploader(at, "upload").set_value(("upload.txt", UPLOADED.encode(), "text/plain"))
    at.button(key="add_uploaded_article").click().run()
    assert "already among the articles" in at.error[0].value.replace("\\", "")
    at.button(key="add_article").click().run()
    assert "Nothing to add" in at.error[0].value
    add_pasted(at, PASTED, "again.txt")
    assert "the same text as mine.txt" in at.error[0].value.replace("\\", "")
    assert added_names(at) == ["mine.txt", "upload.txt"]
    # Both are offered side by side, and a reload's loss is said with the names.
    pick = at.multiselect(key="sources_pick")
    assert pick.options[-2:] == [
        "outlet not given, date unknown (mine.txt)",
        "outlet not given, date unknown (upload.txt)",
    ]
    (notice,) = [i.value for i in at.info if "reload" in i.value]
    assert "2 added articles" in notice and "mine\\.txt" in notice
    assert not at.exception


# 002's sentence with another figure, so that the comparison has something to name.
REWRITE = (
    "Stepanakert escorts\n\nThe Defence Ministry said yesterday that over two days, it had escorted more than 800 "
    "people returning to Stepanakert, which was shelled heavily during the fighting."
)


def test_the_forms_outlet_and_date_name_the_article_in_its_header_and_the_differences():
    at = open_app("2020-11-20")
    at.switch_page("app_pages/sources.py").run()
    at.text_area(key="paste_text").input(REWRITE + "\nOriginal url: https://www.example.com/stepanakert-700")
    at.text_input(key="paste_text_outlet").input("Reuters")
    at.date_input(key="paste_text_published").set_value(dt.date(2020, 11, 16))
    at.text_input(key="paste_text_url").input("https://www.reuters.com/world/stepanakert")
    at.button(key="add_article").click().run()
    assert not at.exception and not at.error
    at.multiselect(key="sources_pick").select("pasted.txt").run()  # offered by outlet and date; chosen
    shown = [str(h.proto.body) for h in at.get("html")]
    (header,) = [h for h in shown if "<h3>Stepanakert escorts</h3>" in h]
    assert "Reuters, 16 Nov 2020" in header and 'href="https://www.reuters.com/world/stepanakert"' in header
    (figures,) = [h for h in shown if "kb-differences" in h and "<li>figure: " in h]
    assert "The Straits Times, 16 Nov 2020 says &#x27;700&#x27;, Reuters, 16 Nov 2020 says &#x27;800&#x27;" in figures
    assert "pasted.txt" not in figures and "002_353686bb8fdbdf8e.txt" not in figures
    # The address given in the form won over the text's own line, which is not body text: no "700" from it.
    assert "stepanakert-700" not in "".join(shown)


def test_added_articles_are_saved_to_one_file_and_restored_in_one_step(monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    downloads: dict[str, bytes] = {}
    original_add = MediaFileManager.add

    def recording_add(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            downloads[file_name] = path_or_data
        return original_add(self, path_or_data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    at = add_pasted(open_app("2020-11-20"), PASTED, "mine.txt")
    uploader(at, "upload").set_value(("upload.md", UPLOADED.encode(), "text/markdown"))
    at.button(key="add_uploaded_article").click().run()
    (save,) = at.get("download_button")
    assert save.proto.label == "Save added articles"
    saved = downloads["added-articles.json"]
    kept = at.session_state["added_articles"]

    # A new session (a reload) has none; the saved file brings both back in one step.
    fresh = open_app("2020-11-20")
    fresh.switch_page("app_pages/sources.py").run()
    assert not fresh.get("download_button")
    uploader(fresh, "restore_upload").set_value(("added-articles.json", saved, "application/json"))
    fresh.run()
    assert not fresh.exception and not fresh.error
    assert fresh.session_state["added_articles"] == kept
    (success,) = fresh.success
    assert "Restored 2 of the 2 articles" in success.value
    assert fresh.multiselect(key="sources_pick").options[-1] == "outlet not given, date unknown (upload.md)"
    # Restoring into a session that has them adds nothing twice.
    at.switch_page("app_pages/sources.py").run()
    uploader(at, "restore_upload").set_value(("added-articles.json", saved, "application/json"))
    at.run()
    assert at.session_state["added_articles"] == kept
    assert "Restored 0 of the 2 articles" in at.success[0].value and "Already in this session" in at.success[0].value
    at.multiselect(key="sources_pick").select("mine.txt").run()
    at.button(key="clear_articles").click().run()
    assert at.session_state["added_articles"] == () and not at.get("download_button")
    assert at.multiselect(key="sources_pick").value == list(SEED_FILES)  # the removed article left the choice


@pytest.mark.parametrize(
    ("date", "shown", "warning"),
    [
        ("2020-02-30", "2020-11-10", "is not a date"),
        ("2021-06-01", "2020-12-01", "outside the map's range"),
        ("2020-10-09", "2020-10-09", None),  # in the war: the range extends back by itself
    ],
)
def test_odd_dates_in_the_url(date, shown, warning):
    at = open_app(date)
    assert at.slider(key="day").value.isoformat() == shown
    if warning:
        assert any(warning in w.value.replace("\\", "") for w in at.warning)  # escaped for Markdown
    else:
        assert not at.warning and at.toggle(key="show_war").value


def test_war_toggle_extends_the_slider_back_to_27_september():
    at = open_app("2020-11-20")
    war_start = dt.datetime(2020, 9, 27, tzinfo=dt.UTC).timestamp() * 1e6  # the proto holds microseconds
    assert at.slider(key="day").min > war_start
    at.toggle(key="show_war").set_value(True).run()
    assert at.slider(key="day").min == war_start
    at.slider(key="day").set_value(dt.date(2020, 10, 17)).run()
    assert "17 Oct 2020" in at.title[0].value


def test_the_war_toggle_keeps_the_day_or_clamps_it_to_the_handover():
    at = open_app("2020-11-20")
    at.slider(key="day").set_value(dt.date(2020, 11, 22)).run()
    at.toggle(key="show_war").set_value(True).run()  # the slider's range changes, and so does its identity
    assert at.slider(key="day").value == dt.date(2020, 11, 22)
    at.slider(key="day").set_value(dt.date(2020, 10, 20)).run()
    at.toggle(key="show_war").set_value(False).run()  # a war day is outside the handover range: its first day
    assert at.slider(key="day").value == dt.date(2020, 11, 10)
    at.slider(key="day").set_value(dt.date(2020, 11, 25)).run()
    at.toggle(key="show_war").set_value(True).run()
    at.toggle(key="show_war").set_value(False).run()
    assert at.slider(key="day").value == dt.date(2020, 11, 25)
    assert "25 Nov 2020" in at.title[0].value


def test_play_steps_one_day_and_stops_at_the_end():
    at = open_app("2020-11-30")
    at.button(key="play_button").click().run()
    assert at.slider(key="day").value.isoformat() == "2020-12-01"
    assert not at.session_state["playing"]


def test_data_page_offers_the_downloads():
    at = open_app("2020-11-20")
    at.switch_page("app_pages/data.py").run()
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Status (CSV)", "Status with polygons (GeoJSON)", "Map with every day (HTML)", "Timeline (CSV)"} <= labels
    assert not at.exception and not at.error


def test_sources_page_shows_the_hajiyev_spelling_difference():
    at = open_app("2020-11-20")
    at.switch_page("app_pages/sources.py").run()
    assert any("Hajieyv" in str(h.proto.body) for h in at.get("html") if "kb-article" in str(h.proto.body))


def test_switching_pages_keeps_the_day():
    at = open_app("2020-11-20")
    for page in PAGES[1:] + PAGES[:1]:
        at.switch_page(page).run()
        assert not at.exception
        assert at.slider(key="day").value.isoformat() == "2020-11-20", page


def test_play_on_the_last_day_replays_from_the_start(monkeypatch):
    import state

    monkeypatch.setattr(state, "PLAY_SECONDS", 0)  # AppTest follows every rerun: play the 21 days at once
    steps = []
    original = state.date_sidebar

    def recording_sidebar(*args, **kwargs):
        day = original(*args, **kwargs)
        steps.append(day)
        return day

    monkeypatch.setattr(state, "date_sidebar", recording_sidebar)
    at = open_app("2020-12-01")
    at.button(key="play_button").click().run()
    assert not at.exception
    played = steps[steps.index(dt.date(2020, 11, 10)) :]
    assert played == [dt.date(2020, 11, 10) + dt.timedelta(days=i) for i in range(22)]
    assert not at.session_state["playing"]


def test_markdown_in_an_added_title_stays_text():
    at = open_app("2020-11-20")
    add_pasted(at, "[click me](javascript:alert(1)) **bold** in Agdam\n\nTroops entered Agdam.", "md.txt")
    assert not at.exception
    at.multiselect(key="sources_pick").select("md.txt").run()  # its header shows the title
    shown = "".join(str(h.proto.body) for h in at.get("html"))
    assert "click me" in shown and "**bold** in Agdam" in shown  # shown as text: no bold, no link
    assert 'href="javascript' not in shown and "<strong>" not in shown


def side_column_html(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_what_changed_and_the_status_table_follow_the_day_with_sources():
    on_19, on_20 = side_column_html(open_app("2020-11-19")), side_column_html(open_app("2020-11-20"))
    entry = "<b>Aghdam</b> · Control: Azerbaijani army enters the district"
    rferl = 'href="https://www.rferl.org/a/nagorno-karabakh-azerbaijan-army-enters-aghdam-armenians-flee/30959905.html"'
    assert not any(entry in html for html in on_19)
    (change,) = [html for html in on_20 if entry in html]
    assert rferl in change and 'rel="noopener noreferrer"' in change
    (table_19,) = [html for html in on_19 if 'class="kb-status"' in html]
    (table_20,) = [html for html in on_20 if 'class="kb-status"' in html]
    aghdam_row = re.compile(r"<tr><td>Aghdam</td><td>(.*?)</td>")
    assert aghdam_row.search(table_19).group(1) == "Divided control"
    assert aghdam_row.search(table_20).group(1) == "Azerbaijani control"
    # Every place has a row but Goris and Vardenis, towns in Armenia that the news names and no side contests.
    rows = re.findall(r"<tr><td>(.*?)</td>", table_20)
    assert len(rows) == len(load_places()) - 2 and not {"Goris", "Vardenis"} & set(rows)


def drawn_play_buttons(monkeypatch) -> list[tuple[dt.date, str, str]]:
    """Record (day on the slider, label, icon) each time a run draws the play button; plays without waiting."""
    import state

    monkeypatch.setattr(state, "PLAY_SECONDS", 0)  # AppTest follows every rerun: the whole play in one run()
    drawn = []
    real_button = st.button

    def recording_button(label, *args, **kwargs):
        if kwargs.get("key") == state.KEY_PLAY_BUTTON:
            drawn.append((st.session_state[state.KEY_DAY], label, kwargs.get("icon")))
        return real_button(label, *args, **kwargs)

    monkeypatch.setattr(st, "button", recording_button)
    return drawn


PLAY = ("Play", ":material/play_arrow:")
PAUSE = ("Pause", ":material/pause:")


def test_play_from_28_november_stops_on_1_december_reading_play(monkeypatch):
    drawn = drawn_play_buttons(monkeypatch)
    at = open_app("2020-11-28")
    assert drawn[-1] == (dt.date(2020, 11, 28), *PLAY)
    drawn.clear()
    at.button(key="play_button").click().run()
    assert not at.exception
    # Every step draws Pause until the last day, whose run already draws Play: the button says what a click does.
    assert drawn == [
        (dt.date(2020, 11, 28), *PAUSE),
        (dt.date(2020, 11, 29), *PAUSE),
        (dt.date(2020, 11, 30), *PAUSE),
        (dt.date(2020, 12, 1), *PLAY),
    ]
    assert at.button(key="play_button").proto.label == "Play"
    assert not at.session_state["playing"]
    assert "?date=2020-12-01" in view_link(at)


def test_play_on_the_last_day_starts_from_the_first_day_of_the_range_and_says_so(monkeypatch):
    drawn = drawn_play_buttons(monkeypatch)
    at = open_app("2020-12-01")
    help_text = at.button(key="play_button").proto.help
    assert "1 Dec 2020" in help_text and "first day of the range" in help_text
    at.switch_page("app_pages/about.py").run()  # a light page: the war's 66 days play in one run()
    at.toggle(key="show_war").set_value(True).run()
    assert at.slider(key="day").value == dt.date(2020, 12, 1)
    drawn.clear()
    at.button(key="play_button").click().run()
    assert not at.exception
    assert drawn[0] == (dt.date(2020, 9, 27), *PAUSE)  # the war's range starts on 27 Sep
    assert [day for day, *_ in drawn] == [dt.date(2020, 9, 27) + dt.timedelta(days=i) for i in range(66)]
    assert drawn[-1] == (dt.date(2020, 12, 1), *PLAY)


ISO_DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
# ISO stays where a program reads it: links (href, ?date=) and the map's day mark on the status table.
MACHINE_DATES = re.compile(rf'href="[^"]*"|{PAGE_DAY_ATTR}="[^"]*"|\?date=[0-9-]+')


def on_screen_text(at: AppTest) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "html", "text", "info", "warning", "expander")
    texts = []
    for kind in kinds:
        for element in at.get(kind):
            texts.append(str(getattr(element.proto, "body", "") or getattr(element.proto, "label", "")))
    return [MACHINE_DATES.sub("", text) for text in texts]


@pytest.mark.parametrize("page", [*PAGES, "app_pages/sources.py?place=kalbajar"])
def test_dates_on_screen_are_written_for_the_reader_not_in_iso(page):
    from geo.timeline import MOMENT_DAY

    at = open_app("2020-11-20")
    page, _, place = page.partition("?place=")
    if place:
        at.query_params["place"] = place
    if page != PAGES[0]:
        at.switch_page(page).run()
    if place:  # the list of every sentence naming the place, with its outlet and date
        assert at.header[0].value.startswith("Sentences naming Kalbajar")
    found = [ISO_DATE.findall(text) for text in on_screen_text(at)]
    assert not [dates for dates in found if dates]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            values = frame.value[column].dropna()
            if len(values) and all(isinstance(v, dt.date) for v in values):
                # A date column (it sorts as dates) shown in the app's format, not Streamlit's default YYYY-MM-DD.
                assert config[column]["type_config"] == {"type": "date", "format": MOMENT_DAY}, column
            else:
                # A web address is not a date written for the reader, even where its path holds one (the 1992
                # archives of the Chicago Tribune and The Baltimore Sun: /1992-05-27/).
                text = values.astype(str)
                assert not text[~text.str.match(r"https?://")].str.contains(ISO_DATE).any(), column


def test_the_status_table_and_what_changed_write_days_for_the_reader():
    on_15, on_20 = side_column_html(open_app("2020-11-15")), side_column_html(open_app("2020-11-20"))
    (table_15,) = [html for html in on_15 if 'class="kb-status"' in html]
    (table_20,) = [html for html in on_20 if 'class="kb-status"' in html]
    row = re.compile(r"<tr><td>(.*?)</td><td>.*?</td><td>(.*?)</td><td>(.*?)</td>")
    since_15 = {place: (since, deadline) for place, since, deadline in row.findall(table_15)}
    since_20 = {place: (since, deadline) for place, since, deadline in row.findall(table_20)}
    # The handover deadlines of the trilateral statement and of the extension announced on 15 Nov.
    assert since_15["Kalbajar / Karvachar"][1] == "25 Nov 2020"
    assert since_15["Aghdam"][1] == "20 Nov 2020"
    assert since_15["Lachin / Berdzor"][1] == "1 Dec 2020"
    assert since_20["Aghdam"][0] == "20 Nov 2020"  # Azerbaijani control from the handover day
    assert f'{PAGE_DAY_ATTR}="2020-11-15"' in table_15  # the mark the map's script reads stays ISO
    (changes,) = [html for html in on_15 if 'class="kb-change"' in html]
    assert "<b>Kalbajar / Karvachar</b> · Deadline set for 25 Nov 2020:" in changes


def test_the_day_bar_steps_the_day_within_the_range():
    """Previous and next day above the map, for a phone (issue 9, item 3): the slider, the title and ?date= follow;
    the ends of the range disable the button that would leave it."""
    at = open_app("2020-11-19")
    at.button(key="day_bar_next").click().run()
    assert at.slider(key="day").value == dt.date(2020, 11, 20)
    assert at.title[0].value == "Who held what on Fri 20 Nov 2020"
    assert "?date=2020-11-20" in view_link(at)  # the sidebar writes ?date= back
    at.button(key="day_bar_previous").click().run()
    at.button(key="day_bar_previous").click().run()
    assert at.slider(key="day").value == dt.date(2020, 11, 18)

    first = open_app("2020-11-10")
    assert first.button(key="day_bar_previous").disabled and not first.button(key="day_bar_next").disabled
    last = open_app("2020-12-01")
    assert last.button(key="day_bar_next").disabled and not last.button(key="day_bar_previous").disabled
    # With the war in range the first day is 27 Sep.
    war = open_app("2020-09-28")
    war.button(key="day_bar_previous").click().run()
    assert war.slider(key="day").value == dt.date(2020, 9, 27)
    assert war.button(key="day_bar_previous").disabled


def test_a_link_is_added_with_its_title_outlet_and_date(monkeypatch):
    """The Sources page's "Add from a link". The download gives the bytes of a saved Reuters page
    (tests/data/pages) as a public server would: the app refuses every address on this machine, so no local server
    can serve it (tests/test_hostile.py checks that refusal; tests/test_links.py reads the page from a real local
    server). Everything after the download is the app's: extraction, the add, the article's header."""
    from geo import links
    from geo.markup import WORD_JOINER

    url = "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH"
    page = (paths.ROOT / "tests" / "data" / "pages" / "reuters.com.parasite.html").read_bytes()
    asked = []

    def download(address, **options):
        asked.append((address, options["allow_private_hosts"]))
        return links.Page(url=address, content_type="text/html", charset="utf-8", body=page)

    monkeypatch.setattr(links, "download", download)
    at = open_app("2020-11-20")
    at.switch_page("app_pages/sources.py").run()
    at.text_input(key="link_url").input(url)
    at.button(key="add_link_article").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert asked == [(url, False)]  # the app never allows private hosts
    name = "www.reuters.com-us-awards-sag-idUSKBN1ZI0EH.txt"
    assert added_names(at) == [name]
    (success,) = at.success
    title = "'Parasite' scores historic upset at SAG awards, boosting Oscar chances"
    shown = success.value.replace("\\", "").replace(WORD_JOINER, "")  # as md_text escaped it
    assert shown == f"Added {name}: “{title}” (Reuters, 20 Jan 2020)."
    assert at.text_input(key="link_url").value == ""  # emptied after the add
    at.multiselect(key="sources_pick").select(name).run()
    (header,) = [str(h.proto.body) for h in at.get("html") if "Oscar chances</h3>" in str(h.proto.body)]
    assert "<h3>&#x27;Parasite&#x27; scores historic upset at SAG awards, boosting Oscar chances</h3>" in header
    assert "Reuters, 20 Jan 2020 · by Jill Serjeant" in header and f'href="{url}"' in header
    at.button(key="add_link_article").click().run()  # the emptied field: nothing is fetched
    assert "Nothing to add" in at.error[0].value and len(asked) == 1


def test_the_timeline_page_lists_the_settlements_with_a_dated_status():
    """Issue 12, item 6: each settlement with rows of its own, its spans of control with the status and source, as
    the districts' rows are; settlements that are places of the map are left to their own rows."""
    from geo.settlements import load_settlement_control, load_settlements

    at = open_app("2020-11-20")
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    assert "Settlements with a dated status" in [h.value for h in at.header]
    (table,) = [f.value for f in at.dataframe if "Settlement" in f.value.columns]
    settlements = load_settlements()
    own = {e.entity_id for e in load_settlement_control() if e.displayed}
    assert own and {settlements[key].name for key in own} <= {name.split(" (")[0] for name in table["Settlement"]}
    shikharkh = table[table["Settlement"] == "Shikharkh (Şıxarx · Լենինավան)"].iloc[0]
    assert (shikharkh["District"], shikharkh["Control"]) == ("Tartar", "Azerbaijani control")
    assert shikharkh["From"] == dt.date(2020, 9, 28) and shikharkh["url"].startswith("https://azertag.az/")
    assert "AZERTAC, 28 Sep 2020" in shikharkh["Source"]
    # A town that is a place of the map (Shusha) is listed by its place's rows, not again here.
    assert not table["Settlement"].str.startswith("Shusha").any()
