// Offene Türen – the site's own script. Everything works without it; it only adds:
// the language chosen at "/", "open now" on venue pages, the print button, the map
// consent switch on the privacy page and Pagefind's search on the search page. No data
// leaves the browser: search runs on index files served by this site.
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
      link.addEventListener("click", function () { store(LANGUAGE_KEY, link.getAttribute("data-language")); });
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
  function showTime(text) {
    var d = new Date(2000, 0, 1, parseInt(text.split(":")[0], 10), parseInt(text.split(":")[1], 10));
    return d.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
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
    if (query) { ui.triggerSearch(query); }
    container.addEventListener("input", function (event) {
      if (!event.target.matches("input[type=text], input[type=search]")) { return; }
      var url = new URL(location.href);
      if (event.target.value) { url.searchParams.set("q", event.target.value); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    if (body.hasAttribute("data-entry-target")) { chooseLanguage(body); return; }
    rememberLanguageChoice();
    document.querySelectorAll("[data-open-now]").forEach(openNow);
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
