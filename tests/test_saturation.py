"""Diminishing returns per group (spec 4.2): jobs_g = min(cap, f_g(direct + synergies)) in the checker, in the
formulation for every objective and rule, on every backend, in phased cases; brute force is the reference."""

from __future__ import annotations

import functools
import random
from dataclasses import replace

import pytest

import portfolio
from models import Case, SaturationPoint, Status
from models.casedata import CaseData
from models.saturation import Curve
from portfolio.backends import available, get_backend
from portfolio.brute_force import brute_force
from portfolio.core.phrases import english
from portfolio.formulation.build import build
from portfolio.instances.generate import derive, random_case
from portfolio.instances.phased import phased_case
from portfolio.instances.saturation import with_saturation
from portfolio.verify import evaluate

BACKENDS = available()
REL = 1e-6


def _points(group: str, *points: tuple[float, float]) -> tuple[SaturationPoint, ...]:
    return tuple(SaturationPoint(group=group, direct_jobs=x, jobs=y) for x, y in points)


# --- the curve and the checker ----------------------------------------------------------------------

def test_the_curve_interpolates_goes_flat_after_its_last_point_and_counts_a_loss_in_full():
    f = Curve(((100.0, 80.0), (300.0, 120.0)))
    assert [f(u) for u in (-5, 0, 50, 100, 200, 300, 1000)] == pytest.approx([-5, 0, 40, 80, 100, 120, 120])


def test_a_curve_with_a_single_point_is_one_slope_then_flat():
    f = Curve(((50.0, 20.0),))
    assert [f(u) for u in (25, 50, 75)] == pytest.approx([10, 20, 20])


def test_the_pieces_of_min_cap_curve_end_where_the_cap_binds():
    pieces = Curve(((100.0, 80.0), (300.0, 120.0))).pieces(cap=100)
    assert [(p.start, p.end, p.slope) for p in pieces] == [
        (float("-inf"), 0, 1), (0, 100, 0.8), (100, pytest.approx(200), pytest.approx(0.2)),
        (pytest.approx(200), float("inf"), 0)]
    assert pieces[-1].intercept == 100


def _two_actions(saturation=(), cap: float = 1000.0, c_reach: float = 450, **settings) -> Case:
    """Group g with actions a (60 jobs) and b (40 jobs), group h with c (`c_reach` / 10 jobs); each costs
    EUR 1 from a budget of 2."""
    return Case.model_validate({
        "name": "two actions", **settings,
        "domains": [{"domain": "d", "name": "D", "budget_eur": 2}],
        "groups": [{"group": "g", "name": "G", "population": 1000, "max_extra_jobs": cap},
                   {"group": "h", "name": "H", "population": 1000, "max_extra_jobs": 1000}],
        "barriers": [{"barrier": "b", "name": "B", "priority": False}],
        "actions": [{"action": a, "name": a, "lead_domain": "d", "barriers": "b"} for a in ("a", "b", "c")],
        "costs": [{"action": a, "domain": "d", "cost_eur": 1} for a in ("a", "b", "c")],
        "reach": [{"action": "a", "group": "g", "reach": 600, "effect": 0.1},
                  {"action": "b", "group": "g", "reach": 400, "effect": 0.1},
                  {"action": "c", "group": "h", "reach": c_reach, "effect": 0.1}],
        "saturation": saturation,
    })


def test_the_checker_counts_the_curve_then_the_cap():
    case = _two_actions(_points("g", (50, 50), (150, 70)), cap=65)
    ev = evaluate(case, ["a", "b"])
    assert ev.jobs_uncapped["g"] == pytest.approx(100)
    assert ev.outcome.jobs_saturated == {"g": pytest.approx(60)}
    assert ev.jobs_by_group["g"] == pytest.approx(60)
    capped = _two_actions(_points("g", (50, 50), (150, 90)), cap=65)
    assert evaluate(capped, ["a", "b"]).jobs_by_group["g"] == 65


