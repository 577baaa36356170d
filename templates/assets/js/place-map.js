// Company and venue pages: a small map of the place. Leaflet (from this site) is fetched
// only when the map is about to load, so a page that never shows a map stays light.
import { askBeforeLoading } from "./consent.js";
import { arrangeControls } from "./map-controls.js";
import { escapeHtml } from "./shared.js";

// Both files first: Leaflet finds its marker images through its stylesheet, and guesses a
// wrong address (a 404) if its script runs before the stylesheet has arrived.
function loadLeaflet(box, ready) {
  if (window.L) { ready(); return; }
  var waiting = 2;
  function arrived() { waiting -= 1; if (waiting === 0) { ready(); } }
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = box.getAttribute("data-leaflet-css");
  style.addEventListener("load", arrived);
  style.addEventListener("error", arrived);
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = box.getAttribute("data-leaflet-js");
  script.addEventListener("load", arrived);
  document.head.appendChild(script);
}
export function startPlaceMap(box) {
  box.hidden = false;
  askBeforeLoading(box, function (byButton) {
    loadLeaflet(box, function () {
      box.querySelectorAll("p").forEach(function (line) { line.hidden = true; });
      var canvas = box.querySelector(".place-map-canvas");
      canvas.hidden = false;
      var place = [parseFloat(box.getAttribute("data-lat")), parseFloat(box.getAttribute("data-lon"))];
      var map = L.map(canvas, { scrollWheelZoom: false }).setView(place, 16);
      L.tileLayer(box.getAttribute("data-tiles"), {
        attribution: escapeHtml(box.getAttribute("data-attribution")), maxZoom: 19
      }).addTo(map);
      // The only place on this map: a picture with its name, not a button that does nothing.
      L.marker(place, { title: box.getAttribute("data-name"), alt: box.getAttribute("data-name"), keyboard: false, interactive: false }).addTo(map);
      arrangeControls(map, box);
      if (byButton) { canvas.focus({ preventScroll: true }); }  // the button is gone: keep the focus here
      box.placeMap = map;  // for the browser tests
    });
  });
}
