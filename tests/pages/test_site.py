"""The built example site, checked with a real HTML parser.

The site is built once per test session (`built_site`); each test reads the files.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import functools
import json
import types
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel

from site_tools.content.model import Dates, LocalizedText, Session
from site_tools.content.validate import Content, load_and_validate
from site_tools.pages.cards import next_date
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site
from site_tools.tools.check_links import BrokenLink, broken_links

TODAY = dt.date(2026, 11, 21)
LANGUAGES = ["de", "en", "tr", "ar", "uk"]


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    """Each page parsed once per session; tests only read the tree."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def record_ids(folder: str) -> list[str]:
    return sorted(path.stem for path in (EXAMPLE_CONTENT / folder).glob("*.yaml"))


# --- every page, every language ----------------------------------------------------------


@pytest.mark.parametrize("folder", ["offers", "companies", "venues"])
def test_every_record_has_a_page_in_every_language(built_site: Path, folder: str) -> None:
    for record_id in record_ids(folder):
        for language in LANGUAGES:
            page = built_site / language / folder / record_id / "index.html"
            assert page.is_file(), page
            assert soup(page).h1 is not None


def test_static_pages_taxonomy_pages_and_404_exist_in_every_language(built_site: Path) -> None:
    for language in LANGUAGES:
        root = built_site / language
        for rel in ["index.html", "404.html", "search/index.html", "imprint/index.html", "easy-read/index.html"]:
            assert (root / rel).is_file(), f"{language}/{rel}"
        for section, term in [
            ("target-groups", "new-immigrants"),
            ("topics", "recognition"),
            ("districts", "hamme"),
            ("branches", "crafts"),
        ]:
            assert (root / section / term / "index.html").is_file()


def test_html_lang_and_dir_match_the_language(built_site: Path) -> None:
    for page in pages(built_site):
        language = page.relative_to(built_site).parts[0]
        if language not in LANGUAGES:
            continue
        html = soup(page).html
        assert html is not None
        assert html["lang"] == language, page
        assert html["dir"] == ("rtl" if language == "ar" else "ltr"), page


def test_hreflang_alternates_are_complete_and_reciprocal(built_site: Path) -> None:
    base = "https://offene-tuer-bochum.example"
    alternates: dict[str, dict[str, str]] = {}
    for page in pages(built_site):
        if page.relative_to(built_site).parts[0] not in LANGUAGES or page.name == "404.html":
            continue  # 404 pages are not indexed: no alternates
        url = base + "/" + page.relative_to(built_site).as_posix().removesuffix("index.html")
        links = soup(page).find_all("link", rel="alternate")
        alternates[url] = {str(link["hreflang"]): str(link["href"]) for link in links}
        assert set(alternates[url]) == {*LANGUAGES, "x-default"}, page
        assert alternates[url]["x-default"] == alternates[url]["de"]
    for url, links in alternates.items():
        for language in LANGUAGES:
            other = links[language]
            assert other in alternates, f"{url} points to a missing {other}"
            assert alternates[other][url.split("/")[3]] == url, f"{other} does not point back to {url}"


def test_language_switcher_names_languages_in_their_own_language(built_site: Path) -> None:
    page = soup(built_site / "ar" / "offers" / "index.html")
    switcher = page.select("nav.languages a")
    assert [(a["lang"], a.get_text()) for a in switcher] == [
        ("de", "Deutsch"),
        ("en", "English"),
        ("tr", "Türkçe"),
        ("ar", "العربية"),
        ("uk", "Українська"),
    ]
    assert [a["href"] for a in switcher] == [f"/{lang}/offers/" for lang in LANGUAGES]


# --- fallback to German --------------------------------------------------------------------


