"""Where the project's files are. Every other module takes its paths from here, never from the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARTICLES = DATA / "articles"
PLACES_CSV = DATA / "places.csv"
PEOPLE_CSV = DATA / "people.csv"
TIMELINE_CSV = DATA / "timeline.csv"
DISTRICTS_GEOJSON = DATA / "districts.geojson"
DISTRICT_AREAS_CSV = DATA / "district_areas.csv"
ARTICLE_METADATA_CSV = ARTICLES / "metadata.csv"
DATA_README = DATA / "README.md"
CACHE = ROOT / ".cache"
