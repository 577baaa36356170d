// What the map page and the small place maps share: Leaflet's controls in the page's language
// and direction, a metric scale, controls before markers in the tab order, and the space the
// controls take (so popups and fitted views stay clear of them).

// Zoom and scale on the start side (right in Arabic), the attribution on the end side.
export function arrangeControls(map, box) {
  var rtl = getComputedStyle(map.getContainer()).direction === "rtl";
  var start = rtl ? "right" : "left";
  var end = rtl ? "left" : "right";
  if (map.zoomControl) { map.removeControl(map.zoomControl); }
  map.zoomControl = L.control.zoom({
    position: "top" + start,
    zoomInTitle: box.getAttribute("data-zoom-in"),
    zoomOutTitle: box.getAttribute("data-zoom-out")
  }).addTo(map);
  L.control.scale({ imperial: false, position: "bottom" + start }).addTo(map);
  if (map.attributionControl) { map.attributionControl.setPosition("bottom" + end); }
  // Leaflet puts its controls after the map panes, so Tab went through every marker before
  // reaching the zoom buttons. The top corners (zoom) move first; the attribution's links stay
  // after the markers. Corners are positioned absolutely: only the tab order changes.
  var container = map.getContainer();
  container.querySelectorAll(".leaflet-control-container > .leaflet-top").forEach(function (corner) {
    container.insertBefore(corner, container.firstChild);
  });
}

// Space kept free inside the map: below the top controls, above the bottom ones, at the sides.
export function controlPadding(map) {
  var container = map.getContainer();
  var frame = container.getBoundingClientRect();
  var gap = 8;
  var top = gap;
  var bottom = gap;
  container.querySelectorAll(".leaflet-top .leaflet-control").forEach(function (control) {
    top = Math.max(top, control.getBoundingClientRect().bottom - frame.top + gap);
  });
  container.querySelectorAll(".leaflet-bottom .leaflet-control").forEach(function (control) {
    bottom = Math.max(bottom, frame.bottom - control.getBoundingClientRect().top + gap);
  });
  return { topLeft: L.point(gap, top), bottomRight: L.point(gap, bottom), width: frame.width, height: frame.height };
}
