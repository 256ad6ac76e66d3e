"""The benchmark comparison flags what it should (benchmarks/compare.py), without running a benchmark."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str):
    saved = list(sys.path)
    sys.path.insert(0, str(BENCH))  # compare imports its sibling `results` (and puts its folder first itself)
    try:
        spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved  # no benchmarks folder left on the path: its conftest.py would shadow the tests'


compare = _load("compare")


def bench(median: float, status: str | None = None, gap: float | None = None, objective: float | None = None):
    return {"median": median, "status": status, "gap": gap, "objective": objective}


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (bench(1.3), bench(1.0), "regression"),  # 30 % slower
        (bench(1.2), bench(1.0), "same"),  # within the 25 % of noise
        (bench(0.7), bench(1.0), "faster"),
        (bench(0.004), bench(0.001), "same"),  # slower by less than the 5 ms floor
        (bench(20.0, "feasible", 0.01), bench(5.0, "optimal", 0.0, 10.0), "regression"),  # no longer proven
        (bench(5.0, "optimal", 0.0, 10.0), bench(20.0, "feasible", 0.01), "faster"),
        (bench(20.0, "feasible", 0.02), bench(20.0, "feasible", 0.01), "regression"),  # the gap grew
        (bench(20.0, "feasible", 0.011), bench(20.0, "feasible", 0.01), "same"),
        (bench(1.0, "optimal", 0.0, 11.0), bench(1.0, "optimal", 0.0, 10.0), "error"),  # another optimum
    ],
)
def test_verdict(new, old, expected):
    assert compare.verdict(new, old)[0] == expected


@pytest.mark.parametrize(
    ("ref_new", "ref_old", "expected"),
    [
        (bench(1.0, "optimal"), bench(1.0, "optimal"), "regression"),  # the yardstick kept its pace
        (bench(1.9, "optimal"), bench(1.0, "optimal"), "load"),  # the yardstick slowed as much: a busier machine
        (bench(1.2, "optimal"), bench(0.7, "optimal"), "load"),
        (bench(1.3, "optimal"), bench(1.0, "optimal"), "regression"),  # x2 against a yardstick x1.3
    ],
)
def test_a_slower_solve_is_weighed_against_the_reference_model(ref_new, ref_old, expected):
    kind, _ = compare.verdict(bench(2.0, "optimal"), bench(1.0, "optimal"), ref_new=ref_new, ref_old=ref_old)
    assert kind == expected


@pytest.mark.parametrize(("peers", "expected"), [((1.0, 8), "regression"), ((1.4, 8), "load"), (None, "regression")])
def test_a_slower_stage_is_weighed_against_its_peers(peers, expected):
    assert compare.verdict(bench(0.15), bench(0.1), peers=peers)[0] == expected


def test_the_reference_model_itself_is_never_a_regression():
    assert compare.verdict(bench(2.0), bench(1.0), yardstick=True)[0] == "yardstick"


def test_compare_lists_what_only_one_run_has():
    new = {"benchmarks": [{"name": "a", **bench(1.0)}, {"name": "b", **bench(1.0)}]}
    old = {"benchmarks": [{"name": "a", **bench(2.0)}, {"name": "c", **bench(1.0)}]}
    found = compare.compare(new, old)
    assert [n for n, _ in found["faster"]] == ["a"]
    assert found["only new"] == ["b"] and found["only old"] == ["c"]


def test_the_phased_table_shows_status_and_gap_beside_each_time():
    table = _load("table")

    def entry(test: str, solver: str, median: float, status: str, gap: float | None):
        extra = {"case": "ph1000 gap 0.001", "solver": solver, "actions": 1000}
        return {"name": f"{test}[{solver}]", **bench(median, status, gap, 99481.5), "extra": extra}

    run = {"benchmarks": [entry("test_phased", "auto", 4.28, "optimal", 0.00042),
                          entry("test_phased", "ref-highs", 60.3, "feasible", 0.0022)]}
    text = table.phased_table(run)
    assert "| ph1000 gap 0.001 (1,000) | 4.28 optimal, gap 0.042 % | 60.30 feasible, gap 0.22 % |" in text
    assert table.phased_table({"benchmarks": []}) == ""


def test_the_goals_table_gives_each_ratio_beside_its_target():
    table = _load("table")

    def solve(test: str, case: str, solver: str, median: float, status: str = "optimal",
              gap: float | None = 0.0, actions: int = 100, backend: str | None = None):
        extra = {"case": case, "solver": solver, "actions": actions, "backend": backend or solver[4:]}
        return {"name": f"{test}[{case}-{solver}]", **bench(median, status, gap, 10.0), "extra": extra}

    def sweep(test: str, ratio: float, **extra):
        return {"name": f"{test}[x]", **bench(1.0), "extra": {"ratio": ratio, "sweep_s": 30.0, "cold_s": 60.0,
                                                              **extra}}

    run = {"benchmarks": [
        solve("test_hard", "eq100", "auto", 6.0, backend="highs"),
        solve("test_hard", "eq100", "ref-cbc", 60.0, "feasible", 0.001),
        solve("test_hard", "eq100", "ref-highs", 12.0),
        solve("test_hard", "mknapcb1-1", "auto", 9.0, backend="highs"),
        solve("test_hard", "mknapcb1-1", "ref-cbc", 2.0),
        solve("test_hard", "mknapcb1-1", "ref-highs", 7.5),
        solve("test_process", "syn300s301", "cli", 0.50, actions=300),
        solve("test_process", "syn300s301", "ref-cbc", 0.40, actions=300),
        solve("test_process", "syn300s301", "ref-highs", 0.45, actions=300),
        solve("test_process", "synh300", "cli", 12.0, actions=300),  # not easy: left out of goal 2
        solve("test_process", "synh300", "ref-highs", 8.0, actions=300),
        sweep("test_robust_against_cold_solves", 0.5, backend="auto", samples=20),
        sweep("test_frontier_against_cold_solves", 0.2, case="flanders"),
        solve("test_phased", "flanders gap 1e-06", "auto", 2.5),
        solve("test_phased", "ph1000 gap 0.001", "auto", 4.0, gap=0.0004, actions=1000),
    ]}
    text = table.goals_table(run)
    # eq100: 6 / 12 by HiGHS (CBC stopped); mknapcb1-1: 9 / 2 by CBC: median of 0.5 and 4.5
    assert "| eq100 (100) | 6.00 (highs) | lim, gap 0.1 % | 12.00 | <= 0.10 | 0.50 | 0.50 |" in text
    assert "| mknapcb1-1 (100) | 9.00 (highs) | 2.00 | 7.50 | 4.50 | 1.20 | 4.50 |" in text
    assert "| 1. hard cases: default solve / faster hand-written model, median | 2.50 (2 cases) | <= 0.5 | " \
           "**no** |" in text
    assert "median over the easy cases | +0.10 s (1 cases) | <= 0.15 s | yes |" in text
    assert "| 3. `robust --samples 20` / 21 cold solves | 0.50 (30 s / 60 s) | <= 0.25 | **no** |" in text
    assert "| 3. 11-point frontier (flanders) / 11 cold solves | 0.20 (30.0 s / 60.0 s) | <= 0.25 | yes |" \
        in text
    assert "| 4. bundled phased case, default solve | 2.50 s, optimal | < 2 s, optimal | **no** |" in text
    assert "| 4. ph1000 (1,000 actions, four start years), default solve to 0.1 % | 4.00 s, optimal, " \
           "gap 0.04 % |" in text
    assert table.goals_table({"benchmarks": []}) == ""
