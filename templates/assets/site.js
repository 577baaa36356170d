// Offene Türen – the site's own script. Everything works without it; it only adds:
// the language chosen at "/", "open now" on venue pages, the print button, the map page
// and the small maps on company and venue pages (each after consent), the consent switch
// on the privacy page and Pagefind's search on the search page. Until the visitor agrees
// to load map images, nothing leaves this site: search runs on index files served here.
(function () {
  "use strict";
  var LANGUAGE_KEY = "offene-tuer-language";
  var CONSENT_KEY = "offene-tuer-map-consent";

  function store(key, value) {
    try { if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); } } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  // "/" and the QR code addresses: go to the visitor's language.
  function chooseLanguage(body) {
    var available = (body.getAttribute("data-languages") || "").split(" ");
    var wanted = [stored(LANGUAGE_KEY)].concat(navigator.languages || [navigator.language]);
    var chosen = available[0];
    for (var i = 0; i < wanted.length; i++) {
      var code = (wanted[i] || "").toLowerCase().split("-")[0];
      if (available.indexOf(code) !== -1) { chosen = code; break; }
    }
    location.replace("/" + chosen + "/" + body.getAttribute("data-entry-target"));
  }

  // Remember a language picked in the switcher; it wins over the browser's on the next visit.
  function rememberLanguageChoice() {
    document.querySelectorAll("a[data-language]").forEach(function (link) {
      link.addEventListener("click", function () {
        var language = link.getAttribute("data-language");
        store(LANGUAGE_KEY, language);
        // The host reads this cookie when "/" is requested (see netlify.toml); one year, no identifier.
        document.cookie = "nf_lang=" + language + "; path=/; max-age=31536000; SameSite=Lax" +
          (location.protocol === "https:" ? "; Secure" : "");
      });
    });
  }

  // Venue pages: "open now" from the weekly table, in Bochum's time zone.
  var DAYS = ["su", "mo", "tu", "we", "th", "fr", "sa"];
  function berlinNow() {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date());
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    var day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
    return { day: day, minutes: parseInt(get("hour"), 10) * 60 + parseInt(get("minute"), 10) };
  }
  function minutes(text) { var p = text.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
  // A time of day in the page's language, with Latin digits as the pages written by Babel have.
  var clockFormat = null;
  function clock(minutesOfDay) {
    clockFormat = clockFormat || new Intl.DateTimeFormat(document.documentElement.lang, {
      hour: "2-digit", minute: "2-digit", numberingSystem: "latn", timeZone: "UTC"
    });
    return clockFormat.format(new Date(Date.UTC(2000, 0, 1, 0, minutesOfDay)));
  }
  function showTime(text) { return clock(minutes(text)); }
  // "Di., Do." and "A, B und C" with the page language's own separators (Arabic has its own).
  function listFormat(type) {
    return new Intl.ListFormat(document.documentElement.lang, { type: type, style: type === "unit" ? "short" : "long" });
  }
  function openNow(status) {
    var table = status.previousElementSibling;
    var rows = {};
    table.querySelectorAll("tr[data-day]").forEach(function (row) {
      rows[row.getAttribute("data-day")] = {
        name: row.querySelector("th").textContent,
        spans: row.getAttribute("data-spans").split(" ").filter(Boolean).map(function (s) { return s.split("-"); }),
        row: row
      };
    });
    var now = berlinNow();
    var today = rows[DAYS[now.day]];
    if (today) { today.row.classList.add("today"); }
    var text = null;
    if (today) {
      today.spans.forEach(function (span) {
        if (text === null && minutes(span[0]) <= now.minutes && now.minutes < minutes(span[1])) {
          text = status.getAttribute("data-open").replace("{time}", showTime(span[1]));
        }
      });
    }
    // Up to the same weekday next week: a venue open one day a week opens again in seven days.
    for (var ahead = 0; text === null && ahead <= 7; ahead++) {
      var entry = rows[DAYS[(now.day + ahead) % 7]];
      if (!entry) { continue; }
      entry.spans.forEach(function (span) {
        if (text === null && span[0] && (ahead > 0 || minutes(span[0]) > now.minutes)) {
          var template = ahead === 0 ? status.getAttribute("data-opens-today") : status.getAttribute("data-opens");
          text = template.replace("{day}", entry.name).replace("{time}", showTime(span[0]));
        }
      });
    }
    status.textContent = text || status.getAttribute("data-closed");
    status.hidden = false;
  }

  // Privacy page: show and withdraw the map consent kept in this browser.
  function consentSettings(status) {
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

  // Search page: Pagefind's default UI (pagefind-ui.js, loaded by the search page only) in the
  // page's language, from <html lang>. The query lives in ?q=, so the header field, links and
  // the Back button all land on the same results.
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  // Pagefind writes "12 results for …" without a live region; repeat it, once typing pauses.
  function announceResults(container, status) {
    var timer = null;
    new MutationObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var message = container.querySelector(".pagefind-ui__message");
        var text = message ? message.textContent.trim() : "";
        if (text && status.textContent !== text) { status.textContent = text; }
      }, 600);
    }).observe(container, { childList: true, subtree: true, characterData: true });
  }
  // Pagefind answers a search that starts before all its filter files have loaded with only some
  // of the filters, and its UI keeps that short list until the next search (seen on slow
  // machines: whole filter groups missing). So the filters are loaded first, through the same
  // pagefind.js the UI uses (one module, one worker), and only then is the search started.
  function filtersLoaded() {
    var uiScript = document.querySelector("script[src$='pagefind-ui.js']");
    if (!uiScript) { return Promise.resolve(); }
    return import(uiScript.src.replace(/pagefind-ui\.js$/, "pagefind.js"))
      .then(function (pagefind) { return pagefind.filters(); })
      .catch(function () { /* a broken index: Pagefind's UI says so when it searches */ });
  }
  function startSearch(container) {
    if (typeof window.PagefindUI !== "function") { return; }
    var query = new URLSearchParams(location.search).get("q") || "";
    var ui = new window.PagefindUI({
      element: container,
      showSubResults: false,
      showImages: false,
      showEmptyFilters: false,
      excerptLength: 24,
      autofocus: !query,
      translations: {
        search_label: container.getAttribute("data-label"),
        search_suggestion: container.getAttribute("data-search-suggestion")
      },
      processResult: function (result) {
        // Every page links to itself; a "url" in the metadata would send the result elsewhere.
        delete result.meta.url;
        // "summary" is kept out of the tags under each result. Pagefind's UI gives every
        // search result an excerpt, so the summary stands in only should one come empty.
        var summary = result.meta.summary || "";
        delete result.meta.summary;
        if (!result.excerpt && summary) { result.excerpt = escapeHtml(summary); }
        return result;
      }
    });
    // Pagefind's field has only a title and a placeholder; give it a visible label.
    var input = container.querySelector(".pagefind-ui__search-input");
    if (input) {
      var label = document.createElement("label");
      input.id = "search-page-input";
      label.htmlFor = input.id;
      label.className = "search-label";
      label.textContent = container.getAttribute("data-label");
      input.parentNode.insertBefore(label, input);
    }
    container.hidden = false;
    document.querySelector("[data-search-fallback]").hidden = true;
    var headerForm = document.querySelector(".site-header .search-form");
    if (headerForm) { headerForm.hidden = true; }  // one search field per page is enough
    announceResults(container, document.querySelector("[data-search-status]"));
    if (query) { filtersLoaded().then(function () { ui.triggerSearch(query); }); }
    container.addEventListener("input", function (event) {
      if (!event.target.matches("input[type=text], input[type=search]")) { return; }
      var url = new URL(location.href);
      if (event.target.value) { url.searchParams.set("q", event.target.value); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url);
    });
  }

  // Map page: the list of companies and the filters work at once, from /assets/map.HASH.json (this
  // site). The map itself, whose images come from a tile server, starts only after the
  // visitor agrees (or when the site's own tile server needs no consent). Filters live in
  // the address (?branch=…&district=…), so a link opens the map already filtered.
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
  function startMapPage(consent) {
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

  // Map images come from a tile server: load them at once if the site needs no consent or the
  // visitor agreed before, else show the "Load map" button next to its sentence.
  function askBeforeLoading(box, load) {
    var button = box.querySelector("[data-map-load]");
    if (box.getAttribute("data-needs-consent") === "no" || stored(CONSENT_KEY) === "yes") {
      load();
    } else if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { store(CONSENT_KEY, "yes"); load(); });
    }
  }

  // Company and venue pages: a small map of the place. Leaflet (from this site) is fetched
  // only when the map is about to load, so a page that never shows a map stays light.
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
  function startPlaceMap(box) {
    box.hidden = false;
    askBeforeLoading(box, function () {
      loadLeaflet(box, function () {
        box.querySelectorAll("p").forEach(function (line) { line.hidden = true; });
        var canvas = box.querySelector(".place-map-canvas");
        canvas.hidden = false;
        var place = [parseFloat(box.getAttribute("data-lat")), parseFloat(box.getAttribute("data-lon"))];
        var map = L.map(canvas, { scrollWheelZoom: false }).setView(place, 16);
        L.tileLayer(box.getAttribute("data-tiles"), {
          attribution: escapeHtml(box.getAttribute("data-attribution")), maxZoom: 19
        }).addTo(map);
        L.marker(place, { title: box.getAttribute("data-name") }).addTo(map);
        box.placeMap = map;  // for the browser tests
      });
    });
  }

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
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
