# Two entry points for a fresh machine (see README.md):
#   make run   set up, build the example site, serve it on http://localhost:8000
#   make test  set up, then run every check CI runs
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup bench clean

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Pinned in package-lock.json: esbuild, which bundles and minifies templates/assets/js/ and css/,
# and Leaflet and Leaflet.markercluster, which the build copies into the site. No install scripts
# run: the build calls esbuild's binary for this machine (node_modules/@esbuild/OS-ARCH) directly.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

run: setup
	$(BIN)/python build.py serve

test: setup
	$(BIN)/ruff check site_tools tests build.py
	$(BIN)/ruff format --check site_tools tests build.py
	$(BIN)/mypy
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m site_tools.tools.bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
