"""Uncertainty studies on the bundled case. `robust` against cold solves (issue 24, goal 3: at most 0.25):
the nominal case and 200 samples drawn and solved on the executor (`study`, drawing included) versus the
same 201 cases solved one after the other in one process with `portfolio.solve` (every tenth in the default
set, all in the slow set; the ratio goes into extra_info), with the case's backend (auto) and, in the slow
set, with HiGHS. The machine's load average goes along: other work on the same cores slows the pool more
than the single process. Then the robust portfolio (worst case,
CVaR), the 5 best portfolios and the replacement costs, one round each; and `robust --optimise worst_case` as
`study` runs it, without solving the samples (its default) and, in the slow set, with them."""

from __future__ import annotations

import os
import time

import pytest
from conftest import case

import portfolio
from portfolio.sweeps import Executor
from portfolio.uncertainty import Samples, alternatives, importance, robust_portfolio, study

SAMPLES = 200


# every COLD_EVERY-th sample is solved cold in the default set (the bundled case takes 1-2 s a solve, so
# 201 cold solves would take minutes); the slow set solves all of them
COLD_EVERY = 10


@pytest.mark.parametrize(("backend", "cold_every"), [
    ("auto", COLD_EVERY),
    pytest.param("auto", 1, marks=pytest.mark.slow, id="auto-all-cold"),
    pytest.param("highs", 1, marks=pytest.mark.slow, id="highs-all-cold"),
])
def test_robust_against_cold_solves(benchmark, backend, cold_every):
    """`portfolio robust --samples 200` (`study`: the nominal solve and 200 samples solved on the executor,
    drawing included) against the same 201 cases solved cold one after the other with `portfolio.solve`.
    With `cold_every` > 1 only every so many samples (and the nominal case) are solved cold, and the cold
    time of all 201 is their mean times 201 (`cold_sampled` says how many were solved)."""
    subject = case("flanders")
    subject = subject.model_copy(update={"solver": subject.solver.model_copy(update={"backend": backend})})
    drawn = Samples.draw(subject, SAMPLES, 0)
    sampled = [subject, *drawn.cases[::cold_every]]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    cold = [portfolio.solve(c) for c in sampled]
    cold_per_solve = (time.perf_counter() - start) / len(sampled)
    cold_s = cold_per_solve * (SAMPLES + 1)
    executor = Executor(progress=False)
    benchmark.group = f"robust ({SAMPLES} samples) against cold solves"
    result = benchmark.pedantic(study, args=(subject, SAMPLES, 0), kwargs={"executor": executor},
                                rounds=1, iterations=1)
    sweep_s = benchmark.stats.stats.median
    assert result.solved == SAMPLES and result.jobs == pytest.approx(cold[0].jobs_total)
    assert result.optimum.high >= max(s.jobs_total for s in cold[1:]) * (1 - 1e-5)
    if cold_every == 1:
        counts = {a: sum(a in s.selected for s in cold[1:]) / SAMPLES for a in result.frequency}
        assert result.frequency == pytest.approx(counts)
    benchmark.extra_info.update(backend=backend, samples=SAMPLES, cold_s=round(cold_s, 3), sweep_s=round(sweep_s, 3),
                                ratio=round(sweep_s / cold_s, 3), ran_inline=executor.ran_inline,
                                workers=executor.n_workers, cold_solve_s=round(cold_per_solve, 3),
                                cold_sampled=len(sampled), cold_every=cold_every,
                                load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)))
    print(f"\n{backend}: {SAMPLES + 1} cold solves {cold_s:.1f} s (from {len(sampled)}), robust "
          f"{sweep_s:.1f} s, ratio {sweep_s / cold_s:.2f} (load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after)")


@pytest.mark.parametrize(("optimise", "gamma"), [("worst_case", 3), ("worst_case", 10), ("cvar", None)])
def test_robust_portfolio(benchmark, optimise, gamma):
    subject = case("flanders")
    drawn = Samples.draw(subject, SAMPLES, 0) if optimise == "cvar" else None
    benchmark.group = "robust portfolio"
    found = benchmark.pedantic(robust_portfolio, args=(subject, optimise, gamma or 3),
                               kwargs={"drawn": drawn}, rounds=1, iterations=1)
    assert found.status == "optimal"
    benchmark.extra_info.update(optimise=optimise, gamma=gamma, samples=len(drawn) if drawn else None,
                                nominal_guaranteed=found.nominal.guaranteed_jobs,
                                robust_guaranteed=found.robust.guaranteed_jobs, robust_jobs=found.robust.jobs,
                                changed=len(found.added) + len(found.removed), backend=found.backend)


def test_five_best_portfolios(benchmark):
    benchmark.group = "alternatives and importance"
    result = benchmark.pedantic(alternatives, args=(case("flanders"), 5), kwargs={"progress": False},
                                rounds=1, iterations=1)
    benchmark.extra_info.update(jobs=[p.jobs for p in result.portfolios])


def test_replacement_costs(benchmark):
    benchmark.group = "alternatives and importance"
    executor = Executor(progress=False)
    result = benchmark.pedantic(importance, args=(case("flanders"),), kwargs={"executor": executor},
                                rounds=1, iterations=1)
    benchmark.extra_info.update(actions=len(result.actions), ran_inline=executor.ran_inline)


@pytest.mark.parametrize("solve_samples", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_robust_command_worst_case(benchmark, solve_samples):
    """What `portfolio robust --optimise worst_case` computes (`study`): the worst case alone, its default, or
    with every sample solved too (`--solve-samples`, what it always did before)."""
    executor = Executor(progress=False)
    benchmark.group = f"robust --optimise worst_case ({SAMPLES} samples)"
    result = benchmark.pedantic(study, args=(case("flanders"), SAMPLES, 0),
                                kwargs={"optimise": "worst_case", "executor": executor,
                                        "solve_samples": solve_samples}, rounds=1, iterations=1)
    assert result.robust.status == "optimal" and result.solved == (SAMPLES if solve_samples else 0)
    benchmark.extra_info.update(samples=SAMPLES, solve_samples=solve_samples, solved=result.solved,
                                robust_guaranteed=result.robust.robust.guaranteed_jobs)
