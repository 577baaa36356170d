"""Places: points inside the map area, the map's own settings, where an offer applies."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.problems import Loc
from site_tools.content.load import RawRecord
from site_tools.content.model import Company, GeoPoint, MapConfig, Offer, Venue

# A tile server's host, with an optional port; "{s}." subdomains are allowed too.
_TILE_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?")
_NOT_IN_TILE_URL = re.compile(r"[\s;,'\"<>\\]")


def check_offer(context: CheckContext, source: RawRecord, offer: Offer, valid: Valid) -> None:
    """Check that the offer is either for the whole city or for some districts."""
    if valid("citywide", "districts"):
        if offer.citywide and offer.districts:
            context.problems.add(source, ("citywide",), "say either citywide: true or list districts, not both")
        if not offer.citywide and not offer.districts:
            context.problems.add(source, ("districts",), "list the districts the offer is for, or set citywide: true")


def check_company(context: CheckContext, source: RawRecord, company: Company, valid: Valid) -> None:
    """Check that the company is on the map."""
    if valid("geo"):
        _check_point(context, source, ("geo",), company.geo)


def check_venue(context: CheckContext, source: RawRecord, venue: Venue, valid: Valid) -> None:
    """Check that the venue is on the map."""
    if valid("geo"):
        _check_point(context, source, ("geo",), venue.geo)


def check_map_settings(context: CheckContext, source: RawRecord, map_config: MapConfig) -> None:
    """Check site.yaml's map: bounds the right way round, the centre inside, a usable tile address."""
    bounds = map_config.bounds
    if bounds.south >= bounds.north:
        context.problems.add(source, ("map", "bounds", "north"), "must be north of south (a larger latitude)")
    if bounds.west >= bounds.east:
        context.problems.add(source, ("map", "bounds", "east"), "must be east of west (a larger longitude)")
    bounds_valid = bounds.south < bounds.north and bounds.west < bounds.east
    if bounds_valid and not bounds.contains(map_config.center.lat, map_config.center.lon):
        context.problems.add(source, ("map", "center"), "must lie inside map.bounds")
    tile_url = map_config.tiles.url
    if not tile_url.startswith(("https://", "http://")) or any(part not in tile_url for part in ("{z}", "{x}", "{y}")):
        context.problems.add(
            source,
            ("map", "tiles", "url"),
            'must be a tile address with {z}, {x} and {y}, e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png"',
        )
    elif not _TILE_HOST.fullmatch(urlsplit(tile_url.replace("{s}", "s")).netloc) or _NOT_IN_TILE_URL.search(tile_url):
        # The host goes into the Content-Security-Policy (host_headers.py): a plain host name, nothing more.
        context.problems.add(
            source,
            ("map", "tiles", "url"),
            'must be a plain address: a host of letters, digits, "-" and ".", then a path without spaces,'
            ' quotes, ";" or ","',
        )


def _check_point(context: CheckContext, source: RawRecord, loc: Loc, point: GeoPoint) -> None:
    if context.site is None:
        return
    bounds = context.site.map.bounds
    if bounds.contains(point.lat, point.lon):
        return
    area = (
        f"the map area of {context.site.city} (lat {bounds.south:g} to {bounds.north:g},"
        f" lon {bounds.west:g} to {bounds.east:g})"
    )
    if bounds.contains(point.lon, point.lat):
        message = f"lies outside {area}; lat and lon look swapped"
    else:
        message = f"lat {point.lat:g}, lon {point.lon:g} lies outside {area}"
    context.problems.add(source, (*loc, "lat"), message)