def test_untranslated_text_falls_back_to_german_marked_as_such(built_site: Path) -> None:
    # baeckerei-mohnkorn is deliberately German only.
    page = soup(built_site / "ar" / "companies" / "baeckerei-mohnkorn" / "index.html")
    lead = page.select_one("p.lead")
    assert lead is not None and lead["lang"] == "de" and lead["dir"] == "ltr"
    assert page.select_one("p.fallback-note") is not None
    translated = soup(built_site / "ar" / "companies" / "kfz-werkstatt-zuendfunke" / "index.html")
    lead = translated.select_one("p.lead")
    assert lead is not None and not lead.has_attr("lang")
    assert translated.select_one("p.fallback-note") is None


def test_untranslated_static_page_is_german_with_a_note(built_site: Path) -> None:
    page = soup(built_site / "tr" / "imprint" / "index.html")  # the Impressum exists in de and en only
    assert page.h1 is not None and page.h1.select_one("[lang=de]") is not None
    prose = page.select_one("div.prose")
    assert prose is not None and prose["lang"] == "de"
    assert page.select_one("p.fallback-note") is not None


# --- links and safety -------------------------------------------------------------------


def _internal_targets(page: BeautifulSoup) -> Iterator[str]:
    for tag in page.find_all(True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if isinstance(value, str) and value.startswith("/"):
                yield value


def test_every_internal_link_and_source_resolves_to_a_file(built_site: Path) -> None:
    assert broken_links(built_site) == []
    # The checker does find a broken link, with page and line (a control).
    page = built_site / "de" / "about" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("</main>", '<a href="/de/no-such-page/">x</a></main>'), encoding="utf-8")
        line = page.read_text(encoding="utf-8").split("/de/no-such-page/")[0].count("\n") + 1
        assert broken_links(built_site) == [BrokenLink("de/about/index.html", line, "/de/no-such-page/")]
    finally:
        page.write_text(original, encoding="utf-8")


def test_no_inline_script_event_handler_or_style_anywhere(built_site: Path) -> None:
    for page in pages(built_site):
        document = soup(page)
        for script in document.find_all("script"):
            assert script.get("src") and not script.get_text(strip=True), page
        assert document.find("style") is None, page
        for tag in document.find_all(True):
            assert isinstance(tag, Tag)
            for attribute in tag.attrs:
                assert attribute != "style", f"{page}: style on <{tag.name}>"
                assert not attribute.lower().startswith("on"), f"{page}: {attribute} on <{tag.name}>"


