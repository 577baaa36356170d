"""Lighthouse on the built site, served as the host would serve it: its headers, gzip, 127.0.0.1.

    python -m site_tools.tools.bench --lighthouse             # builds the example site first
    python -m site_tools.tools.bench --lighthouse --site public

Figures for the closing note, not assertions: Lighthouse's performance score moves with the
machine's load (it simulates a slow phone from what it measures here).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from site_tools.errors import BuildError
from site_tools.paths import NODE_MODULES
from site_tools.tools.netlify import read_host_rules
from site_tools.tools.serve import serve_folder

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMEOUT_SECONDS = 300
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


@dataclass
class PageScores:
    path: str
    scores: dict[str, int]  # category -> 0..100
    failed: list[str]  # audits below a perfect score in the categories that are not 100


def example_pages(site: Path) -> list[str]:
    """Home, an offer, a company, the map and search, in German and Arabic."""
    pages = []
    for language in ("de", "ar"):
        offer = sorted((site / language / "offers").glob("*/index.html"))[0].parent.name
        company = sorted((site / language / "companies").glob("*/index.html"))[0].parent.name
        pages += [
            f"/{language}/",
            f"/{language}/offers/{offer}/",
            f"/{language}/companies/{company}/",
            f"/{language}/map/",
            f"/{language}/search/",
        ]
    return pages


def run_lighthouse(site: Path, paths: list[str], chromium: str) -> list[PageScores]:
    """Score each page with Lighthouse's defaults: a mid-range phone on a throttled connection."""
    cli = NODE_MODULES / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        raise BuildError(f"Lighthouse is not installed: run `make setup` ({cli})")
    results = []
    with serve_folder(site, rules=read_host_rules(site), compress=True) as base:
        for path in paths:
            command = [
                "node",
                str(cli),
                base + path,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ]
            run = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env={**os.environ, "CHROME_PATH": chromium},
            )
            if run.returncode != 0:
                raise BuildError(f"Lighthouse failed on {path}: {run.stderr.strip()[-500:]}")
            results.append(_scores(path, json.loads(run.stdout)))
    return results


def _scores(path: str, report: dict[str, object]) -> PageScores:
    categories: dict[str, dict[str, object]] = report["categories"]  # type: ignore[assignment]
    audits: dict[str, dict[str, object]] = report["audits"]  # type: ignore[assignment]
    scores = {name: round(float(categories[name]["score"] or 0) * 100) for name in CATEGORIES}  # type: ignore[arg-type]
    failed = []
    for name in CATEGORIES:
        if scores[name] == 100:
            continue
        for reference in categories[name]["auditRefs"]:  # type: ignore[attr-defined]
            audit = audits[reference["id"]]
            score = audit.get("score")
            if reference.get("weight") and score is not None and float(score) < 1:  # type: ignore[arg-type]
                failed.append(f"{name}: {reference['id']} ({audit.get('displayValue', score)})")
    return PageScores(path, scores, failed)


def score_table(results: list[PageScores]) -> list[str]:
    """A Markdown table: one row per page, one column per category; then what cost points."""
    lines = ["| page | " + " | ".join(CATEGORIES) + " |", "|---|" + "---|" * len(CATEGORIES)]
    lines += [f"| `{r.path}` | " + " | ".join(str(r.scores[name]) for name in CATEGORIES) + " |" for r in results]
    for result in results:
        lines += [f"  {result.path}: {failure}" for failure in result.failed]
    return lines
