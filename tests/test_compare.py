"""Where outlets differ on a claim: sentence alignment and differences, on the seeds and on small made-up texts.

The expected differences below were read off the three seed texts, not copied from the code's output.
"""

import datetime as dt
import re

import pytest

from geo.compare import KINDS, MIN_SIMILARITY, Difference, align, differences
from geo.corpus import article_names, parse_article
from geo.names import Gazetteer

S000, S002, S004 = "000_60ec3c07fbdbac85.txt", "002_353686bb8fdbdf8e.txt", "004_f0ae970b1b167635.txt"
WEEK = "2020-11-09/2020-11-15"  # Monday to Sunday of the ceasefire week
SUNDAY = "2020-11-15"


@pytest.fixture(scope="module")
def seeds(corpus):
    return [corpus[S000], corpus[S002], corpus[S004]]


@pytest.fixture(scope="module")
def found(seeds, people_names, gazetteer):
    return differences(seeds, people_names, gazetteer)


def _article(body: str, file: str, published: str = "") -> object:
    """A small article: a headline and one paragraph, dated through metadata when ``published`` is given."""
    return parse_article(f"Ministry update\n\n{body}\n", file, {"published": published} if published else None)


def test_publication_dates_of_the_seeds(corpus):
    # 000 gives no date in its text and metadata.csv has none for it: its relative dates cannot be resolved.
    assert corpus[S000].published is None
    assert corpus[S002].published == dt.date(2020, 11, 16)  # "date 2020-11-16", a Monday
    assert corpus[S004].published == dt.date(2020, 11, 15)  # "November 15, 2020", a Sunday


# (kind, a_file, a_text, b_file, b_text, a_value, b_value, words of the a or b sentence)
EXPECTED = [
    # 004 misspells the adviser once: "Hajieyv told a news conference" where 002 has "Mr Hajiyev told".
    ("spelling", S002, "Hajiyev", S004, "Hajieyv", "hikmet-hajiyev", "hikmet-hajiyev", "told a news conference"),
    # 002 (Monday) says "yesterday" where 004 (Sunday) says "Sunday": the same day, four times over.
    ("date-wording", S002, "yesterday", S004, "Sunday", SUNDAY, SUNDAY, "Azerbaijan said"),
    ("date-wording", S002, "yesterday", S004, "Sunday", SUNDAY, SUNDAY, "initial withdrawal deadline"),
    ("date-wording", S002, "yesterday", S004, "Sunday", SUNDAY, SUNDAY, "escorted more than 700 people"),
    ("date-wording", S002, "yesterday", S004, "Sunday", SUNDAY, SUNDAY, "timetable for the Armenian withdrawal"),
    # "last week" written on Monday 16 Nov and "earlier this week" on Sunday 15 Nov: the same week.
    ("date-wording", S002, "last week", S004, "earlier this week", WEEK, WEEK, "agreed to end hostilities"),
    # Abbreviated months are the same dates, not different spellings.
    ("date-wording", S002, "Nov 25", S004, "November 25", "2020-11-25", "2020-11-25", "was delayed until"),
    ("date-wording", S002, "Nov 20", S004, "November 20", "2020-11-20", "2020-11-20", "Aghdam district"),
    ("date-wording", S002, "Dec 1", S004, "December 1", "2020-12-01", "2020-12-01", "Lachin district"),
    # Undated 000 gives the month and day without a year; they agree with 002's.
    ("date-wording", S000, "November 25", S002, "Nov 25", "--11-25", "2020-11-25", "illegal Armenian settlers"),
    ("date-wording", S000, "November 20", S002, "Nov 20", "--11-20", "2020-11-20", "Aghdam district"),
    # 000's relative dates cannot be resolved: unresolved, not a difference.
    ("date-unresolved", S000, "earlier this week", S002, "last week", "", WEEK, "agreed to end hostilities"),
    ("date-unresolved", S000, "Sunday", S002, "yesterday", "", SUNDAY, "agreed to extend the deadline"),
    # 004 says when the peacekeepers deployed; 002's sentence does not.
    ("date", S002, "", S004, "this week", "", WEEK, "peacekeeping contingent"),
    # "the 1990s war that left 30,000 people dead" (002, 004); 000 has "a devastating war in the 1990s".
    ("figure", S000, "", S002, "30,000", "", "30000", "Lachin district"),
    ("figure", S000, "", S004, "30,000", "", "30000", "Lachin district"),
    # "a peace accord that ended six weeks of fierce fighting" vs 000's "to end weeks of fighting".
    ("figure", S000, "", S002, "six", "", "6", "peace accord"),
    ("figure", S000, "", S004, "six", "", "6", "peace accord"),
    # 000 has no sentence on the fighters Armenia lost, nor on Putin's death toll.
    ("missing", S002, "2,317", S000, "", "2317", "", "fighters were killed"),
    ("missing", S004, "2,317", S000, "", "2317", "", "fighters were killed"),
    ("missing", S002, "4,000", S000, "", "4000", "", "surpassed 4,000"),
    # Only 004 reports the arrests of Saturday 14 Nov.
    ("missing", S004, "Saturday", S002, "", "2020-11-14", "", "Vanetsyan and several other suspects"),
]


