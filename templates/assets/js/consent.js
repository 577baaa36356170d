// Consent to load map images, kept in this browser: asked for by the map page and the small
// place maps, shown and withdrawn on the privacy page.
import { store, stored } from "./shared.js";

var CONSENT_KEY = "offene-tuer-map-consent";

// Map images come from a tile server: load them at once if the site needs no consent or the
// visitor agreed before, else show the "Load map" button next to its sentence. load(true) means
// the visitor just pressed the button: the map takes the focus the hidden button leaves.
export function askBeforeLoading(box, load) {
  var button = box.querySelector("[data-map-load]");
  if (button) { button.removeAttribute("data-script-shows"); }  // shown by CSS until now (map.css)
  if (box.getAttribute("data-needs-consent") === "no" || stored(CONSENT_KEY) === "yes") {
    load();
  } else if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { store(CONSENT_KEY, "yes"); load(true); });
  }
}

// Privacy page: show and withdraw the map consent kept in this browser.
export function consentSettings(status) {
  var button = document.querySelector("[data-consent-withdraw]");
  function show() {
    var given = stored(CONSENT_KEY) === "yes";
    status.textContent = status.getAttribute(given ? "data-given" : "data-none");
    if (button) { button.hidden = !given; }
  }
  if (button) {
    button.addEventListener("click", function () {
      store(CONSENT_KEY, null);
      show();
      status.textContent = status.getAttribute("data-withdrawn");
      button.hidden = true;
    });
  }
  show();
}
