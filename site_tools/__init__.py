"""Static-site generator for a city's offer directory and "Offene Tür" campaign map.

The folders are the pipeline's stages, in the order a build runs them (pipeline.py):

    content/   read and check: every record typed, every problem at file:line:column
    pages/     which pages exist, and what each kind of page shows, in each language
    outputs/   what gets written: HTML, search index, map, open data, assets; write.py writes
    intake/    records coming in: the office's table, the sign-up issue, `new`
    tools/     around the built site: preview server, host rules, link check, report, benchmark
    cli.py     the click command line (build.py is a shim over it)

Imports only run down this list; tests/test_layout.py checks it.
"""
