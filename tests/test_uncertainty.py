"""Uncertainty and alternatives: Monte Carlo frequencies, robust portfolios checked by brute force on tiny cases,
the k best portfolios, and replacement costs against independent solves."""

from __future__ import annotations

import functools
import itertools
import json
import random

import pytest

import portfolio
from conftest import TEMPLATE
from inputs import load_case
from models import Case, Status
from models.casedata import CaseData
from portfolio.brute_force import brute_force
from portfolio.core.outcome import outcome
from portfolio.formulation.build import build
from portfolio.instances.generate import derive, random_case
from portfolio.rules import DEFAULT_RULES
from portfolio.sweeps import Executor
from portfolio.uncertainty import Samples, alternatives, guaranteed_jobs, importance, monte_carlo, robust_portfolio
from portfolio.uncertainty.alternatives import Exclude
from portfolio.uncertainty.importance import without
from portfolio.uncertainty.robust import ConditionalValue, WorstCase
from portfolio.uncertainty.sampling import cvar, ranges, with_effects
from portfolio.verify import evaluate

INLINE = Executor(progress=False)
POOL = Executor(progress=False, inline_below_s=0)


def ranged(case: Case, seed: int) -> Case:
    """`case` with a plausible range around every effect: 20-90 % of it below, 110-200 % above."""
    rng = random.Random(seed)
    reach = tuple(r.model_copy(update={"effect_low": round(r.effect * rng.uniform(0.2, 0.9), 4),
                                       "effect_high": round(min(1.0, r.effect * rng.uniform(1.1, 2.0)), 4)})
                  for r in case.reach)
    return Case.model_validate(case.model_copy(update={"reach": reach}).model_dump())


@functools.cache
def template() -> Case:
    return load_case(TEMPLATE)


@functools.cache
def tiny(seed: int, synergies: bool = True) -> Case:
    """A feasible 7-action case with ranges; caps bind in some groups (random_case puts them at 25-110 %)."""
    return ranged(random_case(seed, n_actions=7, n_groups=3, synergies=synergies, negative_synergies=synergies,
                              tightness=0.7), seed)


def feasible(case: Case) -> list[frozenset[str]]:
    """Every portfolio of a small case that satisfies all the rules."""
    data = CaseData.of(case)
    out = []
    for mask in range(1 << len(data.actions)):
        chosen = frozenset(a for i, a in enumerate(data.actions) if mask >> i & 1)
        if all(rule.admits(data, chosen) for rule in DEFAULT_RULES) and evaluate(case, chosen, data).feasible:
            out.append(chosen)
    return out


def worst_cases(case: Case, gamma: int) -> list[CaseData]:
    """Every scenario of the budgeted set: at most `gamma` reach rows at effect_low, the rest at effect."""
    low, mode, _high = ranges(case)
    rows = [i for i in range(len(case.reach)) if low[i] < mode[i]]
    out = []
    for k in range(gamma + 1):
        for fallen in itertools.combinations(rows, k):
            effects = [low[i] if i in fallen else mode[i] for i in range(len(case.reach))]
            out.append(CaseData.of(with_effects(case, effects)))
    return out


# ------------------------------------------------------------------------------------------------ Monte Carlo


def test_frequencies_lie_in_0_1_and_a_seed_repeats_them_on_any_executor():
    case = template()
    first = monte_carlo(case, 12, seed=4, executor=INLINE)
    assert all(0.0 <= f <= 1.0 for f in first.frequency.values())
    assert set(first.frequency) == {a.action for a in case.actions}
    assert first.solved == 12 and first.no_portfolio == first.failed == 0 and not first.interrupted
    again = monte_carlo(case, 12, seed=4, executor=POOL)
    assert POOL.ran_inline is False
    assert again.model_dump_json() == first.model_dump_json()
    assert monte_carlo(case, 12, seed=5, executor=INLINE).nominal != first.nominal


def test_locked_in_actions_are_core_and_locked_out_ones_exterior():
    case = derive(template(), rules={"locked_in": ("T03",), "locked_out": ("T02",)})
    result = monte_carlo(case, 10, seed=1, dist="uniform", correlation="per-action", executor=INLINE)
    assert result.frequency["T03"] == 1.0 and result.frequency["T02"] == 0.0


