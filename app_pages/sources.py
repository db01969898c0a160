"""Sources: the articles side by side with place mentions highlighted, where outlets differ, and adding one."""

import datetime as dt

import streamlit as st

import loaders
import state
from geo.added import DEFAULT_NAME, SAVED_FILE_NAME, dump, prepare_link
from geo.compare import KINDS
from geo.corpus import MAX_ARTICLE_BYTES, article_names, readable_dates
from geo.links import MAX_DOWNLOAD_BYTES
from geo.markup import article_html, esc, highlight, link, md_text
from geo.quotes import rank_excerpts
from geo.timeline import day_text

# Long addresses and names wrap inside their column instead of running into the next one.
WRAP = 'style="overflow-wrap: anywhere"'
# The link form's widget keys (the paste and upload forms' are in state.py).
KEY_LINK_FORM = "link_form"
KEY_LINK_URL = "link_url"
KEY_ADD_LINK_BUTTON = "add_link_article"


def add_from_link() -> None:
    """The link form's Add button (``on_click``, before the page runs): reads the page (geo.links, which refuses
    private addresses; nothing here can allow them) and adds its article as a pasted one is added, or leaves one
    message saying why not; the address field empties after an add."""
    url = (st.session_state.get(KEY_LINK_URL) or "").strip()
    if not url:
        st.session_state[state.KEY_ADD_MESSAGE] = ("error", "Nothing to add: give the address of a news page first.")
        return
    articles, _mentions, _excerpts = loaders.corpus(state.added_articles())
    try:
        used, text, article = prepare_link(url, articles, len(state.added_articles()))
    except ValueError as exc:  # geo.links.LinkProblem, geo.tables.DataError: one line each
        st.session_state[state.KEY_ADD_MESSAGE] = ("error", str(exc))
        return
    state.add_article(used, text)
    st.session_state[KEY_LINK_URL] = ""
    st.session_state[state.KEY_ADD_MESSAGE] = ("success", f"Added {used}: “{article.title}” ({article.label()}).")


def metadata_fields(prefix: str) -> None:
    """The outlet, date and URL fields of an add form (keys: ``prefix`` and a suffix of state.py)."""
    outlet, published, url = st.columns(3)
    outlet.text_input("Outlet (optional)", key=prefix + state.KEY_OUTLET_SUFFIX, placeholder="e.g. Reuters")
    published.date_input(
        "Publication date (optional)",
        value=None,
        min_value=dt.date(1990, 1, 1),
        max_value=dt.date.today(),
        format="DD/MM/YYYY",
        key=prefix + state.KEY_DATE_SUFFIX,
    )
    url.text_input("Address (optional)", key=prefix + state.KEY_URL_SUFFIX, placeholder="https://…")


state.date_sidebar()
places = loaders.gazetteer()

st.title("Sources")

# The expander's label and expanded= never change: a change would make Streamlit draw a new expander, collapsing the
# one the user works in. Open at first; once closed, it stays closed.
with st.expander("Add an article (kept until you reload the page)", expanded=True):
    st.write(
        f"Paste a news text, upload a UTF-8 `.txt` or `.md` file (at most {MAX_ARTICLE_BYTES // 1000} KB) or give "
        "the address of a news page: one article per click. The first line is read as the title; lines such as "
        "`By ...`, a date, `Outlet: ...` and `Original url: ...` are read as its byline, date, outlet and address, "
        "and the fields below override them. "
        "Its place mentions appear on the map's markers. **Added articles live in this browser tab only: a reload "
        "drops them.** Save them to a file to restore them later."
    )
    paste_tab, upload_tab, link_tab, restore_tab = st.tabs(
        ["Paste text", "Upload a file", "Add from a link", "Restore saved articles"]
    )
    with paste_tab, st.form(state.KEY_PASTE_FORM, border=False, enter_to_submit=False):
        st.text_area("Article text", key=state.KEY_PASTE_TEXT, height=160)
        st.session_state.setdefault(state.KEY_PASTE_NAME, DEFAULT_NAME)
        st.text_input("Name for the pasted text", key=state.KEY_PASTE_NAME)
        metadata_fields(state.KEY_PASTE_TEXT)
        st.form_submit_button("Add pasted text", key=state.KEY_ADD_BUTTON, type="primary", on_click=state.add_pasted)
    with upload_tab, st.form(state.KEY_UPLOAD_FORM, border=False, enter_to_submit=False):
        st.file_uploader("A `.txt` or `.md` file", type=["txt", "md"], key=state.KEY_UPLOAD)
        metadata_fields(state.KEY_UPLOAD)
        st.form_submit_button(
            "Add uploaded file", key=state.KEY_ADD_UPLOAD_BUTTON, type="primary", on_click=state.add_uploaded
        )
    with link_tab, st.form(KEY_LINK_FORM, border=False, enter_to_submit=False):
        st.text_input(
            "Address of a news page (http:// or https://)",
            key=KEY_LINK_URL,
            placeholder="https://…",
            help="The page is read once: its article text, title, outlet, author and date are kept, as for a "
            f"pasted text (at most {MAX_DOWNLOAD_BYTES // 1_000_000} MB of page, {MAX_ARTICLE_BYTES // 1000} KB of "
            "text). Addresses inside a private network are refused.",
        )
        st.form_submit_button("Add from the link", key=KEY_ADD_LINK_BUTTON, type="primary", on_click=add_from_link)
    with restore_tab:
        st.file_uploader(
            f"A file saved with “Save added articles” (`{SAVED_FILE_NAME}`): its articles are added at once",
            type=["json"],
            key=state.KEY_RESTORE_UPLOAD,
            on_change=state.restore_articles,
        )
    outcome = state.add_message()
    if outcome is not None:
        kind, message = outcome
        (st.success if kind == "success" else st.error)(md_text(message))

