// Venue and company pages: "open now" (for a company: its open door) from the weekly table
// before the status line, in Bochum's time zone, and today's row marked. The status line's
// sentences come translated in its data-* attributes; times are written in the page's language.
import { berlinNow, tableClock } from "./shared.js";

var DAYS = ["su", "mo", "tu", "we", "th", "fr", "sa"];
function minutes(text) { var p = text.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
function showTime(text) { return tableClock(minutes(text)); }

export function openNow(status) {
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
  if (today) { today.row.classList.add("today"); today.row.setAttribute("aria-current", "date"); }
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
