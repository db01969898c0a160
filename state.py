"""Streamlit glue, part one: session-state key names, the shared sidebar (the chosen day, bound to ``?date=``, and
the player) and the session's added articles. The cached loaders are in ``loaders.py``.

Only this module, ``loaders.py``, ``app.py`` and ``app_pages/`` import Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import streamlit as st

import loaders
from geo import added
from geo.markup import SAFE_URL, md_text
from geo.place_links import MAX_QUERY, find_place, view_url
from geo.tables import DataError
from geo.timeline import HANDOVER_END, HANDOVER_START, MOMENT_WEEKDAY, WAR_START, day_text

# Session-state keys (every widget has one).
KEY_DAY = loaders.KEY_DAY
KEY_CHOSEN = "chosen_day"  # (day, show_war): the choice, kept across page switches
KEY_MOVED = "day_slider_moved"  # set by the slider's on_change: this run was started by the user moving it
KEY_WAR = "show_war"
KEY_PLAYING = "playing"
KEY_PLAY_BUTTON = "play_button"
KEY_STEP_PENDING = "play_step_pending"
KEY_NOTICE = "day_notice"
KEY_ADDED = "added_articles"
KEY_MAP = "handover_map"
KEY_PASTE_TEXT = "paste_text"
KEY_PASTE_NAME = "paste_name"
KEY_UPLOAD = "upload"
KEY_ADD_BUTTON = "add_article"  # the paste form's
KEY_CLEAR_BUTTON = "clear_articles"
KEY_PASTE_FORM = "paste_form"
KEY_UPLOAD_FORM = "upload_form"
KEY_ADD_UPLOAD_BUTTON = "add_uploaded_article"
# The outlet, date and URL fields of a form: the form's text or upload key followed by one of these.
KEY_OUTLET_SUFFIX, KEY_DATE_SUFFIX, KEY_URL_SUFFIX = "_outlet", "_published", "_url"
KEY_RESTORE_UPLOAD = "restore_upload"
KEY_SAVE_BUTTON = "save_articles"
KEY_ADD_MESSAGE = "add_message"
KEY_SOURCES_PICK = "sources_pick"
KEY_TIMELINE_ENTITY = "timeline_entity"
KEY_DAY_BAR = "day_bar"
KEY_PLACE = "chosen_place"  # this run's place to open (a marker id), from ?place= or the search box
KEY_PLACE_COUNT = "place_requests"
KEY_PLACE_NOTICE = "place_notice"
KEY_PLACE_SEARCH = "place_search"
KEY_VIEW_LINK = "view_link"

# The screens: (file, title, icon, URL path); app.py registers them, the sidebar links to them.
PAGES = (
    ("app_pages/map.py", "Map", ":material/map:", ""),
    ("app_pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("app_pages/sources.py", "Sources", ":material/newspaper:", "sources"),
    ("app_pages/data.py", "Data", ":material/download:", "data"),
    ("app_pages/about.py", "About", ":material/info:", "about"),
)
DEFAULT_DAY = HANDOVER_START
PLAY_SECONDS = 0.8
# Icons from Streamlit's Material Symbols font, which the app serves itself: "▶"/"⏸" depend on the reader's fonts
# (Chromium on Linux drew "⏸" as an empty box).
PLAY_ICON, PAUSE_ICON = ":material/play_arrow:", ":material/pause:"
PLAY_HELP = (
    f"Step forward one day at a time until {day_text(HANDOVER_END)}. On the last day, Play starts again from the "
    "first day of the range."
)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only: the value comes from the URL
MAX_QUOTED = 40


def parse_day(value: str | None) -> tuple[dt.date, str]:
    """The day a ``?date=`` value asks for, clamped to the map's range, and a message when it was changed.

    Only ``YYYY-MM-DD`` is a date (Python 3.11 would also take "20201120" and "2020-W47-5"). The message quotes at
    most ``MAX_QUOTED`` characters of the value, as plain text: the caller escapes it for Markdown.
    """
    if not value:
        return DEFAULT_DAY, ""
    quoted = value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED] + "…"
    try:
        if not ISO_DAY.fullmatch(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        return DEFAULT_DAY, f"?date={quoted} is not a date (YYYY-MM-DD); showing {DEFAULT_DAY.isoformat()}."
    if day < WAR_START or day > HANDOVER_END:
        clamped = min(max(day, WAR_START), HANDOVER_END)
        return clamped, (
            f"?date={quoted} is outside the map's range ({WAR_START.isoformat()} to {HANDOVER_END.isoformat()}); "
            f"showing {clamped.isoformat()}."
        )
    return day, ""


def date_sidebar(places: bool = False) -> dt.date:
    """The shared sidebar: title, date controls (range toggle, slider, play), with ``places`` the place search, and
    the link to this view. Reads and writes ``?date=`` (and ``?place=``).

    Every page calls it first; it returns the chosen day (:func:`chosen_place` the place, on the map page).
    """
    with st.sidebar:
        st.markdown("### Nagorno-Karabakh handover, Nov 2020")
        links = st.container()  # drawn first, filled once the day is known
        day = _date_controls()
        place = _place_controls() if places else None
        st.session_state[KEY_PLACE] = place
        _link_box(day, place, map_page=places)
    with links:
        _page_links(day)
    return day


def chosen_place() -> str | None:
    """The marker id the map page was asked to open (``?place=``, the search box), or None; and how many times a
    place was asked for in this session, so that asking for the same place again opens it again."""
    return st.session_state.get(KEY_PLACE)


def place_request_mark() -> str:
    """What the map page tells its map about the place asked for (``geo.mapping.PAGE_PLACE_ATTR``): the marker id
    and a count of requests, which changes each time one is made (the map opens a popup once per value)."""
    place = chosen_place()
    return f"{place} {st.session_state.get(KEY_PLACE_COUNT, 0)}" if place else ""


HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def _page_url() -> str:
    """The address of this page in the reader's browser (``st.context.url``). Streamlit does not always have it on
    a session's first run (seen in a browser test); then the request's ``Host`` header (and ``X-Forwarded-Proto``
    behind a proxy, as on Community Cloud) gives the app's root. Empty where neither is known (AppTest)."""
    if st.context.url:
        return st.context.url
    headers = st.context.headers or {}
    host = headers.get("Host", "")
    scheme = headers.get("X-Forwarded-Proto", "http").split(",")[0].strip()
    if not HOST.fullmatch(host) or scheme not in ("http", "https"):
        return ""
    return f"{scheme}://{host}/"


