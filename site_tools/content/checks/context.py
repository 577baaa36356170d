"""What every check is given: where to report, and what it knows beyond one record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_tools.content.checks.problems import Problems
from site_tools.content.load import RawRecord
from site_tools.content.model import SiteConfig, Term

# `valid(*fields)` tells whether those top-level fields of a record passed its shape.
Valid = Callable[..., bool]


# Sent to every worker process as it is (site_tools/parallel.py): it must stay picklable.
@dataclass(frozen=True)
class CheckContext:
    """The problems collector and what checks need beyond one record."""

    problems: Problems
    site: SiteConfig | None
    taxonomies: dict[str, dict[str, Term]]
    # Every id written in a taxonomy file, valid or not: a reference to a broken term
    # is not reported again as unknown.
    term_ids: dict[str, set[str]]
    venue_ids: set[str]
    today: dt.date
    root: Path


# One concern's check of one record; each record check receives `valid`, so a record
# with shape errors is checked only where the fields a check needs are valid.
RecordCheck = Callable[[CheckContext, RawRecord, Any, Valid], None]