def test_pages_are_well_formed_html(built_site: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for language in ("de", "ar"):
        for rel in [
            "index.html",
            "offers/index.html",
            "offers/anerkennung-infoabend/index.html",
            "companies/kfz-werkstatt-zuendfunke/index.html",
            "venues/stadtteilzentrum-hamme/index.html",
            "districts/hamme/index.html",
            "privacy/index.html",
            "404.html",
        ]:
            parser.parse((built_site / language / rel).read_text(encoding="utf-8"))


def test_ids_are_unique_on_every_page(built_site: Path) -> None:
    for page in pages(built_site):
        ids = [str(tag["id"]) for tag in soup(page).find_all(id=True)]
        assert len(ids) == len(set(ids)), page


# --- content rules ------------------------------------------------------------------------


def test_expired_offers_leave_the_lists_but_keep_their_page(built_site: Path) -> None:
    expired = "ferienpraktikum-boerse-2026"  # expires 2026-08-31
    for page in pages(built_site):
        if page.parent.name == expired:
            continue
        assert f"/offers/{expired}/" not in page.read_text(encoding="utf-8"), page
    detail = soup(built_site / "de" / "offers" / expired / "index.html")
    notice = detail.select_one(".notice")
    assert notice is not None and "31. August 2026" in notice.get_text()


def test_venue_page_lists_its_offers_and_hours(built_site: Path) -> None:
    page = soup(built_site / "de" / "venues" / "stadtteilzentrum-hamme" / "index.html")
    offers = [a["href"] for a in page.select(".cards a")]
    assert "/de/offers/jobcenter-sprechstunde-hamme/" in offers
    rows = page.select("table.hours tr")
    assert rows and rows[0].th is not None and rows[0].th.get_text() == "Montag"
    assert page.select_one("[data-open-now]") is not None


def test_company_page_has_a_qr_code_to_its_language_neutral_address(built_site: Path) -> None:
    page = soup(built_site / "de" / "companies" / "kfz-werkstatt-zuendfunke" / "index.html")
    qr = page.select_one("figure.qr-code svg")
    assert qr is not None and qr["aria-hidden"] == "true"
    caption = page.select_one("figure.qr-code figcaption")
    assert caption is not None and caption.get_text().startswith("QR-Code")
    assert "https://offene-tuer-bochum.example/companies/kfz-werkstatt-zuendfunke/" in caption.get_text()
    entry = soup(built_site / "companies" / "kfz-werkstatt-zuendfunke" / "index.html")
    assert [a["href"] for a in entry.select(".language-choice a")] == [
        f"/{lang}/companies/kfz-werkstatt-zuendfunke/" for lang in LANGUAGES
    ]


def test_dates_and_weekdays_are_formatted_per_locale(built_site: Path) -> None:
    event = "anerkennung-infoabend"
    german = soup(built_site / "de" / "offers" / event / "index.html").select_one(".sessions li strong")
    arabic = soup(built_site / "ar" / "offers" / event / "index.html").select_one(".sessions li strong")
    ukrainian = soup(built_site / "uk" / "offers" / event / "index.html").select_one(".sessions li strong")
    assert german is not None and german.get_text().startswith("Dienstag, 8. Dezember 2026, 18:00 – 20:00")
    assert arabic is not None and arabic.get_text().startswith("الثلاثاء، 8 ديسمبر 2026، 6:00 م")  # Arabic commas
    assert ukrainian is not None and "грудня" in ukrainian.get_text()


def test_demo_banner_on_every_page(built_site: Path) -> None:
    for page in pages(built_site):
        if page.relative_to(built_site).parts[0] in LANGUAGES:
            assert soup(page).select_one(".demo-banner") is not None, page


# --- builds -------------------------------------------------------------------------------


def test_a_second_build_is_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "public"
    build_site(EXAMPLE_CONTENT, again, TODAY)
    comparison = filecmp.dircmp(built_site, again)

    def differences(cmp: filecmp.dircmp[str]) -> list[str]:
        found = [*cmp.left_only, *cmp.right_only, *cmp.diff_files]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    # Pagefind writes its filter and metadata indexes in a different order on each run, so
    # their content-hashed names change (Pagefind issue #638: "filter/metadata indexes will
    # still change"). The words index, the page fragments and everything of ours must not.
    def pagefind_reorders(name: str) -> bool:
        return name.endswith((".pf_filter", ".pf_meta")) or name == "pagefind-entry.json"

    assert [name for name in differences(comparison) if not pagefind_reorders(name)] == []
    for path in built_site.rglob("*"):
        if path.is_file() and not pagefind_reorders(path.name):
            assert path.read_bytes() == (again / path.relative_to(built_site)).read_bytes(), path
    entries = [json.loads((site / "pagefind" / "pagefind-entry.json").read_bytes()) for site in (built_site, again)]
    assert [{k: v["page_count"] for k, v in entry["languages"].items()} for entry in entries[1:]] == [
        {k: v["page_count"] for k, v in entries[0]["languages"].items()}
    ]
    assert len(list((again / "pagefind" / "filter").iterdir())) == len(
        list((built_site / "pagefind" / "filter").iterdir())
    )


def test_the_example_site_copies_only_what_it_needs(built_site: Path) -> None:
    assets = sorted(path.name.split(".")[0] for path in (built_site / "assets").iterdir())
    assert assets == [
        "fira-sans-cyrillic-400",
        "fira-sans-cyrillic-600",
        "fira-sans-latin-400",
        "fira-sans-latin-600",
        "map",
        "map-ar",
        "map-de",
        "map-en",
        "map-tr",
        "map-uk",
        "noto-sans-arabic-400",
        "noto-sans-arabic-600",
        "offene-tuer-sticker",
        "site",
        "site",
        "vendor",
    ]
    vendor_dir = built_site / "assets" / "vendor"
    vendor = sorted(str(p.relative_to(vendor_dir)) for p in vendor_dir.rglob("*") if p.is_file())
    assert [name for name in vendor if not name.startswith("leaflet-1.9.4/images/")] == [
        "leaflet-1.9.4/leaflet.css",
        "leaflet-1.9.4/leaflet.js",
        "leaflet.markercluster-1.5.3/MarkerCluster.Default.css",
        "leaflet.markercluster-1.5.3/MarkerCluster.css",
        "leaflet.markercluster-1.5.3/leaflet.markercluster.js",
    ]


# --- details a resident relies on ------------------------------------------------------------


def test_numbers_and_addresses_stay_left_to_right_in_arabic(built_site: Path) -> None:
    page = soup(built_site / "ar" / "venues" / "stadtteilzentrum-hamme" / "index.html")
    phone = page.select_one('.contact a[href^="tel:"]')
    assert phone is not None and phone["dir"] == "ltr"
    postcode_line = page.select(".address bdi")
    assert postcode_line and all(bdi["dir"] == "ltr" for bdi in postcode_line)


def test_past_dates_offer_no_registration(built_site: Path) -> None:
    page = soup(built_site / "de" / "offers" / "ferienpraktikum-boerse-2026" / "index.html")
    sessions = page.select(".sessions li")
    assert sessions and all("Dieser Termin ist vorbei." in li.get_text() for li in sessions)
    assert page.select(".sessions a[href*=anmeld]") == []


def test_lists_with_german_fallbacks_say_so_and_show_translations_first(built_site: Path) -> None:
    page = soup(built_site / "ar" / "offers" / "index.html")
    assert page.select_one("p.fallback-note") is not None
    titles = page.select(".cards h2")
    marked = [bool(title.select_one("[lang=de]")) for title in titles]
    assert marked == sorted(marked), "German fallbacks come after the translated titles"


def test_list_pages_keep_heading_order_and_term_pages_group_by_kind(built_site: Path) -> None:
    offers = soup(built_site / "de" / "offers" / "index.html")
    assert offers.select(".cards h2") and not offers.select(".cards h3")
    district = soup(built_site / "de" / "districts" / "hamme" / "index.html")
    assert [h2.get_text() for h2 in district.select("h2.group-heading")] == [
        "Angebote",
        "Beratungsstellen",
        "Betriebe mit offener Tür",
    ]
    breadcrumb = soup(built_site / "de" / "branches" / "crafts" / "index.html").select_one(".breadcrumb a")
    assert breadcrumb is not None and breadcrumb["href"] == "/de/companies/"


def test_venue_hours_show_every_weekday(built_site: Path) -> None:
    rows = soup(built_site / "de" / "venues" / "stadtteilzentrum-hamme" / "index.html").select("table.hours tr")
    assert [row.th.get_text() for row in rows if row.th] == [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ]
    assert rows[-1].td is not None and rows[-1].td.get_text() == "Geschlossen"


def test_404_pages_are_not_indexed(built_site: Path) -> None:
    page = soup(built_site / "de" / "404.html")
    robots = page.select_one('meta[name="robots"]')
    assert robots is not None and robots["content"] == "noindex"
    assert page.select_one('link[rel="canonical"]') is None


# --- open data --------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["companies", "venues"])
def test_open_data_lists_every_place_as_geojson(built_site: Path, folder: str) -> None:
    content = load_and_validate(EXAMPLE_CONTENT, TODAY).content
    assert content is not None
    records = content.companies if folder == "companies" else content.venues
    text = (built_site / "data" / f"{folder}.geojson").read_text(encoding="utf-8")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == sorted(records)
    for feature in collection["features"]:
        record = records[feature["id"]]
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [record.geo.lon, record.geo.lat]}
        properties = feature["properties"]
        assert properties["name"] == record.name
        assert properties["district"] == record.address.district
        assert properties["languages"] == record.languages
        if folder == "companies":
            assert properties["branches"] == record.branches
            assert properties["occupations"] == record.occupations
            assert properties["open_door_hours"][0]["opens"] == record.open_door.hours[0].opens.strftime("%H:%M")
        # Contact persons, phone numbers and e-mail addresses stay on the pages.
        assert not {"contact", "person", "phone", "email"} & set(properties)
        for private in (record.contact.phone, record.contact.email):
            if private:
                assert private not in text, private


