// Search page: Pagefind's default UI (pagefind-ui.js, loaded by the search page only) in the
// page's language, from <html lang>. The query lives in ?q=, so the header field, links and
// the Back button all land on the same results.
import { escapeHtml } from "./shared.js";

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
// Pagefind names each filter checkbox "filter name-value", with spaces: not a valid id, and
// some screen readers then miss the label. Give each its own valid id (the same one for the
// same filter value whenever Pagefind draws the list anew) and point its label there.
function validFilterIds(container) {
  var ids = new Map();
  function renumber() {
    container.querySelectorAll(".pagefind-ui__filter-value").forEach(function (row) {
      var box = row.querySelector("input");
      var label = row.querySelector("label");
      if (!box || box.id.indexOf("search-filter-") === 0) { return; }
      if (!ids.has(box.id)) { ids.set(box.id, "search-filter-" + (ids.size + 1)); }
      box.id = ids.get(box.id);
      if (label) { label.htmlFor = box.id; }
    });
  }
  new MutationObserver(renumber).observe(container, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["id"]
  });
}
// A German name or German text standing in for a translation (meta "title_lang_de",
// "text_lang_de", see site_tools/pages/facets.py) keeps its language in the results, so screen readers
// pronounce it as German and browsers hyphenate it so. Pagefind draws the results anew at
// will; each drawing is marked again from what processResult noted per page.
function markLanguages(container, languages) {
  function mark(element, language) {
    if (!element) { return; }
    if (language) {
      if (element.lang !== language) { element.lang = language; element.dir = "ltr"; }
    } else if (element.hasAttribute("lang")) {
      element.removeAttribute("lang");
      element.removeAttribute("dir");
    }
  }
  new MutationObserver(function () {
    container.querySelectorAll(".pagefind-ui__result").forEach(function (result) {
      var link = result.querySelector(".pagefind-ui__result-link");
      var noted = (link && languages.get(link.getAttribute("href"))) || {};
      mark(link, noted.title);
      mark(result.querySelector(".pagefind-ui__result-excerpt"), noted.text);
    });
  }).observe(container, { childList: true, subtree: true, characterData: true });
}
export function startSearch(container) {
  if (typeof window.PagefindUI !== "function") {
    // Pagefind's script did not arrive: show the lists instead, as without JavaScript.
    container.removeAttribute("data-search-js");
    document.querySelector("[data-search-fallback]").removeAttribute("data-search-js");
    return;
  }
  validFilterIds(container);
  var languages = new Map();
  markLanguages(container, languages);
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
      var noted = {};
      Object.keys(result.meta).forEach(function (key) {
        var match = /^(title|text)_lang_([a-z]{2,3})$/.exec(key);
        if (match) { noted[match[1]] = match[2]; delete result.meta[key]; }
      });
      languages.set(result.url, noted);
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