def test_saturation_changes_which_portfolio_is_best():
    """a+b (100 jobs in g) beats a+c (60 + 35) until g saturates at 70 for 100 direct jobs."""
    plain = _two_actions(c_reach=350)
    saturated = _two_actions(_points("g", (60, 60), (100, 70)), c_reach=350)
    assert brute_force(plain) == (pytest.approx(100.0), ("a", "b"))
    assert brute_force(saturated) == (pytest.approx(95.0), ("a", "c"))
    for backend in BACKENDS:
        sol = portfolio.solve(saturated, backend=backend)
        assert sol.status == Status.OPTIMAL and sol.objective_value == pytest.approx(95.0), backend
        assert sol.selected == ["a", "c"]


def test_saturation_beyond_the_cap_leaves_the_cap_in_charge():
    """The curve's point lies above the cap of 70: a+b count min(70, 0.95 x 100) = 70, a+c 57 + 45 = 102."""
    case = _two_actions(_points("g", (200, 190)), cap=70)
    assert evaluate(case, ["a", "b"]).jobs_by_group["g"] == pytest.approx(70)
    assert brute_force(case) == (pytest.approx(102.0), ("a", "c"))
    for backend in BACKENDS:
        sol = portfolio.solve(derive(case, rules={"min_group_share": {"g": 0.6}}), backend=backend)
        assert sol.status == Status.OPTIMAL, backend
        assert sol.selected == ["a", "b"] and sol.jobs_by_group["g"] == pytest.approx(70), backend


# --- exactness of the formulation, whatever the objective wants -------------------------------------

def _fixed(form, data: CaseData, chosen: frozenset[str]):
    """A copy of `form` with every selection fixed to `chosen`."""
    form = form.copy()
    for a, j in form.action_columns.items():
        v = float(a in chosen)
        form.columns[j] = replace(form.columns[j], lower=v, upper=v)
    return form


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", range(4))
def test_the_exact_model_counts_neither_more_nor_less_than_the_curve(backend, seed):
    """With the selection fixed, minimising and maximising each group's jobs both give min(cap, f(u))."""
    case = random_case(seed, n_actions=8, n_groups=3, negative_synergies=True)
    case = with_saturation(case, seed, groups=1.0)
    data = CaseData.of(case)
    form = build(case, jobs_model="exact", rules=portfolio.rules.RuleSet(()), data=data)
    rng = random.Random(seed)
    solver = get_backend(backend)
    settings = case.solver.model_copy(update={"backend": backend})
    for _ in range(3):
        chosen = frozenset(a for a in data.actions if rng.random() < 0.5)
        expected = evaluate(case, chosen, data, rules=portfolio.rules.RuleSet(())).jobs_by_group
        for sense in ("min", "max"):
            fixed = _fixed(form, data, chosen)
            for g, z in form.group_columns.items():
                fixed.set_objective({z: 1.0}, sense, "jobs")
                raw = solver.solve(fixed, settings)
                assert raw.values[z] == pytest.approx(expected[g], rel=1e-7, abs=1e-6), (
                    g, sense, sorted(chosen))


def test_the_relaxed_model_only_bounds_the_jobs_from_above_and_says_so():
    case = with_saturation(random_case(2, n_actions=8), 2, groups=1.0)
    relaxed, exact = build(case, jobs_model="relaxed"), build(case, jobs_model="exact")
    assert "saturation" in relaxed.features
    assert not any(r.name.startswith("saturation_ge") for r in relaxed.rows)
    assert any(r.name.startswith("saturation_ge") for r in exact.rows)
    assert any(r.name.startswith("saturation_chord") for r in exact.rows)
    assert not any(r.name.startswith("saturation_chord") for r in relaxed.rows)


def test_without_saturation_the_formulation_is_that_of_v1():
    case = random_case(5, n_actions=8, equity=True)
    form = build(case)
    assert "saturation" not in form.features
    assert not any("saturation" in r.name or "on_piece" in c.name for r in form.rows for c in form.columns)


# --- every backend agrees with brute force ----------------------------------------------------------

SEEDS = range(12)
# Equity cases where a hypograph alone (jobs_model="relaxed") gives a wrong optimum or a portfolio the checker
# refuses: the exact model's binaries are what gets them right.
UNDERCOUNTED = [(1, "max_jobs"), (3, "max_jobs"), (58, "max_jobs"), (58, "min_cost"), (59, "min_cost")]


