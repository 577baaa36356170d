"""Dates: an offer's dates in order, and an event with at least one session."""

from __future__ import annotations

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.references import check_venue_reference
from site_tools.content.load import RawRecord
from site_tools.content.model import Offer


def check_offer(context: CheckContext, source: RawRecord, offer: Offer, valid: Valid) -> None:
    """Check the offer's dates and sessions, including the venue each session names."""
    if not valid("dates", "kind"):
        return
    problems = context.problems
    dates = offer.dates
    if dates is None:
        if offer.kind == "event":
            problems.add(source, ("dates",), "an event needs dates with at least one session")
        return
    if dates.start and dates.end and dates.end < dates.start:
        problems.add(source, ("dates", "end"), f"must not be before start ({dates.start.isoformat()})")
    if offer.kind == "event" and not dates.sessions:
        problems.add(source, ("dates", "sessions"), "an event needs at least one session")
    for index, session in enumerate(dates.sessions):
        if session.end is not None and session.end <= session.start:
            problems.add(
                source,
                ("dates", "sessions", index, "end"),
                f"must be after start ({session.start.strftime('%Y-%m-%d %H:%M')})",
            )
        if session.venue is not None:
            check_venue_reference(context, source, ("dates", "sessions", index, "venue"), session.venue)