@pytest.mark.parametrize(
    ("kind", "a_file", "a_text", "b_file", "b_text", "a_value", "b_value", "words"),
    EXPECTED,
    ids=[f"{e[0]}-{e[1][:3]}-{e[3][:3]}-{e[2] or e[4]}-{e[7][:12]}" for e in EXPECTED],
)
def test_seed_differences(found, kind, a_file, a_text, b_file, b_text, a_value, b_value, words):
    hits = [
        d
        for d in found
        if (d.kind, d.a_file, d.a_text, d.b_file, d.b_text, d.a_value, d.b_value)
        == (kind, a_file, a_text, b_file, b_text, a_value, b_value)
        and (words in d.a_sentence or words in d.b_sentence)
    ]
    assert len(hits) == 1, [d.describe() for d in found if d.kind == kind]


# Claims the outlets share, or wordings that are not claims: none of these may be reported.
NOT_DIFFERENCES = [
    ("spelling", "Nov"),  # "Nov 25" vs "November 25" is a date written two ways, not a name
    ("spelling", "November"),
    ("spelling", "Mr"),  # "Mr Hajiyev" vs "Hajiyev": a title, not a spelling
    ("spelling", "Defence"),  # "Defence Ministry" vs "defense ministry": not a name of a person or place
    ("figure", "2,000"),  # "some 2,000 troops" in all three
    ("figure", "700"),  # "more than 700 people" in 002 and 004
    ("figure", "1990"),  # "the 1990s" is a decade, not a figure
    ("figure", "two"),  # "the two countries" (002, 004) is description; "two days" is in both
    ("figure", "five"),  # "five-year mission" in all three
]


@pytest.mark.parametrize(("kind", "text"), NOT_DIFFERENCES)
def test_seed_non_differences(found, kind, text):
    assert not [d.describe() for d in found if d.kind == kind and text in (d.a_text, d.b_text)]


def test_same_words_agree_even_when_one_side_is_undated(found):
    # 000 and 004 both write "earlier this week" and "on Sunday": identical wording is no difference to show.
    between = [d for d in found if {d.a_file, d.b_file} == {S000, S004} and d.kind.startswith("date")]
    assert not [d.describe() for d in between if "earlier this week" in (d.a_text, d.b_text)]
    assert not [d.describe() for d in between if d.a_text == d.b_text == "Sunday"]


def test_dated_articles_never_unresolved(found):
    # 002 and 004 both have a publication date: every date of theirs resolves.
    assert not [d for d in found if d.kind == "date-unresolved" and {d.a_file, d.b_file} == {S002, S004}]


def test_agreeing_dates_are_not_reported_as_differing(found):
    assert not [d.describe() for d in found if d.kind == "date" and d.a_value and d.a_value == d.b_value]


def test_results_are_sorted_unique_plain_data(found):
    assert len(found) == len(set(found))
    order = [(KINDS.index(d.kind), d.a_file, d.b_file, d.a_start, d.b_start) for d in found]
    assert order == sorted(order)
    for d in found:
        line = d.describe()
        assert "\n" not in line and "<" not in line
        assert all(isinstance(v, str) for v in (d.a_text, d.b_text, d.a_value, d.b_value))


def test_claim_offsets_point_at_the_words(seeds, found):
    texts = {a.file: a.text for a in seeds}
    for d in found:
        if d.kind != "missing" and d.a_text:
            assert texts[d.a_file][d.a_start : d.a_start + len(d.a_text)] == d.a_text
        if d.b_text:
            assert texts[d.b_file][d.b_start : d.b_start + len(d.b_text)] == d.b_text


