# Everyday commands. Each creates the virtual environment .venv on first use.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: lock run report test slow bench bench-all bench-process bench-scale bench-phased bench-save validate clean

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

lock:                            ## refresh constraints.txt: the newest versions within pyproject.toml's ranges, in a scratch environment (then run make test)
	rm -rf out/lock && python3 -m venv out/lock
	out/lock/bin/pip install -q -e '.[dev]'
	{ sed -n '/^#/p' constraints.txt; out/lock/bin/pip freeze --exclude-editable | grep -iv '^drempels-portfolio'; } > out/constraints.txt
	mv out/constraints.txt constraints.txt && rm -rf out/lock

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

BENCH := out/bench
BENCH_PYTEST = $(PY) -m pytest --benchmark-only --benchmark-json=$(BENCH)/raw.json
BENCH_REPORT = $(PY) benchmarks/results.py $(BENCH)/raw.json --out $(BENCH)/run.json && \
	$(PY) benchmarks/table.py $(BENCH)/run.json --out $(BENCH) | tee $(BENCH)/table.md && \
	$(PY) benchmarks/compare.py $(BENCH)/run.json

bench: $(VENV)/.installed        ## benchmarks, default set (~20 min on 2 cores): table and plots in out/bench, compared with the last saved run
	mkdir -p $(BENCH)
	$(BENCH_PYTEST) benchmarks
	$(BENCH_REPORT)

bench-all: $(VENV)/.installed    ## every benchmark, the slow sizes too
	mkdir -p $(BENCH)
	$(BENCH_PYTEST) benchmarks -m "slow or not slow"
	$(BENCH_REPORT)

bench-process: $(VENV)/.installed  ## only the CLI against the hand-written model as processes
	mkdir -p $(BENCH)
	$(BENCH_PYTEST) benchmarks/bench_process.py
	$(BENCH_REPORT)

bench-scale: $(VENV)/.installed  ## 5,000 and 20,000 actions: load, build, and the CLI solve with its peak memory (~6 min)
	mkdir -p $(BENCH)
	$(BENCH_PYTEST) benchmarks -m scale
	$(BENCH_REPORT)

bench-phased: $(VENV)/.installed  ## only the phased cases (bundled case, 1,000 actions with four start years), the slow ones too
	mkdir -p $(BENCH)
	$(BENCH_PYTEST) benchmarks/bench_phased.py -m "slow or not slow"
	$(BENCH_REPORT)

bench-save:                      ## keep the last run (out/bench/run.json) and its scaling plot in benchmarks/results/, to commit
	$(PY) benchmarks/results.py $(BENCH)/run.json --save
	cp $(BENCH)/scaling.svg benchmarks/results/scaling.svg

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks .hypothesis
