"""Sources: the articles side by side with place mentions highlighted, where outlets differ, and adding one."""

import streamlit as st

import loaders
import state
from geo.compare import KINDS
from geo.corpus import MAX_ARTICLE_BYTES, decode_article, parse_article
from geo.markup import article_html, esc, highlight, link, md_text
from geo.quotes import rank_excerpts
from geo.tables import DataError

state.date_sidebar()
places = loaders.gazetteer()

st.title("Sources")

with st.expander("Add an article (kept for this session only)", expanded=not state.added_articles()):
    st.write(
        f"Paste a news text or upload a UTF-8 `.txt` or `.md` file (at most {MAX_ARTICLE_BYTES // 1000} KB). "
        "The first line is read as the title; a `By ...` line, a date line and an `Original url:` line are read "
        "as its byline, date and address. Its place mentions appear on the map's markers. Added articles live in "
        "this browser tab's session only: reloading the page, or a restart of the server, drops them."
    )
    pasted = st.text_area("Article text", key=state.KEY_PASTE_TEXT, height=160)
    pasted_name = st.text_input("Name for the pasted text", value="pasted.txt", key=state.KEY_PASTE_NAME)
    uploaded = st.file_uploader("…or upload a file", type=["txt", "md"], key=state.KEY_UPLOAD)
    if st.button("Add article", key=state.KEY_ADD_BUTTON, type="primary"):
        candidates = []
        if uploaded is not None:
            candidates.append((uploaded.name, uploaded.getvalue()))
        if pasted.strip():
            candidates.append((pasted_name or "pasted.txt", pasted.encode("utf-8")))
        if not candidates:
            st.error("Nothing to add: paste a text or choose a file.")
        for name, raw in candidates:
            try:
                article = parse_article(decode_article(raw, name), name)
            except DataError as exc:
                st.error(md_text(exc))
                continue
            used = state.add_article(name, article.text)
            st.success(f"Added {md_text(used)}.")
            st.html(f"<p>“{esc(article.title)}”</p>")
    if state.added_articles() and st.button("Remove added articles", key=state.KEY_CLEAR_BUTTON):
        st.session_state[state.KEY_ADDED] = ()
        st.rerun()

articles, mentions, excerpts = loaders.corpus(state.added_articles())
# ?place=<id> (the map's popups link here): only the articles that name the place, and all its sentences.
place_id = st.query_params.get("place")
if place_id is not None and place_id not in places:
    st.warning(f"No place has the id {md_text(place_id)}; all articles are shown.")
elif place_id is not None:
    articles = [a for a in articles if any(m.place_id == place_id for m in mentions.get(a.file, ()))]
    name = places[place_id].name
    st.subheader(f"Sentences naming {md_text(name)}")
    items = "".join(
        f"<li>“{highlight(e.sentence, e.highlights)}”<br><small>{link(e.url, e.outlet or 'outlet not given')}, "
        f"{esc(e.published.isoformat() if e.published else 'date unknown')} <code>{esc(e.file)}</code></small></li>"
        for e in rank_excerpts(excerpts.get(place_id, ()))
    )
    st.html(f'<ul class="kb-place-sentences">{items}</ul>' if items else "<p>No article names it.</p>")
chosen = st.multiselect(
    "Articles side by side",
    [a.file for a in articles],
    default=[a.file for a in articles][:3],
    key=state.KEY_SOURCES_PICK,
    format_func=lambda f: next(a.label() for a in articles if a.file == f) + f" ({f})",
)
shown = [a for a in articles if a.file in chosen]
for column, article in zip(st.columns(max(len(shown), 1)), shown, strict=False):
    with column:
        # Everything read from an article's text goes out escaped, as HTML: never as Markdown, where a title
        # such as "[x](javascript:...)" would become a link.
        facts = [esc(article.label())] + ([f"by {esc(article.byline)}"] if article.byline else [])
        original = f" · {link(article.url, 'original article')}" if article.url else ""
        st.html(f"<h4>{esc(article.title)}</h4><p><small>{' · '.join(facts)}{original}</small></p>")
        if article.translation_banner:
            st.info(
                "The text carries a machine-translation banner. "
                + (
                    "Flagged as machine-translated."
                    if article.machine_translated
                    else "Not flagged: see the metadata note below."
                )
            )
        st.html(f"<p><small>Metadata: {esc(article.metadata_source)}</small></p>")
        marks = [(m.start, m.end, places[m.place_id].name) for m in mentions[article.file]]
        st.markdown(
            f'<div class="kb-article">{article_html(article.text, article.body, marks)}</div>', unsafe_allow_html=True
        )

st.subheader("Where the outlets differ")
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
        # One escaped HTML list: the descriptions quote article text and file names, never read as Markdown.
        items = []
        for difference in of_kind:
            quoted = (
                f"<br><small>{esc(difference.a_file)}: “{esc(difference.a_sentence)}”<br>"
                f"{esc(difference.b_file)}: “{esc(difference.b_sentence)}”</small>"
                if difference.a_sentence or difference.b_sentence
                else ""
            )
            items.append(f"<li>{esc(difference.describe())}{quoted}</li>")
        st.html(f'<ul class="kb-differences">{"".join(items)}</ul>')

state.play_tick()
