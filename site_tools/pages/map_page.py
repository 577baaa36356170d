"""The campaign map page: its filters, and every company as a plain list by district."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from site_tools.content.model import Company
from site_tools.pages.common import LanguageSite, Link
from site_tools.pages.plan import PageSpec


def map_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    companies = site.content.companies
    venues = site.content.venues
    used = {
        "branches": {b for c in companies.values() for b in c.branches},
        "occupations": {o for c in companies.values() for o in c.occupations},
        "districts": {c.address.district for c in companies.values()} | {v.address.district for v in venues.values()},
    }
    filters = [
        {"name": name, "label": label, "options": site.options(taxonomy, used[taxonomy])}
        for name, taxonomy, label in [
            ("branch", "branches", _("Industry")),
            ("occupation", "occupations", _("Training as")),
            ("district", "districts", _("District")),
        ]
    ]
    spoken = {code for c in companies.values() for code in c.languages} | {
        code for v in venues.values() for code in v.languages
    }
    languages = sorted(
        ({"value": code, "label": site.loc.language_name(code)} for code in spoken), key=lambda o: o["label"]
    )
    filters.append({"name": "language", "label": _("Language spoken"), "options": languages})
    by_district: dict[str, list[Company]] = defaultdict(list)
    for company in companies.values():
        by_district[company.address.district].append(company)
    groups = [
        {
            "district": option["label"],
            "companies": [Link(c.name, site.company_url(c)) for c in site.by_name(by_district[option["value"]])],
        }
        for option in site.options("districts", set(by_district))
    ]
    return "map.html", {
        "page": site.meta(spec, _("Map"), _("Companies with an open door and counselling venues on a map")),
        "map_script": site.assets[f"map_script_{site.language}"],
        "map": site.map_settings,
        # Monday first, as in the marker data's hours; "|" because no day name contains it.
        "weekdays": "|".join(site.loc.weekday_abbreviations.values()),
        "filters": filters,
        "groups": groups,
        "company_count": len(companies),
    }