# Sentences that must be aligned: (a_file, words in a, b_file, words in b).
ALIGNED = [
    (S002, "Hajiyev told a news conference", S004, "Hajieyv told a news conference"),
    (S002, "said yesterday it had agreed", S004, "said Sunday it had agreed"),
    # 000 quotes Hajiyev; 002 paraphrases the quote: the loosest true match in the seeds.
    (S000, "Azerbaijan agreed to prolong the deadline", S002, "was delayed until Nov 25"),
    (S000, "earlier this week", S002, "last week"),
    # 004 repeats the photo caption in its last paragraph; 002's sentence goes to that paragraph, not the caption.
    (S002, "Armenians flocked to the Dadivank monastery", S004, "nestled in a Kalbajar gorge"),
]


@pytest.fixture(scope="module")
def pairs(seeds):
    return align(seeds)


@pytest.mark.parametrize(("a_file", "a_words", "b_file", "b_words"), ALIGNED)
def test_align_matches_retold_sentences(seeds, pairs, a_file, a_words, b_file, b_words):
    texts = {a.file: a.text for a in seeds}
    hits = [
        p
        for p in pairs
        if p.a_file == a_file
        and p.b_file == b_file
        and a_words in " ".join(texts[a_file][slice(*p.a_span)].split())
        and b_words in " ".join(texts[b_file][slice(*p.b_span)].split())
    ]
    assert len(hits) == 1
    assert MIN_SIMILARITY <= hits[0].score <= 1


def test_align_is_one_to_one_and_uses_sentence_spans(seeds, pairs):
    sentences = {a.file: set(a.sentences) for a in seeds}
    for files in ((S000, S002), (S000, S004), (S002, S004)):
        mine = [p for p in pairs if (p.a_file, p.b_file) == files]
        assert mine
        assert len({p.a_span for p in mine}) == len({p.b_span for p in mine}) == len(mine)
        assert all(p.a_span in sentences[p.a_file] and p.b_span in sentences[p.b_file] for p in mine)


@pytest.mark.parametrize(
    "words",
    [
        "Russian peacekeeping force",  # a subheading: too short to align
        "Alexander Ryumin / TASS",  # a photo credit
        "Armenians flocked to the Dadivank monastery for a final visit before",  # the caption: 002 has no copy
    ],
)
def test_align_leaves_out_headings_and_captions(corpus, pairs, words):
    text = corpus[S004].text
    assert not [p for p in pairs if words in " ".join(text[slice(*p.b_span)].split()) and p.b_file == S004]


def test_one_changed_figure_is_one_difference(people_names, gazetteer):
    a = _article("The ministry said 700 people returned to the city on Monday.", "a.txt")
    b = _article("The ministry said 800 people returned to the city on Monday.", "b.txt")
    (only,) = differences([a, b], people_names, gazetteer)
    assert (only.kind, only.a_text, only.b_text, only.a_value, only.b_value) == ("figure", "700", "800", "700", "800")
    assert only.a_sentence == "The ministry said 700 people returned to the city on Monday."
    assert "700" in only.describe() and "800" in only.describe()


def test_identical_articles_have_no_differences(corpus, people_names, gazetteer):
    twin = parse_article(corpus[S004].text, "twin.txt", {"published": "2020-11-15"})
    assert differences([corpus[S004], twin], people_names, gazetteer) == []
    # Every sentence long enough to align finds its twin, with a perfect score.
    assert {p.score for p in align([corpus[S004], twin])} == {1.0}


@pytest.mark.parametrize(
    ("body_a", "published_a", "body_b", "published_b", "expected"),
    [
        # The same word on different days: the articles' dates make it two different days.
        (
            "Officials said yesterday that 700 people returned.",
            "2020-11-16",
            "Officials said yesterday that 700 people returned.",
            "2020-11-17",
            [("date", "yesterday", "yesterday", "2020-11-15", "2020-11-16")],
        ),
        # Two undated articles: neither relative date can be resolved, so they are not compared.
        (
            "Officials said yesterday that 700 people returned.",
            "",
            "Officials said Sunday that 700 people returned.",
            "",
            [("date-unresolved", "yesterday", "Sunday", "", "")],
        ),
        # Two known names of one city are two spellings of one place.
        (
            "Officials said 700 people returned to Stepanakert.",
            "",
            "Officials said 700 people returned to Khankendi.",
            "",
            [("spelling", "Stepanakert", "Khankendi", "stepanakert", "stepanakert")],
        ),
        # A misspelt place name, found through the gazetteer's fuzzy lookup.
        (
            "Officials said 700 people left Kalbajar district.",
            "",
            "Officials said 700 people left Kalbajjar district.",
            "",
            [("spelling", "Kalbajar", "Kalbajjar", "kalbajar", "kalbajar")],
        ),
        # Different places are different places, not spellings.
        (
            "Officials said 700 people left Lachin district.",
            "",
            "Officials said 700 people left Aghdam district.",
            "",
            [],
        ),
        # A duration in words: "six weeks" vs "two months" of fighting.
        (
            "The accord ended six weeks of fierce fighting in the region.",
            "",
            "The accord ended two months of fierce fighting in the region.",
            "",
            [("figure", "six", "two", "6", "2")],
        ),
    ],
)
def test_small_pairs(people_names, gazetteer, body_a, published_a, body_b, published_b, expected):
    a, b = _article(body_a, "a.txt", published_a), _article(body_b, "b.txt", published_b)
    got = [(d.kind, d.a_text, d.b_text, d.a_value, d.b_value) for d in differences([a, b], people_names, gazetteer)]
    assert got == expected


