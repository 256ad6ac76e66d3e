"""Uncertainty studies on the bundled case. `robust` against cold solves (issue 24, goal 3: at most 0.25):
the nominal case and N samples drawn and solved on the executor (`study`, drawing included) versus the
same N + 1 cases solved one after the other in one process with `portfolio.solve` (the ratio goes into
extra_info): N = 200 in the slow set, with the case's backend (auto) and with HiGHS, and N = FEW with auto
in the default set (the ratio per solve; 200 took 37 minutes). The machine's load average goes along:
other work on the same cores slows the pool more than the single process. Then the robust portfolio (worst
case, CVaR), the 5 best portfolios and the replacement costs, one round each; and `robust --optimise
worst_case` as `study` runs it, without solving the samples (its default) and, in the slow set, with them."""

from __future__ import annotations

import os
import time

import pytest
from conftest import case

import portfolio
from portfolio.sweeps import Executor
from portfolio.uncertainty import Samples, alternatives, importance, robust_portfolio, study

SAMPLES = 200


# robust in the default set solves this many samples (and as many cold): the bundled case's samples took 8 s
# a solve on average at a load average of 4-7, so 201 cold solves took 27 minutes, robust with 200 samples 10
FEW = 20


@pytest.mark.parametrize(("backend", "samples"), [
    ("auto", FEW),
    pytest.param("auto", SAMPLES, marks=pytest.mark.slow),
    pytest.param("highs", SAMPLES, marks=pytest.mark.slow),
])
def test_robust_against_cold_solves(benchmark, backend, samples):
    """`portfolio robust --samples N` (`study`: the nominal solve and N samples solved on the executor,
    drawing included) against the same N + 1 cases solved cold one after the other with `portfolio.solve`:
    N = 200 in the slow set, FEW in the default set (the ratio per solve)."""
    subject = case("flanders")
    subject = subject.model_copy(update={"solver": subject.solver.model_copy(update={"backend": backend})})
    drawn = Samples.draw(subject, samples, 0)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    cold = [portfolio.solve(c) for c in [subject, *drawn.cases]]
    cold_s = time.perf_counter() - start
    executor = Executor(progress=False)
    benchmark.group = "robust against cold solves"
    result = benchmark.pedantic(study, args=(subject, samples, 0), kwargs={"executor": executor},
                                rounds=1, iterations=1)
    sweep_s = benchmark.stats.stats.median
    counts = {a: sum(a in s.selected for s in cold[1:]) / samples for a in result.frequency}
    assert result.solved == samples and result.jobs == pytest.approx(cold[0].jobs_total)
    assert result.frequency == pytest.approx(counts)
    benchmark.extra_info.update(backend=backend, samples=samples, cold_s=round(cold_s, 3),
                                sweep_s=round(sweep_s, 3), ratio=round(sweep_s / cold_s, 3),
                                ran_inline=executor.ran_inline, workers=executor.n_workers,
                                cold_solve_s=round(cold_s / (samples + 1), 3),
                                load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)))
    print(f"\n{backend}: {samples + 1} cold solves {cold_s:.1f} s, robust {sweep_s:.1f} s, ratio "
          f"{sweep_s / cold_s:.2f} (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")


@pytest.mark.parametrize(("optimise", "gamma"), [("worst_case", 3), ("worst_case", 10), ("cvar", None)])
def test_robust_portfolio(benchmark, optimise, gamma):
    subject = case("flanders")
    drawn = Samples.draw(subject, SAMPLES, 0) if optimise == "cvar" else None
    benchmark.group = "robust portfolio"
    found = benchmark.pedantic(robust_portfolio, args=(subject, optimise, gamma or 3),
                               kwargs={"drawn": drawn}, rounds=1, iterations=1)
    # the CVaR model of 200 samples of the phased bundled case stopped at its limit at a load average of 4-5
    assert found.status in ("optimal", "feasible"), found.status
    benchmark.extra_info.update(status=found.status, optimise=optimise, gamma=gamma,
                                samples=len(drawn) if drawn else None,
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