def app_root_url() -> str:
    """The app's address in the reader's browser, without the page's path, ending in ``/``; empty where Streamlit
    does not know it (a test) or it is not an http(s) address."""
    url = _page_url()
    for _file, _title, _icon, path in PAGES:
        if path and url.rstrip("/").endswith("/" + path):
            url = url.rstrip("/")[: -len(path)]
            break
    url = url if url.endswith("/") else url + "/"
    return url if SAFE_URL.match(url) else ""


def _link_box(day: dt.date, place: str | None, map_page: bool) -> None:
    """The whole address of this view (page, day and place), to copy, in a text field (select it and copy). Where
    Streamlit does not know the page's address, the map page's is the app's root; another page's link is its query
    alone.

    A text field, not ``st.code``: the code block's highlighter is a script of its own that the page loads before it
    draws the map, and with it and the search box's list the map appeared 0.6-0.8 s later on a first load (1.6 times
    the floor app's time, against 1.25 times with two text fields; ``bench/run.py``). Writing in it changes nothing:
    the next run writes the address again."""
    url = st.context.url or (app_root_url() if map_page else "")
    st.session_state[KEY_VIEW_LINK] = view_url(url, day.isoformat(), place)
    st.text_input(
        "Link to this view" + (" (day and place)" if place else " (this day)"),
        key=KEY_VIEW_LINK,
        help="The address of this page on this day"
        + (" with this place's popup open" if place else "")
        + ": select it and copy it to share or cite the view.",
    )


def _place_controls() -> str | None:
    """``?place=`` read (any name, any case; a misspelling near one place is read as it, and said), and the search
    box, which sets it. Returns the marker to open."""
    places = loaders.gazetteer()
    asked = st.query_params.get("place")
    # The names are fetched only for a name that is no id: the app writes the id back, and reads it on every rerun.
    place, message = find_place(asked, places, loaders.place_names) if asked else (None, "")
    if place is not None and asked != place:
        st.query_params["place"] = place  # the link then names the place by its id
    elif place is None and asked is not None:
        del st.query_params["place"]
        message = message or f"“{asked}” is not a place on the map."
    notice = st.session_state.pop(KEY_PLACE_NOTICE, "") or (f"?place={message}" if message else "")
    if notice:
        st.warning(md_text(notice))  # it quotes what the URL or the search box asked for
    # A text field read by find_place (any name, spelling or script, a misspelling near one place), not a select box
    # of the 314 names: its list was 9 KB on every run and its script delayed the map's first drawing (_link_box).
    st.text_input(
        "Find a place",
        key=KEY_PLACE_SEARCH,
        max_chars=MAX_QUERY,
        placeholder="Any name or spelling, then Enter",
        on_change=_place_searched,
        help="Type a name in any language or spelling (Kəlbəcər, Karvachar, Кельбаджар...) and press Enter: the map "
        "centres the place and opens its popup.",
    )
    return place


