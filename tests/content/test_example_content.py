"""The Bochum example site: valid, complete enough to show every feature, and honest."""

from __future__ import annotations

import datetime as dt
import filecmp
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from site_tools.content.model import REQUIRED_PAGES, LocalizedText, Record
from site_tools.content.validate import Content, load_and_validate
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.tools.fake import generate_content

TODAY = dt.date(2026, 11, 21)


def example() -> Content:
    result = load_and_validate(EXAMPLE_CONTENT, TODAY)
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert result.content is not None
    return result.content


def test_example_content_has_no_errors() -> None:
    example()


def test_example_is_a_demo_in_five_languages() -> None:
    site = example().site
    assert site.demo is True
    assert site.languages == ["de", "en", "tr", "ar", "uk"]


def test_example_has_bochums_30_districts_in_6_boroughs() -> None:
    taxonomies = example().taxonomies
    assert len(taxonomies["districts"]) == 30
    assert sorted(taxonomies["boroughs"]) == ["mitte", "nord", "ost", "sued", "suedwest", "wattenscheid"]
    boroughs_used = {term.borough for term in taxonomies["districts"].values()}  # type: ignore[attr-defined]
    assert boroughs_used == set(taxonomies["boroughs"])


def test_taxonomy_labels_are_in_all_five_languages() -> None:
    content = example()
    for name, terms in content.taxonomies.items():
        for term_id, term in terms.items():
            assert set(term.label.languages) == set(content.site.languages), f"{name}/{term_id}"


def test_example_records_are_numerous_and_varied() -> None:
    content = example()
    assert len(content.companies) >= 40
    assert len({branch for c in content.companies.values() for branch in c.branches}) >= 8
    assert len(content.offers) >= 25
    assert {offer.kind for offer in content.offers.values()} == {
        "counselling",
        "course",
        "qualification",
        "event",
        "programme",
    }
    assert len(content.venues) >= 12
    events_with_dates = [o for o in content.offers.values() if o.kind == "event" and o.dates and o.dates.sessions]
    assert len(events_with_dates) >= 2


def test_some_records_are_translated_and_some_only_german() -> None:
    content = example()
    records = [*content.companies.values(), *content.offers.values(), *content.venues.values()]
    described = [r.description for r in records if r.description is not None]
    fully = [text for text in described if set(text.languages) == {"de", "en", "tr", "ar", "uk"}]
    german_only = [text for text in described if text.languages == ("de",)]
    assert len(fully) > len(records) / 2
    assert german_only


def test_every_static_page_exists_in_german() -> None:
    pages = example().pages
    for page_id in REQUIRED_PAGES:
        assert "de" in pages[page_id]


def test_example_contact_data_is_fictional() -> None:
    """No real company may appear to be listed: web and mail addresses use the reserved .example domain."""
    for path in EXAMPLE_CONTENT.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for host in re.findall(r"https?://([^/\s\"']+)|@([a-z0-9.-]+)", text):
            name = host[0] or host[1]
            if name.startswith("tile.openstreetmap.org") or name == "github.com":  # tiles; the repository's host
                continue
            assert name.endswith(".example"), f"{path.name}: {name}"


