"""Hours: each opening slot closes after it opens and names each day once."""

from __future__ import annotations

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.problems import Loc
from site_tools.content.checks.references import report_duplicates
from site_tools.content.load import RawRecord
from site_tools.content.model import Company, OpeningSlot, Venue


def check_company(context: CheckContext, source: RawRecord, company: Company, valid: Valid) -> None:
    """Check the hours of the company's open door."""
    if valid("open_door"):
        _check_slots(context, source, ("open_door", "hours"), company.open_door.hours)


def check_venue(context: CheckContext, source: RawRecord, venue: Venue, valid: Valid) -> None:
    """Check the venue's opening hours, and that it has some unless it is by appointment only."""
    if valid("opening_hours"):
        _check_slots(context, source, ("opening_hours",), venue.opening_hours)
    if valid("opening_hours", "appointment_only") and not venue.opening_hours and not venue.appointment_only:
        context.problems.add(source, ("opening_hours",), "give the opening hours, or set appointment_only: true")


def _check_slots(context: CheckContext, source: RawRecord, loc: Loc, slots: list[OpeningSlot]) -> None:
    for index, slot in enumerate(slots):
        if slot.closes <= slot.opens:
            context.problems.add(
                source,
                (*loc, index, "closes"),
                f"must be after opens ({slot.opens.strftime('%H:%M')})",
            )
        report_duplicates(context.problems, source, (*loc, index, "days"), list(slot.days))
