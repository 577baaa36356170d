"""The campaign map: Leaflet's files, the map script folium writes, and the marker data.

folium describes the map (tiles, one cluster group for companies and venues) and writes its
JavaScript. Only that script is kept, wrapped in a function that site.js calls once the
visitor has agreed to load map images; folium's CDN links (Leaflet, jQuery, Bootstrap,
Font Awesome, glyphicons), inline styles and HTML are never used. Leaflet and
Leaflet.markercluster come from the npm packages pinned in package-lock.json and are
copied from node_modules/ into /assets/vendor/, without their source maps. folium's element
ids are fixed, so the script is the same on every build.

Markers are not folium Markers (a kilobyte of script each): /assets/map.HASH.json holds every
company and venue as ids and numbers, and each language's map page supplies the labels.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import folium
from folium.plugins import MarkerCluster

from site_tools.content.model import LanguageTerm, OpeningSlot
from site_tools.content.validate import Content
from site_tools.errors import BuildError
from site_tools.outputs.assets import fingerprinted
from site_tools.outputs.write import SiteWriter
from site_tools.pages.i18n import N_, Localizer
from site_tools.paths import NODE_MODULES

# npm package -> files to serve, relative to the package (folders keep their layout, so
# leaflet.css still finds images/marker-icon.png next to it).
VENDOR_FILES = {
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images"],
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
    ],
}
MAP_ELEMENT_ID = "map_offene_tuer"  # folium names the map variable and the <div> after the map's _id
WEEKDAY_BITS = {"mo": 1, "tu": 2, "we": 4, "th": 8, "fr": 16, "sa": 32, "su": 64}
# The last line of leaflet.js: "//# sourceMappingURL=leaflet.js.map". The maps are not served,
# and a browser's developer tools would ask for them and get a 404.
SOURCE_MAP_COMMENT = re.compile(rb"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*\Z")


def write_map_files(writer: SiteWriter, content: Content) -> dict[str, str]:
    """Copy Leaflet, write the marker data and each language's map script; return URLs by name.

    Names: leaflet_js, leaflet_css, cluster_js, cluster_css, cluster_default_css, map_data,
    and map_script_LANG for each language.
    """
    urls = _copy_vendor_files(writer)
    data = json.dumps(map_data(content), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    urls["map_data"] = f"/assets/{fingerprinted('map.json', data)}"
    writer.write_bytes(urls["map_data"].lstrip("/"), data)
    languages: dict[str, LanguageTerm] = content.taxonomies.get("languages", {})  # type: ignore[assignment]
    for language in content.site.languages:
        script = map_script(content, Localizer(language, languages)).encode("utf-8")
        urls[f"map_script_{language}"] = f"/assets/{fingerprinted(f'map-{language}.js', script)}"
        writer.write_bytes(urls[f"map_script_{language}"].lstrip("/"), script)
    return urls


def _copy_vendor_files(writer: SiteWriter) -> dict[str, str]:
    urls = {}
    for package, files in VENDOR_FILES.items():
        root = NODE_MODULES / package
        manifest = root / "package.json"
        if not manifest.is_file():
            raise BuildError(f"{root} is missing: run `make setup` (or `npm ci`) to install the map libraries")
        folder = f"assets/vendor/{package}-{json.loads(manifest.read_text(encoding='utf-8'))['version']}"
        for name in files:
            source = root / name
            for path in sorted(source.rglob("*")) if source.is_dir() else [source]:
                if path.is_file() and path.suffix != ".map":
                    relative = path.relative_to(root / "dist")
                    data = path.read_bytes()
                    if path.suffix in (".js", ".css"):
                        data = SOURCE_MAP_COMMENT.sub(b"\n", data)
                    writer.write_bytes(f"{folder}/{relative.as_posix()}", data)
        urls.update(_vendor_urls(package, folder))
    return urls


def _vendor_urls(package: str, folder: str) -> dict[str, str]:
    if package == "leaflet":
        return {"leaflet_js": f"/{folder}/leaflet.js", "leaflet_css": f"/{folder}/leaflet.css"}
    return {
        "cluster_js": f"/{folder}/leaflet.markercluster.js",
        "cluster_css": f"/{folder}/MarkerCluster.css",
        "cluster_default_css": f"/{folder}/MarkerCluster.Default.css",
    }


def map_script(content: Content, loc: Localizer) -> str:
    """folium's script for the map in one language, as a function site.js calls after consent."""
    site_map = content.site.map
    figure = folium.Map(
        location=[site_map.center.lat, site_map.center.lon],
        zoom_start=site_map.zoom,
        tiles=None,
        # Leaflet's scale shows miles too; map-page.js adds a metric one where the page's direction puts it.
        control_scale=False,
        max_bounds=True,
        min_lat=float(site_map.bounds.south),
        max_lat=float(site_map.bounds.north),
        min_lon=float(site_map.bounds.west),
        max_lon=float(site_map.bounds.east),
    )
    figure._id = MAP_ELEMENT_ID.removeprefix("map_")
    # Leaflet shows the attribution and the layer names through innerHTML: they go in as escaped text.
    # control=False: with one base map there is nothing to switch. Companies and venues are switched by
    # the legend's checkboxes on the page (map.html), outside the map: Leaflet's layer box would cover
    # a phone's map at large text sizes.
    attribution = html.escape(site_map.tiles.attribution)
    tiles = folium.TileLayer(tiles=site_map.tiles.url, attr=attribution, control=False, max_zoom=19)
    tiles._id = "tiles"
    tiles.add_to(figure)
    # One cluster group for both kinds of place: two groups cluster apart and put a venue's pin on
    # top of a company's in the same street (overlapping targets, WCAG 2.2 2.5.8). map-page.js
    # keeps the companies and venues shown as two layers of their own, switched by the legend.
    cluster = MarkerCluster(name=html.escape(loc.gettext(N_("Map"))))  # type: ignore[no-untyped-call]
    cluster._id = "places"
    cluster.add_to(figure)
    root: Any = figure.get_root()  # a branca Figure: header, html and script parts
    root.render()  # fills root.script; the HTML and CDN links it returns are thrown away
    script = root.script.render().strip()
    return (
        "// Written by folium (site_tools/outputs/map.py); site.js calls it once map images may load.\n"
        "window.offeneTuerMap = function () {\n"
        f"{script}\n"
        f"  return {{ map: {MAP_ELEMENT_ID}, places: marker_cluster_places }};\n"
        "};\n"
    )