def test_generated_content_validates_and_is_reproducible(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        generate_content(tmp_path / folder, companies=60, offers=40, venues=10, seed=7, today=TODAY)
    result = load_and_validate(tmp_path / "a", TODAY)
    assert result.errors == [], "\n".join(map(str, result.errors[:10]))
    assert result.content is not None
    assert (len(result.content.companies), len(result.content.offers), len(result.content.venues)) == (60, 40, 10)
    comparison = filecmp.dircmp(tmp_path / "a" / "companies", tmp_path / "b" / "companies")
    assert comparison.left_only == comparison.right_only == comparison.diff_files == []


def test_parallel_validation_gives_the_same_result_as_sequential(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate_content(content, companies=80, offers=40, venues=10, seed=3, today=TODAY)
    broken = sorted((content / "companies").iterdir())[:3]
    broken[0].write_text("name: [unclosed\n", encoding="utf-8")
    broken[1].write_text(broken[1].read_text(encoding="utf-8").replace("consent: true", "consent: nein"))
    broken[2].write_text(broken[2].read_text(encoding="utf-8") + "adress: x\n", encoding="utf-8")
    sequential = load_and_validate(content, TODAY, workers=1)
    parallel = load_and_validate(content, TODAY, workers=2)
    assert parallel.problems == sequential.problems
    assert len(sequential.errors) == 3
    assert (parallel.records_checked, parallel.files_checked) == (sequential.records_checked, sequential.files_checked)


def test_parallel_validation_keeps_every_record_in_order(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate_content(content, companies=50, offers=30, venues=10, seed=4, today=TODAY)
    sequential = load_and_validate(content, TODAY, workers=1).content
    parallel = load_and_validate(content, TODAY, workers=2).content
    assert sequential is not None and parallel is not None
    assert list(parallel.companies) == list(sequential.companies) == sorted(sequential.companies)
    assert parallel.companies == sequential.companies
    assert parallel.offers == sequential.offers
    assert [c.id for c in parallel.companies.values()] == list(parallel.companies)


# --- translations a resident reaches first -------------------------------------------------

# For each target group: the topics its residents come for first. A resident who follows the
# home page's entry point for their group lands on the group's term page; the offers there that
# are counselling, or that are about one of these topics, are the first doors they knock on.
FIRST_TOPICS = {
    "young-people": {"apprenticeship"},
    "students-in-doubt": {"changing-from-university"},
    "new-immigrants": {"language-courses", "recognition"},
    "long-term-unemployed": {"benefits"},
    "women-returning": {"benefits", "apprenticeship"},
    "employers": {"apprenticeship"},
}


def localized_texts(value: object, path: str = "") -> Iterator[tuple[str, LocalizedText]]:
    """Yield (field path, text) for every translatable text in a record, however deep."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from localized_texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from localized_texts(item, f"{path}[{index}]")


def untranslated_fields(record: Record, languages: list[str]) -> list[str]:
    return [
        f"{path}: {', '.join(sorted(set(languages) - set(text.languages)))}"
        for path, text in localized_texts(record)
        if not set(languages) <= set(text.languages)
    ]


def reached_first(content: Content) -> dict[str, list[Record]]:
    """Return, per target group, its first-stop offers and the venues they are held at."""
    assert set(FIRST_TOPICS) == set(content.taxonomies["target_groups"])
    first: dict[str, list[Record]] = {}
    for group, topics in FIRST_TOPICS.items():
        offers = [
            offer
            for offer in content.offers.values()
            if group in offer.target_groups
            and not (offer.expires and offer.expires < TODAY)
            and (offer.kind == "counselling" or topics & set(offer.topics))
        ]
        venues = {venue for offer in offers for venue in offer.venues}
        first[group] = [*offers, *(content.venues[venue] for venue in sorted(venues))]
    return first


def test_what_each_target_group_reaches_first_is_translated_in_every_text() -> None:
    content = example()
    for group, records in reached_first(content).items():
        assert len(records) >= 2, group
        for record in records:
            assert untranslated_fields(record, content.site.languages) == [], f"{group}: {record.id}"


def test_every_industry_has_companies_translated_in_every_text() -> None:
    content = example()
    for branch in content.taxonomies["branches"]:
        companies = [c for c in content.companies.values() if branch in c.branches]
        translated = [c for c in companies if not untranslated_fields(c, content.site.languages)]
        assert len(translated) >= min(2, len(companies)), branch


def test_a_fifth_of_the_records_stay_german_only() -> None:
    """Enough German-only records that every kind of page shows the German fallback, but not more."""
    content = example()
    records: list[Record] = [*content.offers.values(), *content.companies.values(), *content.venues.values()]
    german_only = [
        record.id
        for record in records
        if {language for _, text in localized_texts(record) for language in text.languages} == {"de"}
    ]
    assert 0.15 <= len(german_only) / len(records) <= 0.30, sorted(german_only)
    assert "baeckerei-mohnkorn" in german_only  # the page tests/pages/test_site.py checks for the fallback
    assert any(content.offers[i].expires is None for i in german_only if i in content.offers)
