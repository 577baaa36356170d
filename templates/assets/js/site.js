// Offene Türen – the site's own script, bundled with the modules it imports into
// /assets/site.HASH.js by site_tools/outputs/assets.py. Everything works without it; it only adds:
// the language chosen at "/", "open now" on venue pages, the print button, the map page
// and the small maps on company and venue pages (each after consent), the consent switch
// on the privacy page and Pagefind's search on the search page. Until the visitor agrees
// to load map images, nothing leaves this site: search runs on index files served here.
// Kept on the bundle: the modules are strict, but the IIFE esbuild writes is strict only with this.
"use strict";
import { consentSettings } from "./consent.js";
import { chooseLanguage, rememberLanguageChoice } from "./language.js";
import { startMapPage } from "./map-page.js";
import { openNow } from "./open-now.js";
import { startPlaceMap } from "./place-map.js";
import { startPrintButton } from "./print.js";
import { startSearch } from "./search.js";

document.addEventListener("DOMContentLoaded", function () {
  var body = document.body;
  if (body.hasAttribute("data-entry-target")) { chooseLanguage(body); return; }
  rememberLanguageChoice();
  document.querySelectorAll("[data-open-now]").forEach(openNow);
  var mapConsent = document.querySelector("[data-map-consent]");
  if (mapConsent) { startMapPage(mapConsent); }
  document.querySelectorAll("[data-place-map]").forEach(startPlaceMap);
  var search = document.querySelector("[data-search-ui]");
  if (search) { startSearch(search); }
  var consent = document.querySelector("[data-consent-status]");
  if (consent) { consentSettings(consent); }
  document.querySelectorAll("[data-print]").forEach(startPrintButton);
});
