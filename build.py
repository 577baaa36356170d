"""Command line of the site generator: `python build.py --help`."""

from site_tools.cli import main

if __name__ == "__main__":
    main()
