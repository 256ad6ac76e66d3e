"""The stages of a solve apart from the solver, on the bundled case and the ladder of sizes: load and validate a
case folder, build the formulation, verify a portfolio, and finish (the verified Solution from a solver's raw
answer). The solver stage itself is the `solver_s` of bench_solve.py; the whole `solve` is its median."""

from __future__ import annotations

import functools

import pytest
from conftest import case, describe

import inputs
import portfolio
from portfolio.backends import get_backend
from portfolio.formulation.build import build
from portfolio.solve import make_solution
from portfolio.verify import evaluate

NAMES = [
    "flanders",
    "mknapcb1-1",
    "syn100",
    "syn300",
    "syn1000",
    "syn2000",
    "syn5000",
    "eq1000",  # equity shares: the exact jobs model
    "hard",  # 300 x 20 correlated knapsack
]


@functools.cache
def raw_answer(name: str):
    """A solver's raw answer for the case (HiGHS, 5 s), for the finish stage; None without values."""
    subject = case(name)
    form = build(subject)
    raw = get_backend("highs").solve(form, portfolio.solver_settings(subject, time_limit_s=5.0, threads=1))
    return form, raw if raw.values is not None else None


@pytest.mark.parametrize("name", NAMES)
def test_load(benchmark, name, case_folder):
    path = case_folder(name)
    benchmark.group = "load + validate"
    loaded = benchmark(inputs.load_case, path)
    benchmark.extra_info.update(describe(name))
    assert loaded == case(name)


@pytest.mark.parametrize("name", NAMES)
def test_build(benchmark, name):
    subject = case(name)
    benchmark.group = "build"
    form = benchmark(build, subject)
    benchmark.extra_info.update(describe(name), columns=len(form.columns), rows=len(form.rows))


@pytest.mark.parametrize("name", NAMES)
def test_verify(benchmark, name):
    subject = case(name)
    selected = [a.action for a in subject.actions[::2]]  # any portfolio: verify checks every rule regardless
    if subject.phased:  # a plan: each action at the first year of its window
        selected = {a: subject.window(a)[0] for a in selected}
    benchmark.group = "verify"
    ev = benchmark(evaluate, subject, selected)
    benchmark.extra_info.update(describe(name), checks=len(ev.checks))


@pytest.mark.parametrize("name", NAMES)
def test_finish(benchmark, name):
    subject = case(name)
    form, raw = raw_answer(name)
    if raw is None:
        pytest.skip("HiGHS found no portfolio in 5 s")
    benchmark.group = "finish (make_solution)"
    solution = benchmark(make_solution, subject, form, raw, "highs")
    benchmark.extra_info.update(describe(name), selected=len(solution.selected))
