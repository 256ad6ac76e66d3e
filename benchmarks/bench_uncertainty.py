"""Uncertainty studies on the bundled case. Monte Carlo against cold solves: 200 samples drawn and solved on the
executor (`monte_carlo`, drawing included) versus the same 200 sample cases solved one after the other in one
process with `portfolio.solve` (the ratio goes into extra_info; the issue asks for well under 1 on 2 cores), with
the case's backend (auto: CBC here) and with HiGHS on both sides. The machine's load average goes along: other
work on the same cores slows the pool more than the single process. Then the robust portfolio (worst case,
CVaR), the 5 best portfolios and the replacement costs, one round each; and `robust --optimise worst_case` as
`study` runs it, without solving the samples (its default) and, in the slow set, with them."""

from __future__ import annotations

import os
import time

import pytest
from conftest import case

import portfolio
from portfolio.sweeps import Executor
from portfolio.uncertainty import Samples, alternatives, importance, monte_carlo, robust_portfolio, study

SAMPLES = 200


@pytest.mark.parametrize("backend", ["auto", "highs"])
def test_monte_carlo_against_cold_solves(benchmark, backend):
    subject = case("flanders")
    subject = subject.model_copy(update={"solver": subject.solver.model_copy(update={"backend": backend})})
    drawn = Samples.draw(subject, SAMPLES, 0)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    cold = [portfolio.solve(c) for c in drawn.cases]
    cold_s = time.perf_counter() - start
    executor = Executor(progress=False)
    benchmark.group = f"Monte Carlo ({SAMPLES} samples)"
    result = benchmark.pedantic(monte_carlo, args=(subject, SAMPLES, 0), kwargs={"executor": executor},
                                rounds=1, iterations=1)
    sweep_s = benchmark.stats.stats.median
    counts = {a: sum(a in s.selected for s in cold) / SAMPLES for a in result.frequency}
    assert result.frequency == pytest.approx(counts) and result.solved == SAMPLES
    benchmark.extra_info.update(backend=backend, samples=SAMPLES, cold_s=round(cold_s, 3), sweep_s=round(sweep_s, 3),
                                ratio=round(sweep_s / cold_s, 3), ran_inline=executor.ran_inline,
                                workers=executor.n_workers, cold_solve_s=round(cold_s / SAMPLES, 3),
                                load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)))
    print(f"\n{backend}: {SAMPLES} cold solves {cold_s:.1f} s, Monte Carlo {sweep_s:.1f} s, ratio {sweep_s / cold_s:.2f}"
          f" (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")


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