def _place_searched() -> None:
    """The search box's ``on_change``: a chosen or typed name becomes ``?place=`` (the map then opens it)."""
    value = (st.session_state.get(KEY_PLACE_SEARCH) or "").strip()
    st.session_state[KEY_PLACE_SEARCH] = ""  # emptied, so the same name typed again opens the place again
    if not value:
        return
    place, message = find_place(value, loaders.gazetteer(), loaders.place_names)
    if message:
        st.session_state[KEY_PLACE_NOTICE] = message
    if place is not None:
        st.query_params["place"] = place
        st.session_state[KEY_PLACE_COUNT] = st.session_state.get(KEY_PLACE_COUNT, 0) + 1


def _page_links(day: dt.date) -> None:
    """The navigation, as links that carry the day.

    Streamlit's own navigation drops ``?date=`` on a page switch; the session keeps the day, but a session that
    has just started (after a server restart, or a new tab) would open the next page on the first day. These links
    carry it in the URL, which stays the truth.
    """
    for path, title, icon, _url_path in PAGES:
        st.page_link(path, label=title, icon=icon, query_params={"date": day.isoformat()})


def _remember_choice() -> None:
    """Keep the day and the range apart from their widgets (also the widgets' ``on_change``).

    Streamlit gives each page its own slider and toggle (a widget's id includes its page) and drops them on a page
    switch, and a page link drops ``?date=``: this copy carries the choice over to the next page.
    """
    st.session_state[KEY_CHOSEN] = (st.session_state[KEY_DAY], st.session_state[KEY_WAR])


def _slider_moved() -> None:
    """The slider's ``on_change``."""
    st.session_state[KEY_MOVED] = True
    _remember_choice()


def _toggle_play() -> None:
    """The play button's ``on_click``: it runs before the widgets, so it may move the day (Play on the last day
    starts again from the first day of the range)."""
    playing = not st.session_state.get(KEY_PLAYING, False)
    st.session_state[KEY_PLAYING] = playing
    day, war = st.session_state[KEY_CHOSEN]
    if playing and day >= HANDOVER_END:
        st.session_state[KEY_CHOSEN] = (first_day(war), war)


def _date_controls() -> dt.date:
    if st.session_state.pop(KEY_MOVED, False):
        # The user moved the slider: the browser has the value already. Writing the widget's key
        # would make Streamlit send it back, and a rerun overtaken by more arrow presses would move the slider back.
        pass
    elif KEY_CHOSEN in st.session_state:  # a page switch (each page has its own widgets) or a play step
        st.session_state[KEY_DAY], st.session_state[KEY_WAR] = st.session_state[KEY_CHOSEN]
    else:
        day, notice = parse_day(st.query_params.get("date"))
        st.session_state[KEY_DAY] = day
        st.session_state[KEY_WAR] = day < HANDOVER_START
        st.session_state[KEY_NOTICE] = notice
    # A step asked for by play_tick, unless Pause was pressed while it waited: the day shown when Pause was pressed
    # stays.
    if st.session_state.pop(KEY_STEP_PENDING, False) and st.session_state.get(KEY_PLAYING):
        st.session_state[KEY_DAY] = min(st.session_state[KEY_DAY] + dt.timedelta(days=1), HANDOVER_END)
    st.toggle(
        "Include the war (from 27 Sep)",
        key=KEY_WAR,
        # Not _slider_moved: the toggle changes the slider's range, hence its identity, and the new slider must be
        # given the day again or it would start at its first day.
        on_change=_remember_choice,
        help="Extend the slider back to 27 September 2020 to show the districts taken in the fighting.",
    )
    first = first_day(st.session_state[KEY_WAR])
    if st.session_state[KEY_DAY] < first:
        st.session_state[KEY_DAY] = first
    day = st.slider(
        "Day",
        min_value=first,
        max_value=HANDOVER_END,
        step=dt.timedelta(days=1),
        format=MOMENT_WEEKDAY,  # as day_text(day, weekday=True) writes it
        key=KEY_DAY,
        on_change=_slider_moved,
        help="Drag, or focus the slider and use the arrow keys to step one day.",
    )
    _remember_choice()
    st.query_params["date"] = day.isoformat()
    if day >= HANDOVER_END:
        # Play stops on the last day, and the button drawn in this run must already say Play: decided here, not in
        # play_tick, which runs after the button is drawn.
        st.session_state[KEY_PLAYING] = False
    _play_button(KEY_PLAY_BUTTON)
    if st.session_state.get(KEY_NOTICE):
        st.warning(md_text(st.session_state[KEY_NOTICE]))  # it quotes the URL's ?date= value
    return day