def test_with_collapsed_ranges_every_chosen_action_is_core_and_the_jobs_a_point():
    case = template()
    point = case.model_copy(update={"reach": tuple(
        r.model_copy(update={"effect_low": r.effect, "effect_high": r.effect}) for r in case.reach)})
    result = monte_carlo(point, 6, seed=2, executor=INLINE)
    assert {a for a, f in result.frequency.items() if f == 1.0} == set(result.selected)
    assert all(f == 0.0 for a, f in result.frequency.items() if a not in result.selected)
    r = result.nominal
    assert r.low == r.p5 == r.p50 == r.p95 == r.high == pytest.approx(result.jobs) and result.p_target == 1.0


def test_the_nominal_spread_is_the_nominal_portfolio_recomputed_in_each_sample():
    case = template()
    drawn = Samples.draw(case, 8, 3, "pert")
    result = monte_carlo(case, drawn=drawn, executor=INLINE, target_jobs=600)
    jobs = drawn.jobs(result.selected)
    assert result.nominal.mean == pytest.approx(sum(jobs) / 8) and result.jobs_by_sample == jobs
    assert result.p_target == sum(j >= 600 for j in jobs) / 8
    assert "jobs_by_sample" not in json.loads(result.model_dump_json())


# ------------------------------------------------------------------------------------------------ worst case


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_guaranteed_jobs_never_exceed_any_scenario_and_equal_the_worst_one_without_synergies(seed):
    for synergies in (True, False):
        case = tiny(seed, synergies)
        data = CaseData.of(case)
        for gamma in (1, 2):
            scenarios = worst_cases(case, gamma)
            for chosen in feasible(case):
                worst = min(outcome(d, chosen).jobs_total for d in scenarios)
                mine = guaranteed_jobs(data, chosen, gamma)
                assert mine <= worst + 1e-6, (seed, gamma, sorted(chosen))
                if not synergies:
                    assert mine == pytest.approx(worst), (seed, gamma, sorted(chosen))


@pytest.mark.parametrize(("seed", "synergies"), [(1, True), (2, False), (3, True), (4, False)])
@pytest.mark.parametrize("gamma", [1, 2])
def test_the_robust_portfolio_guarantees_the_most_any_portfolio_can(seed, synergies, gamma):
    """Brute force over every feasible portfolio; without synergies also against every scenario directly."""
    case = tiny(seed, synergies)
    data = CaseData.of(case)
    portfolios = feasible(case)
    best = max(guaranteed_jobs(data, p, gamma) for p in portfolios)
    found = robust_portfolio(case, "worst_case", gamma)
    assert found.status == Status.OPTIMAL
    assert found.robust.guaranteed_jobs == pytest.approx(best, rel=1e-6)
    ties = [p for p in portfolios if guaranteed_jobs(data, p, gamma) >= best - 1e-6]
    assert found.robust.jobs == pytest.approx(max(outcome(data, p).jobs_total for p in ties))
    if not synergies:
        scenarios = worst_cases(case, gamma)
        assert found.robust.guaranteed_jobs == pytest.approx(
            max(min(outcome(d, p).jobs_total for d in scenarios) for p in portfolios))


@pytest.mark.parametrize("backend", ["highs", "cbc"])
def test_gamma_0_guarantees_the_nominal_optimum(backend):
    case = load_case()
    found = robust_portfolio(case, "worst_case", 0, settings=case.solver.model_copy(update={"backend": backend}))
    assert found.robust.jobs == pytest.approx(found.nominal.jobs)
    assert found.robust.guaranteed_jobs == pytest.approx(found.nominal.jobs) == found.nominal.guaranteed_jobs


def test_the_robust_rule_checks_its_floor_and_names_itself():
    case = tiny(1)
    data = CaseData.of(case)
    chosen = max(feasible(case), key=lambda p: guaranteed_jobs(data, p, 2))
    value = guaranteed_jobs(data, chosen, 2)
    assert evaluate(case, chosen, data, [WorstCase(2, at_least=value)]).feasible
    assert not evaluate(case, chosen, data, [WorstCase(2, at_least=value + 1)]).feasible
    form = build(case, extra_rules=[WorstCase(2)])
    assert form.rows_of("robust") and form.column("guaranteed_jobs")
    with pytest.raises(ValueError):
        WorstCase(1.5)


