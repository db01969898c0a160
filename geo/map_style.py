"""How control looks, wherever a map of it is drawn: the app's and the published page's Leaflet map
(:mod:`geo.mapping`), the picture of a day (:mod:`geo.picture`) and the timeline chart (:mod:`geo.charts`)."""

from __future__ import annotations

from geo.timeline import CONTROL_LABELS

# Okabe-Ito colours (safe for the common colour-vision deficiencies). Control is also told by the label on
# each district and, for divided control, by a dashed outline, so colour is never the only cue.
CONTROL_STYLE = {
    "armenian": {
        "fill": "#E69F00",
        "line": "#8a5d00",
        "dash": "",
        "label": CONTROL_LABELS["armenian"],
        "short": "Arm.",
    },
    "azerbaijani": {
        "fill": "#0072B2",
        "line": "#004a75",
        "dash": "",
        "label": CONTROL_LABELS["azerbaijani"],
        "short": "Az.",
    },
    "mixed": {
        "fill": "#CC79A7",
        "line": "#6b2f55",
        "dash": "6 4",
        "label": CONTROL_LABELS["mixed"],
        "short": "Div.",
    },
}
NEUTRAL_STYLE = {
    "fillColor": "#bbbbbb",
    "color": "#555555",
    "weight": 1.5,
    "fillOpacity": 0.5,
    "dashArray": "",
}
FILL_OPACITY = 0.55
MARKER_RADIUS = {"district": 7, "city": 8, "town": 6, "village": 5, "monastery": 6}