def _play_button(key: str) -> None:
    """Play or Pause, whichever a click does now (the sidebar's and the day bar's)."""
    playing = st.session_state.get(KEY_PLAYING, False)
    st.button(
        "Pause" if playing else "Play",
        icon=PAUSE_ICON if playing else PLAY_ICON,
        key=key,
        on_click=_toggle_play,
        help=PLAY_HELP,
    )


def step_day(days: int) -> None:
    """The day bar's buttons (``on_click``): move the chosen day by ``days`` within the slider's range. Runs before
    the page, whose slider then shows the new day (as after a page switch or a play step)."""
    day, war = st.session_state[KEY_CHOSEN]
    st.session_state[KEY_CHOSEN] = (min(max(day + dt.timedelta(days=days), first_day(war)), HANDOVER_END), war)


def day_bar(day: dt.date) -> None:
    """Previous day, next day and play above the map, for a phone, where the sidebar with the slider is folded
    away and would cover the map when opened (issue 9, item 3). Shown on narrow screens only
    (``geo/static/map_page.css``); a wide screen has the slider beside the map. The day itself is in the page's
    title, and in a live region here for a screen reader."""
    with st.container(key=KEY_DAY_BAR, horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            "Previous day",
            icon=":material/chevron_left:",
            key=KEY_DAY_BAR + "_previous",
            on_click=step_day,
            args=(-1,),
            disabled=day <= range_start(),
        )
        st.button(
            "Next day",
            icon=":material/chevron_right:",
            key=KEY_DAY_BAR + "_next",
            on_click=step_day,
            args=(1,),
            disabled=day >= HANDOVER_END,
        )
        _play_button(KEY_DAY_BAR + "_play")
        st.html(f'<p class="kb-day-bar-day" aria-live="polite">{day_text(day, weekday=True)}</p>')


def play_tick() -> None:
    """While playing, wait and step the day forward by one (called at the end of every run). The run that reaches
    the last day has stopped playing already (``_date_controls``)."""
    if not st.session_state.get(KEY_PLAYING):
        return
    time.sleep(PLAY_SECONDS)
    st.session_state[KEY_STEP_PENDING] = True
    st.rerun()


def first_day(war: bool) -> dt.date:
    """The slider's first day, with or without the war."""
    return WAR_START if war else HANDOVER_START


def range_start() -> dt.date:
    """The first day of the slider's current range."""
    return first_day(bool(st.session_state.get(KEY_WAR)))


def added_articles() -> tuple[tuple[str, str], ...]:
    """Articles added in this session, as ``(file name, text)`` pairs (the outlet, date and address given in the
    form are in the text as labelled lines: ``geo.added``)."""
    return tuple(st.session_state.get(KEY_ADDED, ()))


def add_article(name: str, text: str) -> str:
    """Keep an article for this session under a name no article has; returns the name used."""
    taken = [n for n, _ in added_articles()] + [a.file for a in loaders.seed_corpus()]
    unique = added.unique_name(added.clean_name(name), taken)
    st.session_state[KEY_ADDED] = (*added_articles(), (unique, text))
    return unique


def _given(prefix: str) -> added.GivenMetadata:
    """The outlet, date and URL fields of the form whose keys start with ``prefix``."""
    return added.GivenMetadata(
        outlet=st.session_state.get(prefix + KEY_OUTLET_SUFFIX) or "",
        published=st.session_state.get(prefix + KEY_DATE_SUFFIX),
        url=st.session_state.get(prefix + KEY_URL_SUFFIX) or "",
    )


