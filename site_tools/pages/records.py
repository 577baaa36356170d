"""A page per record: an offer, a company with an open door, a counselling venue."""

from __future__ import annotations

from typing import Any

from site_tools.pages.cards import offer_card
from site_tools.pages.common import LanguageSite, Link
from site_tools.pages.labels import OFFER_FORMAT_LABELS, OFFER_KIND_LABELS, VENUE_KIND_LABELS
from site_tools.pages.markup import render_markdown
from site_tools.pages.plan import PageSpec
from site_tools.pages.qr import qr_svg


def offer_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    offer = site.content.offers[spec.key]
    loc = site.loc
    venues = [site.content.venues[v] for v in offer.venues if v in site.content.venues]
    sessions = []
    if offer.dates is not None:
        for session in offer.dates.sessions:
            venue = site.content.venues.get(session.venue or "")
            sessions.append(
                {
                    "past": (session.end or session.start).date() < site.index.today,
                    "start": loc.datetime(session.start),
                    "end": loc.time(session.end.time()) if session.end else "",
                    "venue": Link(venue.name, site.venue_url(venue)) if venue else None,
                    "registration_url": session.registration_url or "",
                }
            )
    texts = [loc.text(offer.title), loc.text(offer.summary), loc.text(offer.description)]
    description = loc.text(offer.description)
    expired = site.index.is_expired(offer)
    search = site.search_facets(
        "offer",
        texts[1].value,
        target_groups=offer.target_groups,
        topics=offer.topics,
        districts=offer.districts,
        citywide=offer.citywide,
        languages=offer.languages,
        free=offer.cost.free,
        title=texts[0],
        text=description,
    )
    return "offer.html", {
        "page": site.meta(spec, texts[0].value, texts[1].value, has_fallback=any(t.fallback for t in texts)),
        "offer": offer,
        "title": texts[0],
        "summary": texts[1],
        "description": description,
        "description_html": render_markdown(description.value, shift=1, highest=3),
        "kind": _(OFFER_KIND_LABELS[offer.kind]),
        "expired": expired,
        "search": None if expired else search,  # an ended offer is not found by search
        "expired_on": loc.date(offer.expires) if offer.expires else "",
        "target_groups": site.term_links("target_groups", offer.target_groups),
        "topics": site.term_links("topics", offer.topics),
        "districts": site.term_links("districts", offer.districts),
        "venues": [Link(v.name, site.venue_url(v)) for v in venues],
        "formats": loc.join([_(OFFER_FORMAT_LABELS[f]) for f in offer.formats]),
        "languages": loc.join([loc.language_name(code) for code in offer.languages]),
        "fee": loc.optional_text(offer.cost.fee),
        "funding": loc.join(site.term_labels("funding", offer.cost.funding)),
        "starts": loc.date(offer.dates.start) if offer.dates and offer.dates.start else "",
        "ends": loc.date(offer.dates.end) if offer.dates and offer.dates.end else "",
        "sessions": sessions,
        "requirements": loc.optional_text(offer.requirements),
        "duration": loc.optional_text(offer.duration),
        "reviewed": loc.date(offer.reviewed),
    }


def company_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    company = site.content.companies[spec.key]
    loc = site.loc
    description = loc.text(company.description)
    texts = [description, loc.text(company.open_door.ask_for)]
    # One address for all languages: it sends each visitor on to their own language.
    qr_url = site.absolute(f"/companies/{company.id}/")
    return "company.html", {
        "page": site.meta(spec, company.name, description.value, has_fallback=any(t.fallback for t in texts)),
        "company": company,
        "description": description,
        "branches": site.term_links("branches", company.branches),
        "district": site.district_link(company.address.district),
        "occupations": site.term_labels("occupations", company.occupations),
        "hours": site.hours(company.open_door.hours),
        "ask_for": loc.text(company.open_door.ask_for),
        "ask_about": loc.optional_text(company.open_door.ask_about),
        "languages": loc.join([loc.language_name(code) for code in company.languages]),
        "accessibility_note": loc.optional_text(company.accessibility.note) if company.accessibility else None,
        "step_free": company.accessibility.step_free if company.accessibility else None,
        "joined": loc.date(company.joined),
        "reviewed": loc.date(company.reviewed),
        "place": site.place(company.name, company.geo),
        "qr_url": qr_url,
        "qr_svg": qr_svg(qr_url),
        "campaign": site.loc.label(site.site.campaign.name),
        "search": site.search_facets(
            "company",
            description.value,
            branches=company.branches,
            districts=[company.address.district],
            languages=company.languages,
            title=loc.name(company.name),
            text=description,
        ),
    }


def venue_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    venue = site.content.venues[spec.key]
    loc = site.loc
    description = loc.optional_text(venue.description)
    offers = site.sorted_offers(site.index.offers_at_venue.get(venue.id, []))
    texts = [t for t in (description, loc.optional_text(venue.appointment), loc.optional_text(venue.transit)) if t]
    return "venue.html", {
        "page": site.meta(
            spec,
            venue.name,
            description.value if description else venue.name,
            has_fallback=any(t.fallback for t in texts),
        ),
        "venue": venue,
        "kind": _(VENUE_KIND_LABELS[venue.kind]),
        "description": description,
        "district": site.district_link(venue.address.district),
        "hours": site.hours(venue.opening_hours, closed_days=True),
        "appointment": loc.optional_text(venue.appointment),
        "transit": loc.optional_text(venue.transit),
        "languages": loc.join([loc.language_name(code) for code in venue.languages]),
        "accessibility_note": loc.optional_text(venue.accessibility.note) if venue.accessibility else None,
        "step_free": venue.accessibility.step_free if venue.accessibility else None,
        "offers": [offer_card(site, offer) for offer in offers],
        "reviewed": loc.date(venue.reviewed),
        "place": site.place(venue.name, venue.geo),
        "search": site.search_facets(
            "venue",
            description.value if description else _(VENUE_KIND_LABELS[venue.kind]),
            districts=[venue.address.district],
            languages=venue.languages,
            title=loc.name(venue.name),
            text=description,
        ),
    }
