// Language choice: "/" and the QR code addresses go to the visitor's language; a language
// picked in the switcher is remembered.
import { store, stored } from "./shared.js";

var LANGUAGE_KEY = "offene-tuer-language";

// "/" and the QR code addresses: go to the visitor's language.
export function chooseLanguage(body) {
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
export function rememberLanguageChoice() {
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
