// Map page: the list of companies and the filters work at once, from /assets/map.HASH.json (this
// site). The map itself, whose images come from a tile server, starts only after the
// visitor agrees (or when the site's own tile server needs no consent). Filters live in
// the address (?branch=…&district=…), so a link opens the map already filtered.
import { askBeforeLoading } from "./consent.js";
import { arrangeControls, controlPadding } from "./map-controls.js";
import { berlinNow, clock, listFormat } from "./shared.js";

var FILTERS = ["branch", "occupation", "district", "language"];
// filter -> [field of a company in map.json, list in map.json's "terms" its numbers point into]
var FILTER_FIELDS = {
  branch: ["branches", "branches"], occupation: ["occupations", "occupations"],
  district: ["district", "districts"], language: ["languages", "languages"]
};
var KINDS = { companies: "company", venues: "venue" };  // layer -> class and marker kind
function rowsOf(table) {
  return table.rows.map(function (row) {
    var item = {};
    table.fields.forEach(function (field, i) { item[field] = row[i]; });
    return item;
  });
}
// Hours in map.json: "31:540-720;32:600-660", weekday bits (Monday 1 … Sunday 64), then minutes.
function slotsOf(hours) {
  return hours.split(";").filter(Boolean).map(function (slot) {
    var parts = slot.split(":");
    var span = parts[1].split("-");
    return { days: parseInt(parts[0], 10), opens: parseInt(span[0], 10), closes: parseInt(span[1], 10) };
  });
}
function openAt(slots, now) {
  var bit = [64, 1, 2, 4, 8, 16, 32][now.day];
  return slots.some(function (slot) {
    return (slot.days & bit) && slot.opens <= now.minutes && now.minutes < slot.closes;
  });
}
// "Mo.–Fr. 09:00–12:00", one line per slot; day names come from the page (Monday first).
function describeHours(hours, dayNames) {
  return slotsOf(hours).map(function (slot) {
    var runs = [];
    for (var day = 0; day < 7; day++) {
      if (!(slot.days & (1 << day))) { continue; }
      var last = runs[runs.length - 1];
      if (last && last[1] === day - 1) { last[1] = day; } else { runs.push([day, day]); }
    }
    var days = listFormat("unit").format(runs.map(function (run) {
      return run[0] === run[1] ? dayNames[run[0]] : dayNames[run[0]] + "–" + dayNames[run[1]];
    }));
    return days + " " + clock(slot.opens) + "–" + clock(slot.closes);
  });
}
export function startMapPage(consent) {
  var language = consent.getAttribute("data-language");
  var dayNames = consent.getAttribute("data-weekdays").split("|");
  var form = document.querySelector("[data-map-filters]");
  var count = document.querySelector("[data-map-count]");
  var links = {};
  document.querySelectorAll(".map-group a").forEach(function (link) {
    links[link.getAttribute("href").split("/")[3]] = link.parentNode;
  });
  var labels = {};
  FILTERS.forEach(function (name) {
    labels[name] = {};
    form.elements[name].querySelectorAll("option").forEach(function (option) { labels[name][option.value] = option.textContent; });
  });
  var params = new URLSearchParams(location.search);
  FILTERS.forEach(function (name) { if (params.get(name)) { form.elements[name].value = params.get(name); } });
  form.elements.open.checked = params.get("open") === "1";
  form.hidden = false;
  form.removeAttribute("data-script-shows");
  // The folded filters: open when the address already sets one.
  var more = form.querySelector("[data-map-more]");
  var active = more.querySelector("[data-map-active]");
  function countActive() {
    var chosen = FILTERS.filter(function (name) { return form.elements[name].value; }).length + (form.elements.open.checked ? 1 : 0);
    active.textContent = chosen ? " (" + active.getAttribute("data-template").replace("{count}", chosen) + ")" : "";
    return chosen;
  }
  if (countActive()) { more.open = true; }
  form.addEventListener("change", countActive);
  var state = { data: null, map: null, filtered: FILTERS.some(function (name) { return params.get(name); }) };
  var empty = document.querySelector("[data-map-empty]");
  // Pins and cluster icons grow with the page's text size, never below 28 px (WCAG 2.2 asks 24).
  var pinSize = Math.max(28, Math.round(1.75 * parseFloat(getComputedStyle(document.documentElement).fontSize)));

  function chosen() {
    var wanted = {};
    FILTERS.forEach(function (name) { wanted[name] = form.elements[name].value; });
    return wanted;
  }
  // The chosen terms as [field, number] pairs, looked up once per change, not per company.
  function conditions(wanted) {
    return FILTERS.filter(function (name) { return wanted[name]; }).map(function (name) {
      var field = FILTER_FIELDS[name];
      return [field[0], state.data.terms[field[1]].indexOf(wanted[name])];
    });
  }
  // A filter a place has no field for (a venue has no industry) does not hide it.
  function matches(item, tests, now) {
    return tests.every(function (test) {
      var value = item[test[0]];
      if (value === undefined) { return true; }
      return Array.isArray(value) ? value.indexOf(test[1]) !== -1 : value === test[1];
    }) && (!now || openAt(item.slots || (item.slots = slotsOf(item.hours)), now));  // parsed once per place
  }
  function popup(item, kind) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.tabIndex = -1;  // takes the focus when the popup opens
    var title = document.createElement("strong");
    title.textContent = item.name;
    box.appendChild(title);
    if (item.branches) {
      var branches = document.createElement("p");
      branches.textContent = listFormat("conjunction").format(
        item.branches.map(function (i) { return labels.branch[state.data.terms.branches[i]]; }).filter(Boolean));
      box.appendChild(branches);
    }
    var lines = describeHours(item.hours, dayNames);
    if (lines.length) {
      var hours = document.createElement("p");
      hours.appendChild(document.createTextNode(consent.getAttribute(kind === "companies" ? "data-company-hours" : "data-venue-hours") + ":"));
      lines.forEach(function (line) {
        hours.appendChild(document.createElement("br"));
        hours.appendChild(document.createTextNode(line));
      });
      box.appendChild(hours);
    }
    var link = document.createElement("a");
    link.href = "/" + language + "/" + kind + "/" + item.id + "/";
    link.textContent = consent.getAttribute(kind === "companies" ? "data-company-link" : "data-venue-link");
    box.appendChild(link);
    return box;
  }
  // A pin: its shape and colour say company (round) or venue (diamond), see the legend.
  function pinIcon(kind) {
    return L.divIcon({
      className: "map-pin map-pin-" + KINDS[kind], html: "", iconSize: [pinSize, pinSize], popupAnchor: [0, -pinSize / 2]
    });
  }
  // A cluster: the shape and colour of its pins when they are all of one kind, the count, and a name.
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var element = L.DivIcon.prototype.createIcon.call(this, old);
      element.setAttribute("aria-label", consent.getAttribute("data-cluster").replace("{count}", this.options.count));
      return element;
    }
  });
  function clusterIcon(cluster) {
    var kinds = {};
    cluster.getAllChildMarkers().forEach(function (marker) { kinds[marker.options.kind] = true; });
    var kind = Object.keys(kinds).length === 1 ? Object.keys(kinds)[0] : "mixed";
    var count = document.createElement("span");
    count.textContent = cluster.getChildCount();
    var size = Math.round(pinSize * 1.4);
    return new ClusterIcon({
      className: "map-cluster map-cluster-" + kind, html: count, count: cluster.getChildCount(), iconSize: [size, size]
    });
  }
  // Companies and venues: one cluster group on the map (so their pins never overlap), each kind
  // also a layer of its own that holds the places the filters leave (not itself on the map).
  var Kind = L.LayerGroup.extend({
    initialize: function (places) { L.LayerGroup.prototype.initialize.call(this); this._places = places; },
    zoomToShowLayer: function (marker, done) { this._places.zoomToShowLayer(marker, done); }
  });
  // One marker per place, made when first shown; its popup is built when it opens.
  function markersOf(items, kind) {
    return items.map(function (item) {
      if (!item.marker) {
        item.marker = L.marker([item.lat, item.lon], { title: item.name, icon: pinIcon(kind), kind: KINDS[kind] })
          .bindPopup(function () { return popup(item, kind); }, { closeButton: true });
        // role=button answers Enter (Leaflet) and Space (here).
        item.marker.on("keypress", function (event) {
          if (event.originalEvent.key === " ") { event.originalEvent.preventDefault(); item.marker.openPopup(); }
        });
      }
      return item.marker;
    });
  }
  function layerShown(kind) {
    return form.querySelector("input[name=layer][value=" + kind + "]").checked;
  }
  // After a filter changes: show every place that is left, clear of the controls.
  function fitTo(places) {
    if (!places.length) {
      empty.textContent = empty.getAttribute("data-text");  // the map keeps its view
      return;
    }
    empty.textContent = "";
    var pad = controlPadding(state.map.map);
    var bounds = L.latLngBounds(places.map(function (place) { return [place.lat, place.lon]; }));
    // One place, or a few in one street: street level, not the closest zoom.
    // Without animation: Leaflet drops a zoom asked for while it still animates the last one (quick
    // filter changes), and a jump to the new places spares motion to those who get dizzy from it.
    state.map.map.fitBounds(bounds, {
      paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight, maxZoom: 16, animate: false
    });
  }
  function show(changed) {
    var wanted = chosen();
    var now = form.elements.open.checked ? berlinNow() : null;
    var tests = conditions(wanted);
    var shown = state.data.companies.filter(function (company) { return matches(company, tests, now); });
    var visible = {};
    shown.forEach(function (company) { visible[company.id] = true; });
    Object.keys(links).forEach(function (id) {
      if (links[id].hidden === !!visible[id]) { links[id].hidden = !visible[id]; }
    });
    document.querySelectorAll(".map-group").forEach(function (group) {
      var any = group.querySelector("li:not([hidden])") !== null;
      group.hidden = !any;
      group.previousElementSibling.hidden = !any;
    });
    count.textContent = count.getAttribute("data-template").replace("{count}", shown.length);
    var url = new URL(location.href);
    FILTERS.forEach(function (name) { if (wanted[name]) { url.searchParams.set(name, wanted[name]); } else { url.searchParams.delete(name); } });
    if (now) { url.searchParams.set("open", "1"); } else { url.searchParams.delete("open"); }
    history.replaceState(null, "", url);
    if (state.map) {
      var left = { companies: shown, venues: state.data.venues.filter(function (venue) { return matches(venue, tests, now); }) };
      var places = [];
      var markers = [];
      ["companies", "venues"].forEach(function (kind) {
        var kindMarkers = markersOf(left[kind], kind);
        state.map[kind].clearLayers();
        kindMarkers.forEach(function (marker) { state.map[kind].addLayer(marker); });
        if (layerShown(kind)) {
          places = places.concat(left[kind]);
          markers = markers.concat(kindMarkers);
        }
      });
      state.map.places.clearLayers();
      state.map.places.addLayers(markers);
      if (changed || state.filtered) { fitTo(places); }
    }
  }
  // Keyboard: focus into an opened popup; Escape (or its close button) returns it to the marker.
  function followFocus(map) {
    var container = map.getContainer();
    map.on("popupopen", function (event) {
      var pad = controlPadding(map);
      var options = event.popup.options;
      options.autoPanPaddingTopLeft = pad.topLeft;
      options.autoPanPaddingBottomRight = pad.bottomRight;
      options.maxWidth = Math.max(160, Math.min(320, pad.width - pad.topLeft.x - pad.bottomRight.x - 16));
      options.maxHeight = Math.max(120, pad.height - pad.topLeft.y - pad.bottomRight.y - pinSize - 24);
      event.popup.update();  // lays out and pans again with these options
      var element = event.popup.getElement();
      var close = element.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", consent.getAttribute("data-close")); close.title = consent.getAttribute("data-close"); }
      var content = element.querySelector(".map-popup");
      if (content) { content.focus({ preventScroll: true }); }
    });
    map.on("popupclose", function (event) {
      var element = event.popup.getElement();
      var marker = event.popup._source;
      var active = document.activeElement;
      var focusInside = !active || active === document.body || (element && element.contains(active));
      if (focusInside && marker && marker.getElement && marker.getElement()) {
        marker.getElement().focus({ preventScroll: true });
      }
    });
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
        event.preventDefault();
        map.closePopup();
      }
    });
    // Clusters are buttons too: markercluster answers Enter, Space does the same here.
    var group = state.map.places;
    group.on("clusterkeypress", function (event) {
      if (event.originalEvent.key !== " ") { return; }
      event.originalEvent.preventDefault();
      group._zoomOrSpiderfy({ layer: event.layer, type: "clusterclick" });
      container.focus({ preventScroll: true });
    });
  }
  function loadMap(byButton) {
    if (state.map || typeof window.offeneTuerMap !== "function") { return; }
    var box = document.getElementById("map_offene_tuer");
    box.hidden = false;
    consent.hidden = true;
    var made = window.offeneTuerMap();
    made.places.options.iconCreateFunction = clusterIcon;
    state.map = { map: made.map, places: made.places, companies: new Kind(made.places), venues: new Kind(made.places) };
    window.offeneTuerMapLayers = state.map;  // for the browser tests and curious visitors
    arrangeControls(state.map.map, consent);
    followFocus(state.map.map);
    show(true);  // and fit every place shown, clear of the controls
    if (byButton) { state.map.map.getContainer().focus({ preventScroll: true }); }  // not lost with the button
  }
  form.addEventListener("change", function () { if (state.data) { show(true); } });
  fetch(consent.getAttribute("data-map-data")).then(function (response) { return response.json(); }).then(function (data) {
    state.data = { terms: data.terms, companies: rowsOf(data.companies), venues: rowsOf(data.venues) };
    show();
    askBeforeLoading(consent, loadMap);
  });
}
