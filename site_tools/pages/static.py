"""Pages from content/pages/ (about, privacy, contact …), the contact form's answer, entry pages and 404."""

from __future__ import annotations

from typing import Any

from site_tools.pages.common import LanguageSite
from site_tools.pages.i18n import Text
from site_tools.pages.markup import render_markdown
from site_tools.pages.plan import CONTACT_SENT, JOIN_FORM, PageSpec


def static_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    versions = site.content.pages[spec.key]
    page = versions.get(site.language) or versions["de"]
    text = Text(page.body, page.language, fallback=page.language != site.language)
    return "page.html", {
        "page": site.meta(spec, page.title, page.summary or page.title, has_fallback=text.fallback),
        "title": Text(page.title, page.language, fallback=text.fallback),
        "body": text,
        "body_html": render_markdown(page.body),
        "is_privacy": spec.key == "privacy",
        "joining": _joining_links(site) if spec.key == "employers" else None,
        "contact_form": {"action": site.url(f"{CONTACT_SENT}/"), "privacy_url": site.url("privacy/")}
        if spec.key == "contact"
        else None,
        "search": site.search_facets("page", page.summary or ""),
    }


def _joining_links(site: LanguageSite) -> dict[str, str] | None:
    """The employers page's ways in through the repository: the guide and the sign-up form."""
    if site.site.repository is None:
        return None
    repository = str(site.site.repository).rstrip("/")
    return {
        "guide": f"{repository}/blob/main/CONTRIBUTING.md",
        "form": f"{repository}/issues/new?template={JOIN_FORM}",
    }


def contact_sent_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    return "contact_sent.html", {
        "page": site.meta(spec, _("Message sent"), _("Thank you: your message has reached us.")),
        "contact_url": site.url("contact/"),
    }


def entry_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    """`/` and each company's QR address: on to the browser's language, or a link per language."""
    return "entry.html", {
        "links": [
            {"language": a.language, "name": a.name, "dir": a.dir, "url": a.url}
            for a in site.meta(spec, "", "").alternates
        ],
        "target": spec.rel,
    }


def not_found_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    return "404.html", {
        "page": site.meta(spec, _("Page not found"), _("This page does not exist (any more).")),
    }
