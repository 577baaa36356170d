"""Freshness, as of the build day: reviewed lately and not in the future, offers not ended."""

from __future__ import annotations

import datetime as dt

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.load import RawRecord
from site_tools.content.model import Company, Offer, Venue

STALE_AFTER_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the day `months` months before `day` (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def check_offer(context: CheckContext, source: RawRecord, offer: Offer, valid: Valid) -> None:
    """Check when the offer was reviewed, and warn if it has ended."""
    if valid("reviewed"):
        _check_reviewed(context, source, offer.reviewed)
    if valid("expires") and offer.expires is not None and offer.expires < context.today:
        context.problems.warn(
            source,
            ("expires",),
            f"the offer ended on {offer.expires.isoformat()}; it no longer appears in lists and search",
        )


def check_company(context: CheckContext, source: RawRecord, company: Company, valid: Valid) -> None:
    """Check when the company was reviewed and when it joined."""
    if valid("reviewed"):
        _check_reviewed(context, source, company.reviewed)
    if valid("joined") and company.joined > context.today:
        context.problems.add(source, ("joined",), f"lies in the future ({company.joined.isoformat()})")


def check_venue(context: CheckContext, source: RawRecord, venue: Venue, valid: Valid) -> None:
    """Check when the venue was reviewed."""
    if valid("reviewed"):
        _check_reviewed(context, source, venue.reviewed)


def _check_reviewed(context: CheckContext, source: RawRecord, reviewed: dt.date) -> None:
    if reviewed > context.today:
        context.problems.add(source, ("reviewed",), f"lies in the future ({reviewed.isoformat()})")
    elif reviewed < months_before(context.today, STALE_AFTER_MONTHS):
        context.problems.warn(
            source,
            ("reviewed",),
            f"last checked on {reviewed.isoformat()}, more than {STALE_AFTER_MONTHS} months ago;"
            " check the entry and update the date",
        )
