"""Open data: every company and venue as GeoJSON, for anyone to reuse.

/data/companies.geojson and /data/venues.geojson hold what the pages show about each
place that is about the organisation: name, address, position, industry, training,
languages and hours. Names of contact persons, phone numbers and e-mail addresses stay
on the pages only. Coordinates are [longitude, latitude] (RFC 7946); features are sorted
by id, so a rebuild writes the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from site_tools.content.model import Address, Company, GeoPoint, OpeningSlot, Venue
from site_tools.content.validate import Content
from site_tools.outputs.write import SiteWriter

DATA_DIR = "data"


def write_open_data(writer: SiteWriter, content: Content) -> dict[str, str]:
    """Write the GeoJSON files; return their URLs by name ("companies", "venues")."""
    base_url = content.site.base_url.rstrip("/")
    collections = {
        "companies": [_company(company, base_url) for _, company in sorted(content.companies.items())],
        "venues": [_venue(venue, base_url) for _, venue in sorted(content.venues.items())],
    }
    urls = {}
    for name, features in collections.items():
        document = {"type": "FeatureCollection", "features": features}
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        writer.write_bytes(f"{DATA_DIR}/{name}.geojson", text.encode("utf-8"))
        urls[name] = f"/{DATA_DIR}/{name}.geojson"
    return urls


def _feature(record_id: str, geo: GeoPoint, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": record_id,
        "geometry": {"type": "Point", "coordinates": [geo.lon, geo.lat]},
        "properties": properties,
    }


def _address(address: Address) -> dict[str, str]:
    return {"street": address.street, "postcode": address.postcode, "city": address.city}


def _hours(slots: list[OpeningSlot]) -> list[dict[str, Any]]:
    return [
        {"days": list(slot.days), "opens": slot.opens.strftime("%H:%M"), "closes": slot.closes.strftime("%H:%M")}
        for slot in slots
    ]


def _place(record: Company | Venue, url: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A company or venue as a Feature: what both have, then `properties` of its own."""
    return _feature(
        record.id,
        record.geo,
        {
            "name": record.name,
            "url": url,
            "address": _address(record.address),
            "district": record.address.district,
            **properties,
            "languages": record.languages,
            "website": record.contact.website or None,
        },
    )


def _company(company: Company, base_url: str) -> dict[str, Any]:
    # The language-neutral address of the QR code: it sends each visitor to their language.
    return _place(
        company,
        f"{base_url}/companies/{company.id}/",
        {
            "branches": company.branches,
            "occupations": company.occupations,
            "dual_study": company.dual_study,
            "internships": company.internships,
            "open_door_hours": _hours(company.open_door.hours),
        },
    )


def _venue(venue: Venue, base_url: str) -> dict[str, Any]:
    return _place(
        venue,
        f"{base_url}/de/venues/{venue.id}/",
        {
            "kind": venue.kind,
            "operator": venue.operator,
            "opening_hours": _hours(venue.opening_hours),
            "appointment_only": venue.appointment_only,
        },
    )
