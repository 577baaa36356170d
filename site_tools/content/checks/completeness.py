"""Completeness: what a record must say beyond its required fields to be usable and publishable."""

from __future__ import annotations

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.problems import Loc
from site_tools.content.load import RawRecord
from site_tools.content.model import Company, Contact, Offer, OfferContact, Venue


def check_offer(context: CheckContext, source: RawRecord, offer: Offer, valid: Valid) -> None:
    """Check that the offer says what it costs and how to get in touch."""
    if valid("cost") and not offer.cost.free and offer.cost.fee is None:
        context.problems.add(source, ("cost", "fee"), "is required when the offer is not free: say what it costs")
    if valid("contact"):
        _check_contact(context, source, ("contact",), offer.contact)


def check_company(context: CheckContext, source: RawRecord, company: Company, valid: Valid) -> None:
    """Check the company's consent to be published, and how to get in touch."""
    if valid("consent") and not company.consent:
        context.problems.add(
            source,
            ("consent",),
            "must be true: the company confirms that this entry may be published",
        )
    if valid("contact"):
        _check_contact(context, source, ("contact",), company.contact)


def check_venue(context: CheckContext, source: RawRecord, venue: Venue, valid: Valid) -> None:
    """Check how to get in touch with the venue."""
    if valid("contact"):
        _check_contact(context, source, ("contact",), venue.contact)


def _check_contact(context: CheckContext, source: RawRecord, loc: Loc, contact: Contact) -> None:
    ways = [contact.phone, contact.email, contact.website]
    if isinstance(contact, OfferContact):
        ways.append(contact.registration_url)
    if not any(ways):
        context.problems.add(source, loc, "give at least one way to get in touch: phone, email or website")