# --- record pages: open door, German names and fallbacks, cards ------------------------------


def test_company_page_has_an_open_door_status_and_weekday_rows(built_site: Path) -> None:
    """Without JavaScript the table says it all; the status line waits hidden for the script."""
    for language in ("de", "ar"):
        page = soup(built_site / language / "companies" / "kfz-werkstatt-zuendfunke" / "index.html")
        rows = page.select("section.open-door table.hours tr")
        assert [(row["data-day"], row["data-spans"]) for row in rows] == [
            ("mo", "14:00-16:00"),
            ("we", "14:00-16:00"),
            ("fr", "14:00-16:00"),
        ]
        assert not page.select("tr.today")  # the browser marks today, in Bochum's time
        status = page.select_one("section.open-door table.hours + p[data-open-now]")
        assert status is not None and status.has_attr("hidden") and status.get_text() == ""
        for attribute, placeholders in [
            ("data-open", ["{time}"]),
            ("data-opens-today", ["{time}"]),
            ("data-opens", ["{day}", "{time}"]),
            ("data-closed", []),
        ]:
            sentence = str(status[attribute])
            assert all(p in sentence for p in placeholders), (language, attribute, sentence)
    german = soup(built_site / "de" / "companies" / "kfz-werkstatt-zuendfunke" / "index.html")
    status = german.select_one("[data-open-now]")
    assert status is not None and status["data-open"] == "Jetzt kannst du einfach reinkommen – bis {time} Uhr"


