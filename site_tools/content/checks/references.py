"""References: taxonomy terms and venues a record names must exist, and once each."""

from __future__ import annotations

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.hints import did_you_mean, did_you_mean_language
from site_tools.content.checks.problems import Loc, Problems
from site_tools.content.load import RawRecord
from site_tools.content.model import Company, Offer, Venue

# How a taxonomy's entries are called in messages.
TERM_NAMES = {
    "target_groups": "target group",
    "topics": "topic",
    "branches": "branch",
    "boroughs": "borough",
    "districts": "district",
    "languages": "language",
    "occupations": "occupation",
    "funding": "funding type",
}


def check_offer(context: CheckContext, source: RawRecord, offer: Offer, valid: Valid) -> None:
    """Check the offer's terms and venues (the venues of its sessions: dates.py)."""
    for name in ("target_groups", "topics", "districts", "languages"):
        if valid(name):
            check_terms(context, source, (name,), getattr(offer, name), name)
    if valid("cost"):
        check_terms(context, source, ("cost", "funding"), offer.cost.funding, "funding")
    if valid("venues"):
        report_duplicates(context.problems, source, ("venues",), offer.venues)
        for index, venue_id in enumerate(offer.venues):
            check_venue_reference(context, source, ("venues", index), venue_id)


def check_company(context: CheckContext, source: RawRecord, company: Company, valid: Valid) -> None:
    """Check the company's terms."""
    for name in ("branches", "occupations", "languages"):
        if valid(name):
            check_terms(context, source, (name,), getattr(company, name), name)
    if valid("address"):
        check_terms(context, source, ("address", "district"), [company.address.district], "districts", single=True)


def check_venue(context: CheckContext, source: RawRecord, venue: Venue, valid: Valid) -> None:
    """Check the venue's terms."""
    if valid("languages"):
        check_terms(context, source, ("languages",), venue.languages, "languages")
    if valid("address"):
        check_terms(context, source, ("address", "district"), [venue.address.district], "districts", single=True)


def check_terms(
    context: CheckContext, source: RawRecord, loc: Loc, values: list[str], taxonomy: str, *, single: bool = False
) -> None:
    """Report each of `values` not in `taxonomy` (and, for a list, each listed twice)."""
    known = context.term_ids.get(taxonomy)
    if known is None:  # the taxonomy file itself is missing or unreadable; its own errors say why
        return
    if not single:
        report_duplicates(context.problems, source, loc, values)
    for index, value in enumerate(values):
        if value in known:
            continue
        where = loc if single else (*loc, index)
        context.problems.add(
            source,
            where,
            f'unknown {TERM_NAMES[taxonomy]} "{value}"{_term_hint(context, value, taxonomy, known)}'
            f" (see taxonomies/{taxonomy}.yaml)",
        )


def check_venue_reference(context: CheckContext, source: RawRecord, loc: Loc, value: str) -> None:
    """Report `value` if there is no venue file of that id."""
    if value not in context.venue_ids:
        context.problems.add(
            source,
            loc,
            f'unknown venue "{value}"{did_you_mean(value, context.venue_ids)} (no file venues/{value}.yaml)',
        )


def report_duplicates(problems: Problems, source: RawRecord, loc: Loc, values: list[str]) -> None:
    """Report each value listed a second time, at that second place."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            problems.add(source, (*loc, index), f'"{value}" is listed twice')
        seen.add(value)


def _term_hint(context: CheckContext, value: str, taxonomy: str, known: set[str]) -> str:
    """Suggest the id for a typo, a label written instead of an id, or a start of a label."""
    if taxonomy == "languages":
        hint = did_you_mean_language(value, known)
        if hint:
            return hint
    wanted = value.strip().lower()
    labels = [
        (term_id, text.lower())
        for term_id, term in context.taxonomies.get(taxonomy, {}).items()
        for text in term.label.root.values()
    ]
    exact = sorted(term_id for term_id, label in labels if label == wanted)
    # "Gastronomie" for "Gastronomie und Hotellerie"; short words would match too much.
    starts = sorted(term_id for term_id, label in labels if len(wanted) >= 4 and label.startswith(wanted))
    if exact or starts:
        return f'; did you mean "{(exact or starts)[0]}"?'
    return did_you_mean(wanted, known)