@functools.cache
def _sweep(seed: int, objective: str) -> tuple[Case, float | None, tuple]:
    if (seed, objective) in UNDERCOUNTED:
        case = random_case(500 + seed, n_actions=8, n_groups=3, n_domains=2, objective=objective, equity=True,
                           tightness=0.6)
        case = with_saturation(case, seed, groups=1.0)
    else:
        case = random_case(300 + seed, n_actions=5 + seed % 6, n_groups=1 + seed % 3, n_domains=1 + seed % 2,
                           objective=objective, equity=seed % 2 == 0, per_year=seed % 3 == 1,
                           max_actions=3 if seed % 4 == 3 else None, tightness=(0.4, 0.6, 0.8)[seed % 3])
        case = with_saturation(case, seed)
    best, plan = brute_force(case)
    return case, best, plan


def test_a_hypograph_alone_undercounts_where_equity_rewards_it():
    """The cases UNDERCOUNTED are there for a reason: with only jobs <= each line, the answer is wrong."""
    for seed, objective in UNDERCOUNTED:
        case, best, _plan = _sweep(seed, objective)
        try:
            sol = portfolio.solve(case, backend="highs", jobs_model="relaxed")
        except portfolio.VerificationError:
            continue
        assert sol.objective_value is None or sol.objective_value != pytest.approx(best, rel=REL, abs=1e-6)


def test_the_sweep_saturates_and_binds():
    """The curves matter: on many cases the best portfolio counts fewer jobs than its direct jobs, short of
    any cap; some cases use equity (the exact model), some min_cost."""
    bitten = 0
    for seed in SEEDS:
        for objective in ("max_jobs", "min_cost"):
            case, best, plan = _sweep(seed, objective)
            if best is None:
                continue
            o = evaluate(case, plan).outcome
            bitten += any(o.jobs_saturated[g] < o.jobs_uncapped[g] - 1e-6 for g in o.jobs_saturated)
    assert bitten >= 10


@pytest.mark.parametrize("seed, objective",
                         [(s, o) for s in SEEDS for o in ("max_jobs", "min_cost")] + UNDERCOUNTED)
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_agrees_with_brute_force(backend, seed, objective):
    case, best, _plan = _sweep(seed, objective)
    sol = portfolio.solve(case, backend=backend, time_limit_s=60)
    if best is None:
        assert sol.status == Status.INFEASIBLE, sol.details.message
        return
    assert sol.status == Status.OPTIMAL, sol.details.message
    assert sol.objective_value == pytest.approx(best, rel=REL, abs=1e-6)
    ev = evaluate(case, sol.selected)
    assert ev.feasible
    assert sol.jobs_total == pytest.approx(ev.jobs_total, rel=1e-12, abs=1e-9)
    assert sol.jobs_by_group == pytest.approx(ev.jobs_by_group, rel=1e-12, abs=1e-9)


# --- phased cases -----------------------------------------------------------------------------------

PHASED = [dict(seed=1), dict(seed=2, equity=True), dict(seed=6, objective="min_cost", equity=True),
          dict(seed=4, target_year=2027, equity=True)]


@functools.cache
def _phased(index: int) -> tuple[Case, float | None, object]:
    options = dict(PHASED[index])
    seed = options.pop("seed")
    case = phased_case(seed, n_actions=7, n_years=3, n_groups=2, n_domains=2, n_barriers=3, **options)
    case = with_saturation(case, seed, groups=1.0)
    best, plan = brute_force(case)
    return case, best, plan


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("index", range(len(PHASED)))
def test_phased_cases_with_saturation_agree_with_brute_force(backend, index):
    case, best, plan = _phased(index)
    sol = portfolio.solve(case, backend=backend, time_limit_s=60)
    if best is None:
        assert sol.status == Status.INFEASIBLE
        return
    assert sol.status == Status.OPTIMAL, sol.details.message
    assert sol.objective_value == pytest.approx(best, rel=REL, abs=1e-6)
    ev = evaluate(case, sol.plan)
    assert sol.jobs_by_year == pytest.approx(ev.outcome.jobs_by_year, rel=1e-12, abs=1e-9)


def test_jobs_by_year_counts_each_year_through_the_curve():
    case, best, plan = _phased(0)
    o = evaluate(case, plan).outcome
    data = CaseData.of(case)
    plain = evaluate(derive(case, saturation=()), plan).outcome
    assert o.jobs_uncapped == plain.jobs_uncapped
    assert o.jobs_by_group == {g: pytest.approx(data.counted(g, u)) for g, u in o.jobs_uncapped.items()}
    assert all(o.jobs_by_year[t] <= plain.jobs_by_year[t] + 1e-9 for t in o.jobs_by_year)


