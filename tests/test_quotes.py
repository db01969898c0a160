"""geo.quotes on the seeds' own sentences: which are one wire copy, which are news."""

import datetime as dt
import time

import pytest
from rapidfuzz import fuzz

from geo.corpus import Excerpt, excerpts_for, find_mentions, parse_article
from geo.quotes import WIRE_THRESHOLD, merge_wire_copies, news_score, rank_excerpts, wire_text

# Pairs of sentences as two seed articles print them (data/articles/).
SAME_WIRE = [
    (  # The Straits Times against The Moscow Times: abbreviated months
        "A key part of the peace deal includes Armenia's return of Kalbajar, as well as the Aghdam district by Nov 20 "
        "and the Lachin district by Dec 1, which have been held by Armenians since the 1990s war that left 30,000 "
        "people dead.",
        "A key part of the peace deal includes Armenia's return of Kalbajar, as well as the Aghdam district by "
        "November 20 and the Lachin district by December 1, which have been held by Armenians since the 1990s war "
        "that left 30,000 people dead.",
    ),
    (  # a misspelt name and a title
        "\"Kalbajar's settlement by Armenians was illegal. The people who were resettled there have no property "
        'rights," Hajieyv told a news conference.',
        "\"Kalbajar's settlement by Armenians was illegal. The people who were resettled there have no property "
        'rights," Mr Hajiyev told a news conference.',
    ),
    (  # "yesterday" for "Sunday", British and American spelling
        "The Defence Ministry said yesterday that over two days, it had escorted more than 700 people returning to "
        "Stepanakert, which was shelled heavily during the fighting.",
        "The defense ministry said Sunday that over two days it had escorted more than 700 people returning to "
        "Stepanakert, which was shelled heavily during the fighting.",
    ),
    (  # one outlet cuts the closing clause
        "Before departing en masse, Armenians flocked to the Dadivank monastery nestled in a Kalbajar gorge for a "
        "final visit before it was ceded to Azerbaijan.",
        "Before departing en masse, Armenians flocked to the Dadivank monastery nestled in a Kalbajar gorge for a "
        "final visit.",
    ),
]
DIFFERENT = [
    (  # two outlets' own leads on the same exodus
        "Residents of the Kalbajar district in Azerbaijan, which has been controlled by Armenian separatists for "
        "decades, piled furniture and kitchenware into vehicles before leaving for Armenia and some among the "
        "departing ethnic-Armenians said they had exhumed graves they feared would be desecrated by Azerbaijanis.",
        "Residents of the Kalbajar district in Azerbaijan, which has been controlled by Armenian separatists since a "
        "1990s post-Soviet war, began a mass exodus in the days leading up to the initial withdrawal deadline "
        "yesterday.",
    ),
    (
        "Armenians flocked to the Dadivank monastery for a final visit before it was ceded to Azerbaijan.",
        "Kalbajar is home to the well-known Dadivank monastery of the Armenian Apostolic Church.",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME_WIRE)
def test_one_wire_copy_scores_above_the_threshold(a, b):
    assert fuzz.ratio(wire_text(a), wire_text(b)) >= WIRE_THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_sentences_score_below_it(a, b):
    assert fuzz.ratio(wire_text(a), wire_text(b)) < WIRE_THRESHOLD


def excerpt(sentence: str, file: str, published: dt.date | None = None) -> Excerpt:
    return Excerpt("kalbajar", sentence, (), file, file.upper(), published, "", file)


def test_merging_keeps_one_quote_per_wire_sentence_and_each_article_once():
    a, b = SAME_WIRE[0]
    c, d = DIFFERENT[0]
    groups = merge_wire_copies([excerpt(a, "x"), excerpt(c, "x"), excerpt(b, "y"), excerpt(d, "y"), excerpt(b, "z")])
    assert [[e.file for e in g] for g in groups] == [["x", "y", "z"], ["x"], ["y"]]


def test_the_seeds_rank_the_extension_of_kalbajars_deadline_first(corpus, gazetteer):
    articles = list(corpus.values())
    mentions = {a.file: find_mentions(a, gazetteer) for a in articles}
    ranked = rank_excerpts(excerpts_for("kalbajar", articles, mentions))
    assert "prolong the deadline" in ranked[0].sentence and "November 25" in ranked[0].sentence
    # A sentence of background ranks below one that dates a deadline.
    background = next(e for e in ranked if "almost exclusively populated" in e.sentence)
    assert news_score(background.sentence) < news_score(ranked[0].sentence)


@pytest.mark.parametrize(
    ("sentence", "news"),
    [
        ("Azerbaijan agreed to extend the deadline until November 25.", True),
        ("Armenian forces withdrew from the district on Sunday.", True),
        ("Kalbajar is home to the well-known Dadivank monastery.", False),
    ],
)
def test_news_score(sentence, news):
    assert (news_score(sentence) >= 2) is news


def test_a_200_kb_article_naming_the_place_in_every_sentence_stays_fast(gazetteer):
    # 2,000 distinct near-identical sentences in one article: none is merged (one article), and the popup
    # compares only a few per article (geo.popups.popup_parts), but merge_wire_copies alone is bounded too.
    body = " ".join(f"Convoy {n} of trucks left Kalbajar on November {n % 28 + 1} for the border." for n in range(2600))
    assert len(body) > 150_000
    article = parse_article(f"Convoys\n\n{body}", "big.md")
    found = excerpts_for("kalbajar", [article], {article.file: find_mentions(article, gazetteer)})
    started = time.perf_counter()
    groups = merge_wire_copies(rank_excerpts(found))
    assert time.perf_counter() - started < 2.0
    assert len(groups) == len(found)  # one article: its sentences are never merged with each other


@pytest.fixture
def clear_caches():
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


def sources_page(place: str):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.query_params["date"] = "2020-11-20"
    at.run()
    # Given after the map page's run: the map page reads ?place= too, and drops a name of no place from the address.
    at.query_params["place"] = place
    return at.switch_page("app_pages/sources.py").run()


def page_html(at) -> str:
    return "".join(str(getattr(h.proto, "body", "")) for h in at.get("html"))


def test_sources_filtered_to_a_place_lists_its_sentences_news_first(clear_caches):
    at = sources_page("dadivank")
    assert not at.exception
    assert "2020-11-20" in str(at.query_params["date"])  # ?date= kept beside ?place=
    assert "Sentences naming Dadivank" in [s.value for s in at.header][0].replace("\\", "")
    listed = page_html(at).split('<ul class="kb-place-sentences">')[1].split("</ul>")[0]
    assert listed.count("<li>") == 4  # the four seed sentences naming the monastery, all of them
    # Only the articles naming the place are offered side by side: all three seeds name Dadivank.
    assert len(at.multiselect(key="sources_pick").options) == 3


@pytest.mark.parametrize("place", ["nowhere", "<script>alert(1)</script>", "[x](https://evil.example)"])
def test_an_unknown_place_gets_one_plain_message(clear_caches, place):
    at = sources_page(place)
    assert not at.exception
    (warning,) = at.warning
    assert "No place has the id" in warning.value and "<script>" not in page_html(at)
