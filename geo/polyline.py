"""Polygons in the encoded-polyline format (Google's), about four characters a point instead of eighteen as JSON
numbers; the map's script decodes them (``handover_map.js``, ``decode``)."""

from __future__ import annotations

from collections.abc import Sequence

# Coordinates embedded in the map: 4 decimals is ~10 m, far finer than Natural Earth's lines; saves bytes.
MAP_DECIMALS = 4


def encode_ring(ring: Sequence[Sequence[float]], precision: int = MAP_DECIMALS) -> str:
    """A ring of GeoJSON ``[lon, lat]`` positions in the encoded-polyline format (lat, lon deltas, base64-ish).

    About four characters a point instead of eighteen as JSON numbers; the base script decodes it (``kbDecode``).
    """
    factor = 10**precision
    out, last_lat, last_lon = [], 0, 0
    for lon, lat, *_ in ring:
        lat_i, lon_i = round(lat * factor), round(lon * factor)
        for delta in (lat_i - last_lat, lon_i - last_lon):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last_lat, last_lon = lat_i, lon_i
    return "".join(out)


def encode_geometry(geometry: dict) -> list[list[str]]:
    """A GeoJSON Polygon or MultiPolygon as a list of polygons, each a list of encoded rings (outer first)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[encode_ring(ring) for ring in polygon] for polygon in polygons]