def _german_strings(content: Content) -> tuple[set[str], set[str]]:
    """Names (companies, venues, operators, providers) and one-line texts that have no Arabic translation."""
    names: set[str] = set()
    fallbacks: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, LocalizedText):
            text, language = value.get("ar")
            if language == "de" and "\n" not in text.strip():
                fallbacks.add(text.strip())
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, BaseModel):
            for field in type(value).model_fields:
                walk(getattr(value, field))

    for record in [*content.offers.values(), *content.companies.values(), *content.venues.values()]:
        walk(record)
    names |= {c.name for c in content.companies.values()}
    names |= {v.name for v in content.venues.values()} | {v.operator for v in content.venues.values()}
    names |= {o.provider.name for o in content.offers.values()}
    return names, fallbacks


def test_german_names_and_fallbacks_are_marked_german_on_arabic_pages(built_site: Path) -> None:
    content = load_and_validate(EXAMPLE_CONTENT, TODAY).content
    assert content is not None
    names, fallbacks = _german_strings(content)
    checked = {"name": 0, "fallback": 0}
    root = built_site / "ar"
    wanted = [
        *[
            root / folder / rid / "index.html"
            for folder in ("offers", "companies", "venues")
            for rid in record_ids(folder)
        ],
        *[root / rel / "index.html" for rel in ("", "offers", "companies", "venues", "map")],
        *sorted(root.glob("districts/*/index.html")),
        *sorted(root.glob("languages/*/index.html")),
        *sorted(root.glob("formats/*/index.html")),
        *sorted(root.glob("cost/*/index.html")),
        *sorted(root.glob("topics/*/index.html")),
        *sorted(root.glob("target-groups/*/index.html")),
        *sorted(root.glob("branches/*/index.html")),
    ]
    unmarked = []
    for page in wanted:
        main = soup(page).main
        assert main is not None
        for node in main.find_all(string=True):
            shown = node.strip()
            kind = "name" if shown in names else "fallback" if shown in fallbacks else None
            if kind is None or node.find_parent(hidden=True) is not None:
                continue  # the hidden search metadata is not read out
            checked[kind] += 1
            marked = node.find_parent(lang=True)
            if marked is None or marked["lang"] != "de":
                unmarked.append(f"{page.relative_to(built_site)}: {shown!r} in <{node.parent.name}>")
    assert unmarked == []
    assert checked["name"] > 100 and checked["fallback"] > 20, checked