def test_the_cvar_portfolio_has_the_best_mean_of_the_worst_samples():
    case = tiny(2)
    drawn = Samples.draw(case, 15, 9)
    best = max(cvar(drawn.jobs(p), 0.2) for p in feasible(case))
    found = robust_portfolio(case, "cvar", alpha=0.2, drawn=drawn)
    assert found.status == Status.OPTIMAL and found.robust.cvar_jobs == pytest.approx(best, rel=1e-6)
    assert found.robust.samples.p5 == pytest.approx(sorted(drawn.jobs(found.robust.selected))[0]
                                                    + 0.7 * (sorted(drawn.jobs(found.robust.selected))[1]
                                                             - sorted(drawn.jobs(found.robust.selected))[0]))
    rule = ConditionalValue(drawn, 0.2, at_least=best)
    assert evaluate(case, found.robust.selected, extra_rules=[rule]).feasible


def test_robust_optimisation_refuses_a_min_cost_case():
    case = random_case(3, n_actions=6, objective="min_cost")
    with pytest.raises(ValueError, match="min_cost"):
        robust_portfolio(case)


# ------------------------------------------------------------------------------------------------ alternatives


def test_alternatives_are_distinct_ordered_the_k_best_and_the_first_is_solve():
    case = template()
    result = alternatives(case, 6, progress=False)
    values = [p.objective_value for p in result.portfolios]
    assert len(result.portfolios) == 6 and values == sorted(values, reverse=True)
    assert len({frozenset(p.selected) for p in result.portfolios}) == 6
    assert result.portfolios[0].selected == portfolio.solve(case).selected
    every = sorted((evaluate(case, p).jobs_total for p in feasible(case)), reverse=True)
    assert values == pytest.approx(every[:6])
    for p in result.portfolios[1:]:
        best = set(result.portfolios[0].selected)
        assert set(p.added) == set(p.selected) - best and set(p.removed) == best - set(p.selected)


def test_alternatives_within_a_distance_are_all_of_them_and_no_more():
    case = template()
    every = sorted((evaluate(case, p).jobs_total for p in feasible(case)), reverse=True)
    within = 0.05
    result = alternatives(case, within=within, progress=False)
    assert result.exhausted
    assert [p.objective_value for p in result.portfolios] == pytest.approx(
        [v for v in every if v >= (1 - within) * every[0] - 1e-6])


def test_alternatives_of_a_min_cost_case_are_the_cheapest():
    case = random_case(5, n_actions=7, objective="min_cost")
    result = alternatives(case, 3, progress=False)
    costs = sorted(evaluate(case, p).cost_total_eur for p in feasible(case))
    assert [p.cost_eur for p in result.portfolios] == pytest.approx(costs[:3])
    assert brute_force(case)[0] == pytest.approx(result.portfolios[0].objective_value)


def test_an_exclusion_cut_is_a_checked_rule():
    case = template()
    best = frozenset(portfolio.solve(case).selected)
    assert not evaluate(case, best, extra_rules=[Exclude([best])]).feasible
    assert Exclude([best]).describe(CaseData.of(case), (1,)).startswith("the portfolio must differ")


# ------------------------------------------------------------------------------------------------ importance


def test_the_replacement_cost_is_the_difference_of_two_independent_solves():
    case = template()
    result = importance(case, executor=INLINE)
    base = portfolio.solve(case)
    assert [a.action for a in result.actions] != [] and {a.action for a in result.actions} == set(base.selected)
    for a in result.actions:
        alone = portfolio.solve(without(case, a.action))
        if alone.status.has_portfolio:
            assert a.jobs_lost == pytest.approx(base.jobs_total - alone.jobs_total)
        else:
            assert a.indispensable and a.jobs_lost is None
    losses = [a.jobs_lost for a in result.actions if a.jobs_lost is not None]
    assert losses == sorted(losses, reverse=True)


def test_a_locked_in_action_is_measured_without_its_lock():
    case = derive(template(), rules={"locked_in": ("T05",)})
    row = next(a for a in importance(case, executor=INLINE).actions if a.action == "T05")
    assert row.locked_in and row.status in ("optimal", "infeasible")


def test_a_dask_cluster_gives_the_same_monte_carlo():
    distributed = pytest.importorskip("distributed")
    case = template()
    local = monte_carlo(case, 6, seed=8, correlation="per-barrier", executor=INLINE)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        remote = monte_carlo(case, 6, seed=8, correlation="per-barrier",
                             executor=Executor(cluster.scheduler_address, progress=False))
    assert remote.model_dump_json() == local.model_dump_json()