added = state.added_articles()
if added:
    st.info(
        f"{len(added)} added article{'s' if len(added) > 1 else ''} in this browser tab: "
        f"{md_text(', '.join(name for name, _text in added))}. A reload of the page, or a restart of the server, "
        "drops them: save them to one file, and restore it under *Add an article → Restore saved articles*.",
        icon=":material/warning:",
    )
    with st.container(horizontal=True):
        st.download_button(
            "Save added articles",
            data=dump(added),
            file_name=SAVED_FILE_NAME,
            mime="application/json",
            key=state.KEY_SAVE_BUTTON,
            icon=":material/download:",
            on_click="ignore",
        )
        st.button("Remove added articles", key=state.KEY_CLEAR_BUTTON, on_click=state.remove_added)

articles, mentions, excerpts = loaders.corpus(state.added_articles())
# ?place=<id> (the map's popups link here): only the articles that name the place, and all its sentences.
place_id = st.query_params.get("place")
if place_id is not None and place_id not in places:
    st.warning(f"No place has the id {md_text(place_id)}; all articles are shown.")
elif place_id is not None:
    articles = [a for a in articles if any(m.place_id == place_id for m in mentions.get(a.file, ()))]
    name = places[place_id].name
    st.header(f"Sentences naming {md_text(name)}")
    items = "".join(
        f"<li>“{highlight(e.sentence, e.highlights)}”<br><small>{link(e.url, e.outlet or 'outlet not given')}, "
        f"{esc(day_text(e.published) if e.published else 'date unknown')} <code>{esc(e.file)}</code></small></li>"
        for e in rank_excerpts(excerpts.get(place_id, ()))
    )
    st.html(
        f'<div {WRAP}><ul class="kb-place-sentences">{items}</ul></div>' if items else "<p>No article names it.</p>"
    )
# Articles are named by outlet and date; the file name only where that alone does not tell two apart.
names = article_names(articles)
files = [a.file for a in articles]
state.side_by_side_choice(files)
st.header("The articles")
chosen = st.multiselect("Articles side by side", files, key=state.KEY_SOURCES_PICK, format_func=names.get)
shown = [a for a in articles if a.file in chosen]
for column, article in zip(st.columns(max(len(shown), 1)), shown, strict=False):
    with column:
        # Everything read from an article's text goes out escaped, as HTML: never as Markdown, where a title
        # such as "[x](javascript:...)" would become a link.
        facts = [esc(article.label())] + ([f"by {esc(article.byline)}"] if article.byline else [])
        original = f" · {link(article.url, 'original article')}" if article.url else ""
        st.html(f"<div {WRAP}><h3>{esc(article.title)}</h3><p><small>{' · '.join(facts)}{original}</small></p></div>")
        if article.translation_banner:
            st.info(
                "The text carries a machine-translation banner. "
                + (
                    "Flagged as machine-translated."
                    if article.machine_translated
                    else "Not flagged: see the metadata note below."
                )
            )
        st.html(
            f'<p class="kb-metadata" {WRAP}><small>Metadata: {esc(readable_dates(article.metadata_source))}</small></p>'
        )
        marks = [(m.start, m.end, places[m.place_id].name) for m in mentions[article.file]]
        # st.html, not st.markdown: a paragraph rejoined across a blank line would end Markdown's HTML block, and
        # the rest would be read as Markdown.
        st.html(f'<div class="kb-article" {WRAP}>{article_html(article.text, article.body, marks)}</div>')

st.header("Where the outlets differ")
st.write(
    "Sentences that tell the same thing in two articles are paired; their figures, dates and names are compared. "
    "*date-wording* means two wordings that resolve to the same day; *missing* means one outlet has a sentence "
    "with a figure or date that the other does not."
)
found = [d for d in loaders.claim_differences(state.added_articles()) if d.a_file in chosen and d.b_file in chosen]
if not found:
    st.write("No differences between the chosen articles.")
for kind in KINDS:
    of_kind = [d for d in found if d.kind == kind]
    if not of_kind:
        continue
    with st.expander(f"{kind} ({len(of_kind)})", expanded=kind in ("spelling", "figure", "date")):
        # One escaped HTML list: the descriptions quote article text and outlets, never read as Markdown.
        items = []
        for difference in of_kind:
            quoted = "".join(
                f"<br>{esc(names[file])}: “{esc(sentence)}”"
                for file, sentence in (
                    (difference.a_file, difference.a_sentence),
                    (difference.b_file, difference.b_sentence),
                )
                if sentence
            )
            items.append(f"<li>{esc(difference.describe(names))}<small>{quoted}</small></li>")
        st.html(f'<ul class="kb-differences" {WRAP}>{"".join(items)}</ul>')

state.play_tick()