def _add(raw: bytes, name: str, prefix: str) -> bool:
    """Add one article and leave the message for the page; True when it was added."""
    articles, _mentions, _excerpts = loaders.corpus(added_articles())
    try:
        used, text, article = added.prepare(raw, name, _given(prefix), articles, len(added_articles()))
    except DataError as exc:
        st.session_state[KEY_ADD_MESSAGE] = ("error", str(exc))
        return False
    add_article(used, text)
    st.session_state[KEY_ADD_MESSAGE] = ("success", f"Added {used}: “{article.title}” ({article.label()}).")
    return True


def _clear_form(prefix: str) -> None:
    st.session_state[prefix + KEY_OUTLET_SUFFIX] = ""
    st.session_state[prefix + KEY_DATE_SUFFIX] = None
    st.session_state[prefix + KEY_URL_SUFFIX] = ""


def add_pasted() -> None:
    """The paste form's Add button (``on_click``, before the page runs): adds the pasted text alone, then empties
    the form, so a second click adds nothing twice."""
    text = st.session_state.get(KEY_PASTE_TEXT) or ""
    if not text.strip():
        st.session_state[KEY_ADD_MESSAGE] = ("error", "Nothing to add: paste a text first.")
        return
    name = st.session_state.get(KEY_PASTE_NAME) or added.DEFAULT_NAME
    if _add(text.encode("utf-8", "surrogatepass"), name, KEY_PASTE_TEXT):
        st.session_state[KEY_PASTE_TEXT] = ""
        st.session_state[KEY_PASTE_NAME] = added.DEFAULT_NAME
        _clear_form(KEY_PASTE_TEXT)


def add_uploaded() -> None:
    """The upload form's Add button (``on_click``): adds the chosen file alone (the same file again is refused as
    already added)."""
    uploaded = st.session_state.get(KEY_UPLOAD)
    if uploaded is None:
        st.session_state[KEY_ADD_MESSAGE] = ("error", "Nothing to add: choose a file first.")
        return
    if _add(uploaded.getvalue(), uploaded.name, KEY_UPLOAD):
        _clear_form(KEY_UPLOAD)


def restore_articles() -> None:
    """The restore uploader's ``on_change``: the saved file's articles join the session in one step, or one
    message says what is wrong with the file."""
    uploaded = st.session_state.get(KEY_RESTORE_UPLOAD)
    if uploaded is None:  # the file was taken off the uploader
        return
    articles, _mentions, _excerpts = loaders.corpus(added_articles())
    try:
        saved = added.load(uploaded.getvalue(), uploaded.name)
        to_add, already = added.merge(saved, articles, len(added_articles()), uploaded.name)
    except DataError as exc:
        st.session_state[KEY_ADD_MESSAGE] = ("error", str(exc))
        return
    st.session_state[KEY_ADDED] = (*added_articles(), *to_add)
    message = f"Restored {len(to_add)} of the {len(saved)} articles in {uploaded.name}"
    if to_add:
        message += f": {', '.join(name for name, _text in to_add)}"
    if already:
        message += f". Already in this session: {', '.join(already)}"
    st.session_state[KEY_ADD_MESSAGE] = ("success", message + ".")


def remove_added() -> None:
    """The Remove button (``on_click``): drops the session's added articles, and them from the choice."""
    names = {name for name, _text in added_articles()}
    st.session_state[KEY_ADDED] = ()
    if KEY_SOURCES_PICK in st.session_state:
        st.session_state[KEY_SOURCES_PICK] = [f for f in st.session_state[KEY_SOURCES_PICK] if f not in names]
    st.session_state[KEY_ADD_MESSAGE] = ("success", f"Removed {len(names)} added articles.")


def add_message() -> tuple[str, str] | None:
    """The outcome of the last add, restore or remove, as ``(kind, plain text)``, once."""
    return st.session_state.pop(KEY_ADD_MESSAGE, None)


def side_by_side_choice(files: list[str], first: int = 3) -> None:
    """Ready the "Articles side by side" choice before its widget is drawn: the first ``first`` articles the first
    time, afterwards what the user chose, less articles that are gone (removed, or not naming the ``?place=``).
    Set here, not as the widget's ``default``: Streamlit warns of a widget given both."""
    chosen = st.session_state.get(KEY_SOURCES_PICK)
    if chosen is None:
        st.session_state[KEY_SOURCES_PICK] = files[:first]
    elif any(f not in files for f in chosen):
        st.session_state[KEY_SOURCES_PICK] = [f for f in chosen if f in files]
