"""List pages, 50 cards a page: all offers, companies and venues, and a page per term."""

from __future__ import annotations

from typing import Any

from site_tools.content.model import Company, Offer, Term, Venue
from site_tools.pages.cards import card
from site_tools.pages.common import LanguageSite, Link
from site_tools.pages.i18n import Text
from site_tools.pages.labels import OFFER_FORMAT_LABELS
from site_tools.pages.plan import COST_FREE, PER_PAGE, PageSpec


def list_page(
    site: LanguageSite, spec: PageSpec, title: str, items: list[Any], chips: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    """A page of a list; cards are made only for the items this page shows."""
    start = (spec.number - 1) * PER_PAGE
    heading = title if spec.pages == 1 else f"{title} ({spec.number}/{spec.pages})"
    cards = [card(site, item) for item in items[start : start + PER_PAGE]]
    fallback = any(shown["title"].fallback or (shown["summary"] and shown["summary"].fallback) for shown in cards)
    return "list.html", {
        "page": site.meta(spec, heading, title, has_fallback=fallback),
        "heading": Text(title, site.language, fallback=False),
        "cards": cards,
        "total": len(items),
        "chip_groups": chips,
        "description": None,
        "parent": None,
    }


def offers_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    chips = [
        site.chip_group(_("By life situation"), "target_groups", Offer),
        site.chip_group(_("By topic"), "topics", Offer),
        site.chip_group(_("By district"), "districts", Offer),
        site.chip_group(_("By language"), "languages", Offer),
        _offer_field_chips(site, _("How"), "formats", list(OFFER_FORMAT_LABELS)),
        _offer_field_chips(site, _("Cost"), "cost", [COST_FREE]),
    ]
    return list_page(site, spec, _("Offers"), site.all_active_offers, [group for group in chips if group["links"]])


def _offer_field_chips(site: LanguageSite, title: str, field: str, values: list[str]) -> dict[str, Any]:
    """Links to the filter pages of an offer field (formats/online/, cost/free/) that some offer has."""
    links = [
        Link(_filter_label(site, field, value), site.term_url(field, value))
        for value in values
        if site.index.by_term.get((field, value))
    ]
    return {"title": title, "links": links}


def _filter_label(site: LanguageSite, field: str, value: str) -> str:
    return site._(OFFER_FORMAT_LABELS[value]) if field == "formats" else site._("Free of charge")


def companies_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    chips = [
        site.chip_group(_("By industry"), "branches", Company),
        site.chip_group(_("By district"), "districts", Company),
        site.chip_group(_("By language"), "languages", Company),
    ]
    return list_page(site, spec, _("Companies with an open door"), site.all_companies, chips)


def venues_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    chips = [
        site.chip_group(_("By district"), "districts", Venue),
        site.chip_group(_("By language"), "languages", Venue),
    ]
    return list_page(site, spec, _("Counselling venues"), site.all_venues, chips)


def term_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    """Everything of one term (a life situation, topic, district, industry or language) or offer filter, by kind."""
    taxonomy, term_id = spec.key.split(":", 1)
    term: Term | None = site.content.taxonomies.get(taxonomy, {}).get(term_id)
    items = site.term_items(taxonomy, term_id)
    title = site.loc.label(term.label) if term else _filter_label(site, taxonomy, term_id)
    template, context = list_page(site, spec, title, items, [])
    groups: dict[type, str] = {
        Offer: site._("Offers"),
        Venue: site._("Counselling venues"),
        Company: site._("Companies with an open door"),
    }
    start = (spec.number - 1) * PER_PAGE
    for item_card, item in zip(context["cards"], items[start : start + PER_PAGE], strict=True):
        item_card["group"] = groups[type(item)]
    if taxonomy == "districts" and term:  # place names stay German in every language (districts.yaml)
        context["heading"] = site.loc.name(site.loc.label(term.label))
    context["description"] = site.loc.optional_text(term.description) if term else None
    parents = {
        "branches": Link(site._("Companies with an open door"), site.url("companies/")),
        "districts": Link(site._("Home page"), site.url("")),
        "languages": Link(site._("Home page"), site.url("")),
    }
    context["parent"] = parents.get(taxonomy, Link(site._("Offers"), site.url("offers/")))
    return template, context