def _hours(slots: list[OpeningSlot]) -> str:
    """'3:540-720;32:600-720': weekday bits (Monday 1 … Sunday 64), then minutes from/to."""
    return ";".join(
        f"{sum(WEEKDAY_BITS[day] for day in slot.days)}:"
        f"{slot.opens.hour * 60 + slot.opens.minute}-{slot.closes.hour * 60 + slot.closes.minute}"
        for slot in slots
    )


def map_data(content: Content) -> dict[str, Any]:
    """Every company and venue with position, term numbers and hours; labels come from the page.

    Terms are numbers into the "terms" lists, which keeps the file small for 10,000 companies.
    """
    terms = {name: sorted(content.taxonomies.get(name, {})) for name in ("branches", "occupations", "districts")}
    terms["languages"] = sorted(content.taxonomies.get("languages", {}))
    number = {name: {term: i for i, term in enumerate(ids)} for name, ids in terms.items()}

    def numbers(name: str, ids: list[str]) -> list[int]:
        return [number[name][i] for i in ids if i in number[name]]

    companies = [
        [
            company.id,
            company.name,
            company.geo.lat,
            company.geo.lon,
            numbers("branches", company.branches),
            numbers("occupations", company.occupations),
            number["districts"].get(company.address.district, -1),
            numbers("languages", company.languages),
            _hours(company.open_door.hours),
        ]
        for _, company in sorted(content.companies.items())
    ]
    venues = [
        [
            venue.id,
            venue.name,
            venue.geo.lat,
            venue.geo.lon,
            number["districts"].get(venue.address.district, -1),
            numbers("languages", venue.languages),
            _hours(venue.opening_hours),
        ]
        for _, venue in sorted(content.venues.items())
    ]
    return {
        "terms": terms,
        "companies": {"fields": COMPANY_FIELDS, "rows": companies},
        "venues": {"fields": VENUE_FIELDS, "rows": venues},
    }


COMPANY_FIELDS = ["id", "name", "lat", "lon", "branches", "occupations", "district", "languages", "hours"]
VENUE_FIELDS = ["id", "name", "lat", "lon", "district", "languages", "hours"]
