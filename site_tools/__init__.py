"""Static-site generator for a city's offer directory and "Offene Tür" campaign map.

The pipeline, one module per stage:

    load.py      read content/ into located YAML data (strict_yaml.py does the parsing)
    model.py     typed records (scalars.py types the text), JSON Schema export in schema.py
    validate.py  shape, cross-reference and freshness checks; every problem with file:line:col
    report.py    print problems as text, GitHub annotations or JSON
    cli.py       the click command line (build.py is a shim over it)
"""
