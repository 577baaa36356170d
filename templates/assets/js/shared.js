// Helpers more than one feature uses: the browser's storage, HTML escaping, Bochum's clock
// and lists in the page's language.

export function store(key, value) {
  try { if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); } } catch (e) { /* private mode */ }
}
export function stored(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}

export function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// The weekday (0 Sunday … 6 Saturday) and minute of the day now, in Bochum's time zone.
export function berlinNow() {
  var parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  }).formatToParts(new Date());
  var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
  var day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { day: day, minutes: parseInt(get("hour"), 10) * 60 + parseInt(get("minute"), 10) };
}
// A time of day in the page's language, with Latin digits as the pages written by Babel have.
var clockFormat = null;
export function clock(minutesOfDay) {
  clockFormat = clockFormat || new Intl.DateTimeFormat(document.documentElement.lang, {
    hour: "2-digit", minute: "2-digit", numberingSystem: "latn", timeZone: "UTC"
  });
  return clockFormat.format(new Date(Date.UTC(2000, 0, 1, 0, minutesOfDay)));
}
// The same, written exactly as Babel writes the hours table beside it: "09:00" where the day has
// 24 hours, "9:00 ص" / "9:00 AM" (not "09:00 ص") where it has twice 12.
var tableClockFormat = null;
export function tableClock(minutesOfDay) {
  if (!tableClockFormat) {
    var language = document.documentElement.lang;
    var cycle = new Intl.DateTimeFormat(language, { hour: "numeric" }).resolvedOptions().hourCycle;
    tableClockFormat = new Intl.DateTimeFormat(language, {
      hour: cycle === "h23" || cycle === "h24" ? "2-digit" : "numeric", minute: "2-digit",
      numberingSystem: "latn", timeZone: "UTC"
    });
  }
  return tableClockFormat.format(new Date(Date.UTC(2000, 0, 1, 0, minutesOfDay)));
}
// "Di., Do." and "A, B und C" with the page language's own separators (Arabic has its own).
export function listFormat(type) {
  return new Intl.ListFormat(document.documentElement.lang, { type: type, style: type === "unit" ? "short" : "long" });
}
