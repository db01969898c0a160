"""Shared fixtures: the real data, loaded once per test session."""

import pytest

from geo import paths
from geo.corpus import load_corpus
from geo.names import people_gazetteer, place_gazetteer
from geo.places import load_people, load_places
from geo.timeline import load_timeline

SEED_FILES = ("000_60ec3c07fbdbac85.txt", "002_353686bb8fdbdf8e.txt", "004_f0ae970b1b167635.txt")


@pytest.fixture(scope="session")
def places():
    return load_places()


@pytest.fixture(scope="session")
def people():
    return load_people()


@pytest.fixture(scope="session")
def gazetteer(places):
    return place_gazetteer(places)


@pytest.fixture(scope="session")
def people_names(people):
    return people_gazetteer(people)


@pytest.fixture(scope="session")
def corpus():
    return {a.file: a for a in load_corpus(paths.ARTICLES)}


@pytest.fixture(scope="session")
def events(places):
    return load_timeline(places=places)
