"""Generate a large synthetic content folder for benchmarks.

    python -m site_tools.tools.fake --companies 10000 --offers 3000 --venues 500 --out /tmp/big

The site config, taxonomies, pages and assets are copied from an existing content folder
(the example by default); records are generated with Faker and reference only ids that
exist there, so `python build.py validate --content /tmp/big` accepts the result.
The same --seed gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any, get_args

import click
import yaml
from faker import Faker

from site_tools.content.model import OfferFormat, OfferKind, VenueKind
from site_tools.content.scalars import WEEKDAYS, suggest_id
from site_tools.content.strict_yaml import parse_yaml
from site_tools.paths import EXAMPLE_CONTENT

# Faker locale for each site language's filler text.
FAKER_LOCALES = {"de": "de_DE", "en": "en_US", "tr": "tr_TR", "ar": "ar_AA", "uk": "uk_UA"}
OFFER_KINDS: tuple[str, ...] = get_args(OfferKind)
OFFER_FORMATS: tuple[str, ...] = get_args(OfferFormat)
VENUE_KINDS = tuple(kind for kind in get_args(VenueKind) if kind != "other")
# Share of records that carry every site language (the rest: German only).
TRANSLATED_SHARE = 0.6


class ContentFaker:
    """Makes records that fit the taxonomies and site of a template content folder."""

    def __init__(self, template: Path, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        site = parse_yaml((template / "site.yaml").read_bytes())
        self.languages: list[str] = list(site["languages"])
        bounds = site["map"]["bounds"]
        self.bounds = tuple(float(bounds[side]) for side in ("south", "west", "north", "east"))
        self.terms = {
            path.stem: list(parse_yaml(path.read_bytes())) for path in sorted((template / "taxonomies").glob("*.yaml"))
        }
        self.fakers = {language: Faker(FAKER_LOCALES.get(language, "en_US")) for language in self.languages}
        for index, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed + index)
        self.de = self.fakers["de"]
        self.venue_ids: list[str] = []

    # shared parts

    def _texts(self, make: str, **kwargs: Any) -> dict[str, str]:
        languages = self.languages if self.rng.random() < TRANSLATED_SHARE else ["de"]
        return {language: getattr(self.fakers[language], make)(**kwargs) for language in languages}

    def _some(self, taxonomy: str, low: int, high: int) -> list[str]:
        terms = self.terms[taxonomy]
        return self.rng.sample(terms, self.rng.randint(low, min(high, len(terms))))

    def _spoken(self) -> list[str]:
        others = [code for code in self.terms["languages"] if code != "de"]
        return ["de", *self.rng.sample(others, self.rng.randint(0, 3))]

    def _address(self) -> dict[str, str]:
        return {
            "street": self.de.street_address(),
            "postcode": str(self.rng.randint(44787, 44894)),
            "city": "Bochum",
            "district": self.rng.choice(self.terms["districts"]),
        }

    def _geo(self) -> dict[str, float]:
        south, west, north, east = self.bounds
        margin = 0.01
        return {
            "lat": round(self.rng.uniform(south + margin, north - margin), 5),
            "lon": round(self.rng.uniform(west + margin, east - margin), 5),
        }

    def _hours(self) -> list[dict[str, Any]]:
        first = self.rng.randint(0, 3)
        opens = self.rng.choice((8, 9, 10, 13, 14))
        slot = {
            "days": list(WEEKDAYS[first : first + self.rng.randint(1, 5)]),
            "opens": f"{opens:02d}:00",
            "closes": f"{opens + self.rng.randint(1, 4):02d}:{self.rng.choice(('00', '30'))}",
        }
        return [slot]

    def _contact(self, domain: str) -> dict[str, str]:
        return {
            "person": self.de.name(),
            "phone": f"0234 0{self.rng.randint(100000, 999999)}",
            "email": f"kontakt@{domain}.example",
            "website": f"https://{domain}.example/",
        }

    def _recent(self, days: int = 330) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(0, days))

    # records

    def venue(self, number: int) -> tuple[str, dict[str, Any]]:
        name = f"{self.de.last_name()}-Treff {self.de.city_suffix()} {number}"
        record_id = f"{suggest_id(name)}"
        self.venue_ids.append(record_id)
        appointment_only = self.rng.random() < 0.1
        return record_id, {
            "name": name,
            "kind": self.rng.choice(VENUE_KINDS),
            "operator": self.de.company(),
            "description": self._texts("paragraph", nb_sentences=3),
            "address": self._address(),
            "geo": self._geo(),
            "opening_hours": [] if appointment_only else self._hours(),
            "appointment_only": appointment_only,
            "languages": self._spoken(),
            "accessibility": {"step_free": self.rng.random() < 0.7},
            "transit": self._texts("sentence"),
            "contact": self._contact(record_id),
            "reviewed": self._recent(),
        }

    def company(self, number: int) -> tuple[str, dict[str, Any]]:
        name = self.de.company()
        record_id = f"{suggest_id(name)}-{number}"
        return record_id, {
            "name": name,
            "description": self._texts("paragraph", nb_sentences=3),
            "branches": self._some("branches", 1, 2),
            "address": self._address(),
            "geo": self._geo(),
            "occupations": self._some("occupations", 0, 4),
            "internships": self.rng.random() < 0.5,
            "open_door": {
                "hours": self._hours(),
                "ask_for": self._texts("name"),
                "ask_about": self._texts("sentence"),
            },
            "contact": self._contact(record_id),
            "languages": self._spoken(),
            "accessibility": {"step_free": self.rng.random() < 0.6},
            "joined": self._recent(900),
            "consent": True,
            "reviewed": self._recent(),
        }

    def offer(self, number: int) -> tuple[str, dict[str, Any]]:
        kind = self.rng.choice(OFFER_KINDS)
        title = self._texts("catch_phrase") if self.rng.random() < 0.5 else {"de": self.de.catch_phrase()}
        record_id = f"{suggest_id(title['de'])[:60].strip('-')}-{number}"
        citywide = self.rng.random() < 0.3
        free = self.rng.random() < 0.8
        record: dict[str, Any] = {
            "title": title,
            "summary": {language: self.fakers[language].sentence() for language in title},
            "description": {language: "\n\n".join(self.fakers[language].paragraphs(nb=3)) + "\n" for language in title},
            "kind": kind,
            "provider": {"name": self.de.company(), "website": f"https://traeger-{number}.example/"},
            "target_groups": self._some("target_groups", 1, 3),
            "topics": self._some("topics", 1, 3),
            "citywide": citywide,
            "districts": [] if citywide else self._some("districts", 1, 3),
            "venues": self.rng.sample(self.venue_ids, min(len(self.venue_ids), self.rng.randint(0, 2))),
            "formats": self.rng.sample(OFFER_FORMATS, self.rng.randint(1, 2)),
            "languages": self._spoken(),
            "cost": {"free": True}
            if free
            else {
                "free": False,
                "fee": {"de": f"{self.rng.randint(5, 60) * 10} €"},
                "funding": self._some("funding", 0, 2),
            },
            "contact": {"email": f"anmeldung-{number}@traeger-{number}.example"},
            "reviewed": self._recent(),
        }
        if kind == "event":
            start = dt.datetime.combine(self.today, dt.time(17, 0)) + dt.timedelta(days=self.rng.randint(1, 200))
            session: dict[str, Any] = {
                "start": start.strftime("%Y-%m-%d %H:%M"),
                "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            }
            if self.venue_ids:
                session["venue"] = self.rng.choice(self.venue_ids)
            record["dates"] = {"sessions": [session]}
        if self.rng.random() < 0.1:
            record["expires"] = self.today + dt.timedelta(days=self.rng.randint(1, 365))
        return record_id, record


def generate_content(
    out: Path,
    *,
    companies: int,
    offers: int,
    venues: int,
    seed: int = 1,
    template: Path = EXAMPLE_CONTENT,
    today: dt.date | None = None,
) -> None:
    """Write a complete content folder into `out` (which must not exist or be empty)."""
    if out.exists() and any(out.iterdir()):
        raise click.UsageError(f"{out} is not empty; choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    for entry in ("site.yaml", "taxonomies", "pages", "assets"):
        source = template / entry
        if source.is_dir():
            shutil.copytree(source, out / entry)
        elif source.is_file():
            shutil.copyfile(source, out / entry)
    faker = ContentFaker(template, seed, today or dt.date.today())
    for folder, count, make in (
        ("venues", venues, faker.venue),  # first: offers refer to venues
        ("companies", companies, faker.company),
        ("offers", offers, faker.offer),
    ):
        (out / folder).mkdir()
        for number in range(1, count + 1):
            record_id, record = make(number)
            text = yaml.dump(record, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
            (out / folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")


@click.command()
@click.option("--companies", default=10_000, show_default=True, help="Number of companies.")
@click.option("--offers", default=3_000, show_default=True, help="Number of offers.")
@click.option("--venues", default=500, show_default=True, help="Number of venues.")
@click.option("--seed", default=1, show_default=True, help="Same seed, same files.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="New content folder.")
@click.option(
    "--template",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=EXAMPLE_CONTENT,
    show_default="content/",
    help="Content folder whose site.yaml, taxonomies and pages are copied.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the records are made around (default: today); with the same --seed, the same files.",
)
def main(
    companies: int, offers: int, venues: int, seed: int, out: Path, template: Path, today: dt.datetime | None
) -> None:
    """Generate a synthetic content folder for benchmarks.

    Example: python -m site_tools.tools.fake --companies 10000 --offers 3000 --venues 500 --out /tmp/big
    """
    day = today.date() if today else None
    generate_content(out, companies=companies, offers=offers, venues=venues, seed=seed, template=template, today=day)
    click.echo(f"wrote {companies:,} companies, {offers:,} offers and {venues:,} venues to {out}")


if __name__ == "__main__":
    main()