# --- robust portfolios and CVaR count through the curve ---------------------------------------------

def _robust_case(seed: int) -> Case:
    from test_uncertainty import tiny

    return with_saturation(tiny(seed, synergies=False), seed, groups=1.0)


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_guaranteed_jobs_are_the_worst_scenario_counted_through_the_curve(seed):
    from test_uncertainty import feasible, worst_cases

    from portfolio.uncertainty import guaranteed_jobs, robust_portfolio

    case = _robust_case(seed)
    data = CaseData.of(case)
    scenarios = worst_cases(case, 2)
    portfolios = feasible(case)
    for chosen in portfolios[:: max(1, len(portfolios) // 20)]:
        worst = min(evaluate(d.case, chosen, d).jobs_total for d in scenarios)
        assert guaranteed_jobs(data, chosen, 2) == pytest.approx(worst), sorted(chosen)
    best = max(guaranteed_jobs(data, p, 2) for p in portfolios)
    found = robust_portfolio(case, "worst_case", 2)
    assert found.status == Status.OPTIMAL and found.robust.guaranteed_jobs == pytest.approx(best, rel=1e-6)


def test_the_cvar_portfolio_counts_each_sample_through_the_curve():
    from test_uncertainty import feasible

    from portfolio.uncertainty import Samples, robust_portfolio
    from portfolio.uncertainty.sampling import cvar

    case = _robust_case(2)
    drawn = Samples.draw(case, 12, 5)
    best = max(cvar(drawn.jobs(p), 0.25) for p in feasible(case))
    found = robust_portfolio(case, "cvar", alpha=0.25, drawn=drawn)
    assert found.status == Status.OPTIMAL and found.robust.cvar_jobs == pytest.approx(best, rel=1e-6)


def test_a_jobs_target_beyond_what_the_curves_can_count_is_named_before_solving():
    from portfolio.rules.target import Target

    case = _two_actions(_points("g", (50, 40)), objective="min_cost", jobs_target=1045)
    assert list(map(english, Target().conflicts(CaseData.of(case)))) == [
        "jobs_target: the target of 1,045 jobs exceeds the sum of the groups' max_extra_jobs, and the last "
        "points of their saturation curves (1,040)"]
    tight = _two_actions(_points("g", (50, 40)), cap=30, objective="min_cost", jobs_target=1040)
    assert "(1,030)" in english(next(iter(Target().conflicts(CaseData.of(tight)))))
    above_caps = _two_actions(objective="min_cost", jobs_target=2001)
    assert list(map(english, Target().conflicts(CaseData.of(above_caps)))) == [
        "jobs_target: the target of 2,001 jobs exceeds the sum of the groups' max_extra_jobs (2,000)"]


def test_a_slope_cpsat_cannot_count_exactly_is_a_warning_at_its_point():
    from portfolio.warnings import case_warnings

    exact = _two_actions(_points("g", (30, 24), (90, 48)))
    assert not [w for w in case_warnings(exact) if w.file == "saturation.csv"]
    third = _two_actions(_points("g", (30, 30), (90, 50)))
    found = [w for w in case_warnings(third) if w.file == "saturation.csv"]
    assert [(w.code, w.row, w.column) for w in found] == [("too_many_decimals", 3, "jobs")]
    assert "the slope 0.333" in found[0].message and "cpsat" in found[0].message


def test_explain_counts_through_the_curve():
    """a+b (100 direct jobs) would meet a target of 98 within the budget of 2, but the curve counts 70 of
    them: a third action, so EUR 1 more, is what it takes."""
    from portfolio.explain import explain

    plain = _two_actions(c_reach=350, objective="min_cost", jobs_target=98)
    assert portfolio.solve(plain, backend="highs").selected == ["a", "b"]
    case = derive(plain, saturation=_points("g", (60, 60), (100, 70)))
    assert portfolio.solve(case, backend="highs").status == Status.INFEASIBLE
    e = explain(case)
    assert [c.rule for c in e.conflicts] == ["budget"]
    assert [(r.rule, r.value) for r in e.relaxations] == [("budget", 3.0)]