def test_names_are_not_marked_on_german_pages(built_site: Path) -> None:
    page = soup(built_site / "de" / "companies" / "baeckerei-mohnkorn" / "index.html")
    assert page.h1 is not None and page.h1.get_text() == "Bäckerei Mohnkorn"
    assert page.h1.select("[lang]") == []
    assert page.select_one("p.fallback-note") is None


def test_cards_say_what_where_and_when(built_site: Path) -> None:
    def card(language: str, list_rel: str, href: str) -> Tag:
        found = soup(built_site / language / list_rel / "index.html").select_one(f'.card:has(a[href="{href}"])')
        assert isinstance(found, Tag), (language, list_rel, href)
        return found

    event = card("de", "offers", "/de/offers/anerkennung-infoabend/")
    kind = event.select_one(".card-kind")
    assert kind is not None and kind.get_text() == "Veranstaltung · In der ganzen Stadt · kostenlos"
    when = event.select_one(".card-when")
    assert when is not None and when.get_text() == "Nächster Termin: Dienstag, 8. Dezember 2026, 18:00"
    assert when.time is not None and when.time["datetime"] == "2026-12-08T18:00"
    arabic = card("ar", "offers", "/ar/offers/anerkennung-infoabend/").select_one(".card-when")
    assert arabic is not None and arabic.get_text() == "الموعد القادم: الثلاثاء، 8 ديسمبر 2026، 6:00 م"
    course = card("de", "offers", "/de/offers/gabelstaplerschein/").select_one(".card-when")
    assert course is not None and course.get_text() == "Beginn: 7. Dezember 2026"
    workshop = card("ar", "offers", "/ar/offers/bewerbungswerkstatt/")
    places = workshop.select(".card-kind [lang=de]")
    assert [p.get_text() for p in places] == ["Dahlhausen", "Hamme"]
    assert "، " in workshop.select_one(".card-kind").get_text()  # type: ignore[union-attr]
    assert workshop.select_one(".card-when") is None  # no dates: no line
    company = card("ar", "companies", "/ar/companies/kfz-werkstatt-zuendfunke/")
    assert [t["lang"] for t in company.select("h2 [lang], .card-kind [lang]")] == ["de", "de"]


def test_a_card_shows_no_date_that_has_passed() -> None:
    """The next date of an offer whose first sessions lie behind: the first one still ahead, or nothing."""

    def at(day: dt.date) -> object:
        loc = types.SimpleNamespace(datetime=lambda moment: moment.isoformat(), date=lambda d: d.isoformat())
        return types.SimpleNamespace(index=types.SimpleNamespace(today=day), _=lambda s: s, loc=loc)

    sessions = [
        Session(start=dt.datetime(2026, 12, 8, 18), end=dt.datetime(2026, 12, 8, 20)),
        Session(start=dt.datetime(2027, 1, 19, 18)),
    ]
    offer = types.SimpleNamespace(dates=Dates(sessions=sessions))
    assert next_date(at(dt.date(2026, 12, 8)), offer)["iso"] == "2026-12-08T18:00"  # type: ignore[arg-type,index]
    assert next_date(at(dt.date(2026, 12, 9)), offer)["iso"] == "2027-01-19T18:00"  # type: ignore[arg-type,index]
    assert next_date(at(dt.date(2027, 1, 20)), offer) is None  # type: ignore[arg-type]
    course = types.SimpleNamespace(dates=Dates(start=dt.date(2027, 2, 1), end=dt.date(2027, 5, 1)))
    assert next_date(at(dt.date(2027, 1, 20)), course) == {"label": "Starts", "text": "2027-02-01", "iso": "2027-02-01"}  # type: ignore[arg-type]
    assert next_date(at(dt.date(2027, 2, 2)), course) is None  # type: ignore[arg-type]


