// Map page: the list of companies and the filters work at once, from /assets/map.HASH.json (this
// site). The map itself, whose images come from a tile server, starts only after the
// visitor agrees (or when the site's own tile server needs no consent). Filters live in
// the address (?branch=…&district=…), so a link opens the map already filtered.
import { askBeforeLoading } from "./consent.js";
import { berlinNow, clock, listFormat } from "./shared.js";

var FILTERS = ["branch", "occupation", "district", "language"];
// filter -> [field of a company in map.json, list in map.json's "terms" its numbers point into]
var FILTER_FIELDS = {
  branch: ["branches", "branches"], occupation: ["occupations", "occupations"],
  district: ["district", "districts"], language: ["languages", "languages"]
};
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
  var state = { data: null, map: null };

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
  // One marker per place, made when first shown; its popup is built when it opens.
  function markersOf(items, kind) {
    return items.map(function (item) {
      if (!item.marker) {
        item.marker = L.marker([item.lat, item.lon], { title: item.name })
          .bindPopup(function () { return popup(item, kind); });
      }
      return item.marker;
    });
  }
  function show() {
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
      state.map.companies.clearLayers();
      state.map.companies.addLayers(markersOf(shown, "companies"));
      state.map.venues.clearLayers();
      state.map.venues.addLayers(markersOf(state.data.venues.filter(function (venue) { return matches(venue, tests, now); }), "venues"));
    }
  }
  function loadMap() {
    if (state.map || typeof window.offeneTuerMap !== "function") { return; }
    var box = document.getElementById("map_offene_tuer");
    box.hidden = false;
    consent.hidden = true;
    state.map = window.offeneTuerMap();
    window.offeneTuerMapLayers = state.map;  // for the browser tests and curious visitors
    show();
  }
  form.addEventListener("change", function () { if (state.data) { show(); } });
  fetch(consent.getAttribute("data-map-data")).then(function (response) { return response.json(); }).then(function (data) {
    state.data = { terms: data.terms, companies: rowsOf(data.companies), venues: rowsOf(data.venues) };
    show();
    askBeforeLoading(consent, loadMap);
  });
}
