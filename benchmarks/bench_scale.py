"""Scale (all slow: `make bench-scale`, about 6 minutes): 5,000 and 20,000 actions.

- load + validate a case folder, and build the formulation (in this process, 3 rounds each);
- the default solve as a planner runs it, `portfolio solve CASE --format json` as a process with a 60 s limit in
  its case.yaml: wall time, status, gap and the peak memory (the largest resident set of the process and of the
  solver process it started, from the kernel's accounting of the ended process).

Targets of issue 11: a 5,000-action case loads and validates in under 1 s and its solve reports its peak memory
(one of them proved within 60 s); 20,000 actions load, validate and build without trouble.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import case, describe

import inputs
from portfolio.formulation.build import build

pytestmark = [pytest.mark.slow, pytest.mark.scale]

LIMIT_S = 60.0
NAMES = ["syn5000", "eq5000", "mc5000", "syn20000"]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("name", NAMES)
def test_scale_load(benchmark, name, case_folder):
    path = case_folder(name, LIMIT_S)  # written once, with the 60 s limit as its solver setting
    benchmark.group = "scale: load + validate"
    loaded = benchmark.pedantic(inputs.load_case, args=(path,), rounds=3, iterations=1)
    benchmark.extra_info.update(describe(name), stage="load")
    assert len(loaded.actions) == len(case(name).actions)


@pytest.mark.parametrize("name", NAMES)
def test_scale_build(benchmark, name):
    subject = case(name)
    benchmark.group = "scale: build"
    form = benchmark.pedantic(build, args=(subject,), rounds=3, iterations=1)
    benchmark.extra_info.update(describe(name), stage="build", columns=len(form.columns), rows=len(form.rows))


# Started by a small Python process: a child's ru_maxrss counts the memory of the process it was forked from
# until it execs (Linux keeps the old image's high-water mark), so a solve forked straight from this benchmark
# process (some hundreds of MB of generated cases) would report this process's size, not its own.
_MEASURE = """
import os, sys, time
record, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_pid, status, usage = os.wait4(pid, 0)
with open(record, "w") as f:
    f.write(f"{time.perf_counter() - start} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(argv: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a process; its wall time, its peak resident set in KiB (its own or a child's, the larger) and output.

    The process is reaped with os.wait4 by a small starter process (see _MEASURE); Linux gives there, as
    ru_maxrss, the largest resident set of the process and of the children it waited for (the CBC process).
    """
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "usage"
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(record), *argv], capture_output=True, text=True,
                              timeout=10 * LIMIT_S + 120)
        elapsed, peak = record.read_text().split()
    return float(elapsed), int(peak), done


@pytest.mark.parametrize("name", NAMES)
def test_scale_solve(benchmark, name, case_folder):
    argv = [str(BIN / "portfolio"), "solve", str(case_folder(name, LIMIT_S)), "--format", "json"]
    benchmark.group = "scale: solve (process)"
    box = {}

    def once():
        box["elapsed"], box["peak_kib"], box["done"] = run_measured(argv)

    benchmark.pedantic(once, rounds=1, iterations=1)
    done = box["done"]
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    benchmark.extra_info.update(
        describe(name), stage="solve", status=answer["status"], gap=answer["gap"],
        objective=answer["objective_value"], backend=answer["backend"], time_limit_s=LIMIT_S,
        peak_mb=round(box["peak_kib"] / 1024, 1),
    )
    assert answer["status"] in ("optimal", "feasible")
