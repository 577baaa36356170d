"""The content checks, one module per concern; validate.py runs them in turn.

shape.py types each file through its model; the other modules check what the types
cannot: references between files, places and the map area, opening hours, offer dates,
what a record must say to be usable, translations, and freshness as of the build day.
problems.py, context.py and hints.py are what the concerns share.
"""