def test_district_names_are_marked_german_in_headings_cards_and_addresses(built_site: Path) -> None:
    term = soup(built_site / "ar" / "districts" / "hamme" / "index.html")
    assert term.h1 is not None and [(s["lang"], s.get_text()) for s in term.h1.select("[lang]")] == [("de", "Hamme")]
    venue = soup(built_site / "ar" / "venues" / "stadtteilzentrum-hamme" / "index.html")
    district = venue.select_one(".address a[href='/ar/districts/hamme/'] [lang=de]")
    assert district is not None and district.get_text() == "Hamme"
    assert soup(built_site / "de" / "districts" / "hamme" / "index.html").select("h1 [lang]") == []


# --- the lists' filters ----------------------------------------------------------------------


def _card_links(page: Path) -> set[str]:
    """The record pages a list page's cards lead to."""
    return {str(link["href"]) for link in soup(page).select(".cards .card h2 a, .cards .card h3 a")}


def _filter_groups(page: Path) -> dict[str, list[str]]:
    panel = soup(page).select_one("details.filters")
    assert panel is not None and panel.summary is not None
    return {
        heading.get_text(): [str(link["href"]) for link in heading.find_next_sibling("ul").select("a")]  # type: ignore[union-attr]
        for heading in panel.select("h2.filter-group")
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offer_list_filters_by_six_things_in_one_folded_panel(built_site: Path, language: str) -> None:
    page = built_site / language / "offers" / "index.html"
    panel = soup(page).select_one("details.filters")
    assert panel is not None and not panel.has_attr("open")  # folded: the list comes first on a phone
    groups = _filter_groups(page)
    assert len(groups) == 6  # life situation, topic, district, language, how, cost
    sections = [{href.split("/")[2] for href in links} for links in groups.values()]
    assert sections == [{"target-groups"}, {"topics"}, {"districts"}, {"languages"}, {"formats"}, {"cost"}]
    assert all(href.startswith(f"/{language}/") for links in groups.values() for href in links)


def test_each_offer_filter_page_lists_exactly_the_offers_that_match(built_site: Path) -> None:
    content = load_and_validate(EXAMPLE_CONTENT, TODAY).content
    assert content is not None
    active = [offer for offer in content.offers.values() if offer.expires is None or offer.expires >= TODAY]

    def offer_links(matching: list[str]) -> set[str]:
        return {f"/de/offers/{offer_id}/" for offer_id in matching}

    for offer_format in ("in_person", "online", "phone", "outreach"):
        matching = [offer.id for offer in active if offer_format in offer.formats]
        page = built_site / "de" / "formats" / offer_format.replace("_", "-") / "index.html"
        assert page.is_file() == bool(matching), offer_format
        if matching:
            assert _card_links(page) == offer_links(matching), offer_format
    free = built_site / "de" / "cost" / "free" / "index.html"
    assert _card_links(free) == offer_links([offer.id for offer in active if offer.cost.free])
    assert soup(free).h1 is not None and soup(free).h1.get_text() == "Kostenlos"
    arabic = built_site / "de" / "languages" / "ar" / "index.html"
    in_arabic = offer_links([offer.id for offer in active if "ar" in offer.languages])
    assert in_arabic and in_arabic <= _card_links(arabic)
    assert {link for link in _card_links(arabic) if link.startswith("/de/offers/")} == in_arabic


@pytest.mark.parametrize("listing", ["offers", "companies", "venues"])
def test_no_filter_link_leads_to_an_empty_page(built_site: Path, listing: str) -> None:
    for language in ("de", "ar"):
        kind = f"/{language}/{listing}/"
        for links in _filter_groups(built_site / language / listing / "index.html").values():
            assert links
            for href in links:
                target = built_site / href.strip("/") / "index.html"
                shown = _card_links(target)
                assert any(link.startswith(kind) for link in shown), (href, "lists nothing of", listing)
