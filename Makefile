# Everyday commands. Each creates the virtual environment .venv on first use.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run report test slow bench validate clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/.installed          ## solve the bundled Flemish case
	$(VENV)/bin/portfolio solve

report: $(VENV)/.installed       ## write the bundled case's action plan into out/ (md, csv, xlsx, html)
	$(VENV)/bin/portfolio report --out out --force

validate: $(VENV)/.installed     ## validate the bundled Flemish case
	$(VENV)/bin/portfolio validate

test: $(VENV)/.installed         ## the fast test suite (what CI runs)
	$(PY) -m pytest

slow: $(VENV)/.installed         ## the long runs only
	$(PY) -m pytest -m slow

bench: $(VENV)/.installed        ## solver and build benchmarks (pytest-benchmark)
	$(PY) -m pytest benchmarks --benchmark-only

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks .hypothesis
