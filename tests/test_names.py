"""Name folding and lookup on the real gazetteer."""

import sys
import unicodedata

import pytest

from geo.names import FORMAT_CHAR, Gazetteer, edit_distance, fold, normalise, skeleton


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kəlbəcər", "kelbecer"),
        ("Füzuli", "fuzuli"),
        ("Qubadlı", "qubadli"),  # dotless ı has no decomposition: folded by hand
        ("Ağdam", "agdam"),
        ("ŞUŞA", "susa"),
        ("Кельбаджар", "кельбаджар"),  # Cyrillic keeps its letters; aliases carry the Cyrillic forms
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kalbacar", "Kalbajar"),
        ("Kelbadjar", "Kalbajar"),
        ("Hajieyv", "Hajiyev"),
        ("Fizuli", "Fuzuli"),
        ("Agdam", "Aghdam"),
    ],
)
def test_skeleton_joins_transliterations(a, b):
    assert skeleton(a) == skeleton(b)


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("hajieyv", "hajiyev") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("kalbajar", "x", limit=3) == 4  # capped


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        # spellings real articles use
        ("Agdam", "aghdam"),
        ("Kalbacar", "kalbajar"),
        ("Kelbadjar", "kalbajar"),
        ("Karvachar", "kalbajar"),
        ("Berdzor", "lachin"),  # district and town are both "Lachin / Berdzor": the district wins
        ("Lachin", "lachin"),  # shared by district and town: the district
        ("Fizuli", "fuzuli"),
        ("Khankendi", "stepanakert"),
        ("Stepanakert", "stepanakert"),
        ("Kəlbəcər", "kalbajar"),
        ("Xankəndi", "stepanakert"),
        ("Ханкенди", "stepanakert"),
        ("Степанакерт", "stepanakert"),
        ("Ստեփանակերտ", "stepanakert"),
        ("Շուշի", "shusha"),
        ("Dadivank", "dadivank"),
        ("Charektar", "charektar"),
        ("  kalbajar  ", "kalbajar"),  # case and spaces
    ],
)
def test_lookup_exact_aliases(gazetteer, written, place_id):
    match = gazetteer.lookup(written)
    assert match.id == place_id, match.describe()
    assert match.exact


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        ("Kalbadzar", "kalbajar"),  # a transliteration not listed as an alias
        ("Stepanakertt", "stepanakert"),  # a typo
        ("Dadivanck", "dadivank"),  # an extra letter
        ("Chareektar", "charektar"),
        ("Agdamm", "aghdam"),  # doubled letter
        ("Fizulli", "fuzuli"),
        ("Xankendy", "stepanakert"),
    ],
)
def test_lookup_misspellings_are_found_and_marked_fuzzy(gazetteer, written, place_id):
    match = gazetteer.lookup(written)
    assert match.id == place_id, match.describe()
    assert not match.exact
    assert "read as" in match.describe()


def test_seed_misspelling_of_hajiyev(people_names):
    # 004 writes "Hajieyv" for Hikmet Hajiyev.
    match = people_names.lookup("Hajieyv")
    assert match.id == "hikmet-hajiyev", match.describe()
    assert not match.exact


@pytest.mark.parametrize("written", ["Paris", "Baku", "Yerevan", "Armenia", "Kal", ""])
def test_unknown_names_are_not_found_and_give_candidates(gazetteer, written):
    match = gazetteer.lookup(written)
    assert not match.found
    assert "not found" in match.describe()
    assert len(match.candidates) == 3


def test_not_found_candidates_are_the_nearest(gazetteer):
    match = gazetteer.lookup("Kalbajarovo")
    assert not match.found
    assert match.candidates[0][0] == "kalbajar"


def test_shared_alias_with_equal_priority_is_an_error():
    with pytest.raises(ValueError, match="belongs to both a and b"):
        Gazetteer({"a": ["Martuni"], "b": ["Martuni"]})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Aghdamsky and Kalbajar's valley", [("Kalbajar", "kalbajar")]),  # whole words only
        ("the Kalbajar district", [("Kalbajar district", "kalbajar")]),  # the longest alias wins
        ("Kalbajar, district", [("Kalbajar", "kalbajar")]),  # a comma breaks a multi-word alias
        ("Ch'arek'tar and KƏLBƏCƏR", [("Ch'arek'tar", "charektar"), ("KƏLBƏCƏR", "kalbajar")]),
        ("Степанакерт и Ханкенди", [("Степанакерт", "stepanakert"), ("Ханкенди", "stepanakert")]),
        ("town of Lachin", [("town of Lachin", "lachin-town")]),
        # Format characters (invisible) inside a name do not hide it; the span keeps them.
        ("Kal\u200bbajar and Agh\u00addam", [("Kal\u200bbajar", "kalbajar"), ("Agh\u00addam", "aghdam")]),
        ("\ufeffKalbajar\u200d district", [("Kalbajar\u200d district", "kalbajar")]),
        ("La\u2060chin\u200c", [("La\u2060chin", "lachin")]),
    ],
)
def test_scan_finds_aliases_in_running_text(gazetteer, text, found):
    assert [(text[a:b], entry) for a, b, entry in gazetteer.scan(fold(text))] == found


def test_normalise_collapses_punctuation():
    assert normalise("  Stepanakert / Khankendi ") == "stepanakert khankendi"


def test_format_char_covers_every_format_character():
    # The class is written out (building it at import walks every code point); check it against the running
    # Python's Unicode tables, which may be older than the list but never newer than Unicode 15.
    missing = [hex(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    missing = [c for c in missing if not FORMAT_CHAR.match(chr(int(c, 16)))]
    assert missing == []


def test_normalise_drops_format_characters_and_fold_keeps_length():
    assert normalise("Kal\u200bbajar\u00ad") == "kalbajar"
    assert len(fold("Kal\u200bbajar\ufeff")) == len("Kal\u200bbajar\ufeff")


@pytest.mark.parametrize(
    "query",
    [
        "Kalbajar",  # exact
        "Kelbajar",
        "Kalbadzhar",  # an alias
        "Kalbajarr",
        "Klbajar",
        "Kalbjaar",  # one edit, a swap
        "Stepanakret",
        "Khankendy",
        "Aghdamm",
        "Fizuli",
        "Lachinn",
        "Shushi",
        "Qubadly",
        "Zangelan",
        "Dadivanq",
        "Hadrud",
        "Xojavend",  # fuzzy: one entry within reach
        "Kalbajarovo",
        "Lach",
        "Qbcdfgh",
        "Martakert",  # not found
    ],
)
def test_resolve_is_lookups_id(gazetteer, query):
    assert gazetteer.resolve(query) == gazetteer.lookup(query).id