def test_sentence_without_counterpart_is_missing(people_names, gazetteer):
    a = _article("The ministry said 700 people returned. Armenia said 2,317 of its fighters were killed.", "a.txt")
    b = _article("The ministry said 700 people returned.", "b.txt")
    (only,) = differences([a, b], people_names, gazetteer)
    assert isinstance(only, Difference)
    assert (only.kind, only.a_file, only.a_text, only.a_value) == ("missing", "a.txt", "2,317", "2317")
    assert (only.b_file, only.b_text, only.b_sentence) == ("b.txt", "", "")


def test_align_needs_a_positive_threshold(corpus):
    with pytest.raises(ValueError, match="above 0"):
        align([corpus[S000], corpus[S002]], threshold=0)


def test_repeated_sentences_pair_in_text_order():
    # Sentences with the same words score 1.0 and are paired first, the n-th with the n-th, as the greedy
    # matching over all pairs did; the unpaired repeat is missing from the shorter text.
    line = "Residents of Kalbajar left 700 homes on Sunday before the deadline."
    a = _article(" ".join([line] * 3), "a.txt")
    b = _article(" ".join([line] * 2), "b.txt")
    pairs = align([a, b])
    assert [(p.a_span, p.b_span, p.score) for p in pairs] == [
        (a.sentences[1], b.sentences[1], 1.0),
        (a.sentences[2], b.sentences[2], 1.0),
    ]
    (missing,) = differences([a, b], Gazetteer({}), Gazetteer({}))
    assert (missing.kind, missing.a_start) == ("missing", a.sentences[3][0])


def test_a_repeated_sentence_is_analysed_once_and_claimed_at_each_occurrence():
    from geo import compare

    sentence = "Azerbaijan extended the deadline to November 25 for 2,000 residents of Kalbajar."
    article = parse_article(f"Title\n\n{sentence} {sentence}\n\nAnother line about Lachin on Sunday.", "a.txt")
    first, second = [s for s in compare._analyse(article) if s.text == sentence]
    shift = second.span[0] - first.span[0]
    assert shift == len(sentence) + 1
    for kind in ("dates", "figures"):
        a, b = getattr(first, kind), getattr(second, kind)
        assert a and [c.start + shift for c in a] == [c.start for c in b], kind
        assert [article.text[c.start : c.start + len(c.text)] for c in b] == [c.text for c in b], kind
    assert {k: c.start + shift for k, c in first.names.items()} == {k: c.start for k, c in second.names.items()}
    assert "kalbajar" in second.names


def test_differences_name_the_articles_by_outlet_and_date_for_the_reader(seeds, found):
    names = article_names(seeds)
    (spelling,) = [d for d in found if d.kind == "spelling" and d.b_text == "Hajieyv"]
    assert spelling.describe(names) == (
        "spelling: The Straits Times, 16 Nov 2020 writes 'Hajiyev', The Moscow Times, 15 Nov 2020 writes 'Hajieyv': "
        "one name (hikmet-hajiyev), two spellings"
    )
    (week,) = [d for d in found if d.kind == "date-wording" and d.a_text == "last week" and d.b_file == S004]
    assert "says 'last week' (9 Nov 2020 to 15 Nov 2020)" in week.describe(names)
    (undated,) = [d for d in found if d.kind == "date-wording" and d.a_value == "--11-25" and d.b_file == S002]
    assert "The National, date unknown says 'November 25' (25 Nov)" in undated.describe(names)
    for d in found:
        line = d.describe(names)
        assert S000 not in line and S002 not in line and S004 not in line
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", line), line
    assert S002 in spelling.describe()  # without names: the files, as before
