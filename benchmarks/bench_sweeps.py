"""What-if sweeps against cold solves: an 11-point budget frontier on the executor versus the same 11 solves
one after the other in one process (the ratio goes into extra_info; goal: at most 0.5 on 2 cores)."""

from __future__ import annotations

import time

import pytest
from conftest import case

import portfolio
from portfolio.sweeps import Executor, frontier
from portfolio.sweeps.frontier import scaled

SCALES = [round(0.5 + 0.1 * i, 10) for i in range(11)]


def cold(subject) -> tuple[float, list]:
    start = time.perf_counter()
    solutions = [portfolio.solve(scaled(subject, s)) for s in SCALES]
    return time.perf_counter() - start, solutions


@pytest.mark.parametrize("name", ["flanders", pytest.param("gen200", marks=pytest.mark.slow)])
def test_frontier_against_cold_solves(benchmark, name):
    subject = case(name)
    cold_s, solutions = cold(subject)
    benchmark.group = "frontier (11 points)"
    result = benchmark.pedantic(frontier, args=(subject, SCALES), kwargs={"executor": Executor(progress=False)},
                                rounds=1, iterations=1)
    sweep_s = benchmark.stats.stats.median
    assert [p.jobs for p in result.points] == pytest.approx([s.jobs_total for s in solutions])
    benchmark.extra_info.update(case=name, actions=len(subject.actions), cold_s=round(cold_s, 3),
                                sweep_s=round(sweep_s, 3), ratio=round(sweep_s / cold_s, 3),
                                statuses=sorted({p.status for p in result.points}))
    print(f"\n{name}: 11 cold solves {cold_s:.2f} s, frontier {sweep_s:.2f} s, ratio {sweep_s / cold_s:.2f}")
