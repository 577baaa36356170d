"""Labels of the model's fixed values, marked for translation (the catalogs in locale/)."""

from __future__ import annotations

from site_tools.pages.i18n import N_

OFFER_KIND_LABELS = {
    "counselling": N_("Counselling"),
    "course": N_("Course"),
    "qualification": N_("Qualification"),
    "event": N_("Event"),
    "programme": N_("Programme"),
}
OFFER_FORMAT_LABELS = {
    "in_person": N_("In person"),
    "online": N_("Online"),
    "phone": N_("By phone"),
    "outreach": N_("We come to you"),
}
VENUE_KIND_LABELS = {
    "jobcenter": N_("Jobcenter"),
    "employment_agency": N_("Employment agency"),
    "youth_career_agency": N_("Youth career agency"),
    "integration_centre": N_("Integration centre"),
    "counselling_service": N_("Counselling service"),
    "neighbourhood_centre": N_("Neighbourhood centre"),
    "youth_centre": N_("Youth centre"),
    "sports_club": N_("Sports club"),
    "education_provider": N_("Education provider"),
    "other": N_("Other venue"),
}
STATIC_PAGE_TITLES = {
    "about": N_("About this site"),
    "employers": N_("For employers"),
    "imprint": N_("Imprint"),
    "privacy": N_("Privacy"),
    "accessibility": N_("Accessibility"),
    "easy-read": N_("Easy read"),
    "contact": N_("Contact"),
}
# Search filters (Pagefind filter names, in the page's language) and the kinds of result.
# Pagefind reads "," ":" "[" "]" in a filter name as syntax; a test checks every translation.
SEARCH_FILTER_NAMES = {
    "type": N_("Type"),
    "target_group": N_("Target group"),
    "topic": N_("Topic"),
    "branch": N_("Industry"),
    "district": N_("District"),
    "language": N_("Language spoken"),
    "cost": N_("Cost"),
}
SEARCH_TYPE_LABELS = {
    "offer": N_("Offer"),
    "company": N_("Company"),
    "venue": N_("Counselling venue"),
    "page": N_("Information page"),
}
