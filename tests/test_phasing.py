"""Phasing (spec 4.1), the core: start years, ramps, run-year costs and the target year in the model, the
checker and the JSON; exactness against v1 and against brute force on every backend."""

from __future__ import annotations

import json
import math
import sys

import pytest
from pydantic import ValidationError

from models import Action, Barrier, BudgetYear, Case, Cost, Domain, Group, Reach, Rules, Synergy
from models.casedata import CaseData
from portfolio import solve
from portfolio.backends import available
from portfolio.brute_force import brute_force
from portfolio.formulation.build import build
from portfolio.instances.generate import random_case
from portfolio.instances.phased import phased_case
from portfolio.verify import evaluate

BACKENDS = [b for b in ("highs", "cbc", "cpsat", "scip") if b in available()]
YEARS = (2026, 2027, 2028, 2029)


def small_case(actions=(), costs=(), reach=(), synergies=(), rules=None, target_year=None, budget=10_000.0,
               yearly=None, groups=None) -> Case:
    """A phased case over 2026-2029 with one domain `d`, one group `g` (cap 1,000) and one barrier."""
    yearly = yearly or {}
    return Case(
        name="small phased", objective="max_jobs", target_year=target_year,
        domains=(Domain(domain="d", name="D", budget_eur=budget),),
        groups=groups or (Group(group="g", name="G", population=10_000, max_extra_jobs=1_000),),
        barriers=(Barrier(barrier="b", name="B", priority=False),),
        actions=tuple(Action(name=a["action"], lead_domain="d", barriers=("b",), **a) for a in actions),
        costs=tuple(Cost(domain="d", **c) for c in costs),
        reach=tuple(Reach(group="g", **r) for r in reach),
        synergies=tuple(Synergy(group="g", **s) for s in synergies),
        budgets=tuple(BudgetYear(domain="d", year=t, budget_eur=yearly.get(t, 10_000.0)) for t in YEARS),
        rules=rules or Rules(min_actions_per_priority_barrier=0),
    )


def as_phased(case: Case) -> Case:
    """`case` (costs with calendar years) as a phased case in which every action can only start in the first
    year, with ramp 1: the same problem (spec 4.1 with every start fixed to the first year)."""
    first = case.years[0]
    costs = tuple(c.model_copy(update={"year": None, "run_year": c.year - first + 1}) for c in case.costs)
    return Case.model_validate({**{k: getattr(case, k) for k in Case.model_fields}, "costs": costs})


# --- exactness against v1 ----------------------------------------------------------------------


def test_an_unphased_case_builds_no_start_columns_and_keeps_its_json():
    case = random_case(3, 8, per_year=True)
    form = build(case)
    assert not form.start_columns and "phased" not in form.features
    assert not any(r.name.startswith(("starts[", "started", "start_in")) for r in form.rows)
    text = solve(case, backend="highs").model_dump_json()
    assert not {"start_year", "jobs_by_year", "spend_by_domain_year", "committed_after_horizon_eur",
                "phased"} & set(json.loads(text))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", [1, 2, 5])
def test_first_year_starts_with_ramp_one_give_the_unphased_optimum(seed, backend):
    case = random_case(seed, 10, per_year=True, equity=seed == 2, objective="min_cost" if seed == 5 else "max_jobs")
    phased = as_phased(case)
    assert phased.phased and not case.phased
    one, two = solve(case, backend=backend), solve(phased, backend=backend)
    assert one.status == two.status == "optimal"
    assert two.objective_value == pytest.approx(one.objective_value, rel=1e-9, abs=1e-9)
    # the same plan has the same figures, year by year
    again = evaluate(phased, one.selected)
    assert again.jobs_total == pytest.approx(one.jobs_total)
    assert again.outcome.spend.by_domain == pytest.approx(one.spend_by_domain)
    assert set(again.outcome.starts.values()) <= {case.years[0]}


def test_the_bundled_case_with_first_year_starts_is_the_unphased_case(tmp_path):
    import inputs
    from conftest import unphased_flanders

    case = inputs.load_case(unphased_flanders(tmp_path / "case"))
    assert not case.phased
    one, two = solve(case, backend="highs"), solve(as_phased(case), backend="highs")
    assert two.objective_value == pytest.approx(one.objective_value) and two.status == "optimal"
    assert one.objective_value == pytest.approx(2816.495)


# --- agreement with brute force ----------------------------------------------------------------

VARIANTS = {
    "plain": dict(),
    "equity": dict(equity=True),
    "start_in": dict(start_in=True),
    "min_cost": dict(objective="min_cost"),
    "target_before_end": dict(target_year=2027),
    "target_after_end": dict(target_year=2031),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("seed", [12, 13])
def test_phased_optimum_agrees_with_brute_force_on_every_backend(variant, seed):
    case = phased_case(seed, 7, **VARIANTS[variant])
    best, plan = brute_force(case)
    assert best is not None and isinstance(plan, dict)
    for backend in BACKENDS:
        found = solve(case, backend=backend)
        assert found.status == "optimal", (backend, found.details.message)
        assert found.objective_value == pytest.approx(best, rel=1e-7, abs=1e-6), backend
        assert evaluate(case, found.plan).feasible


# --- each phased rule, in the model and in the checker --------------------------------------------


def test_costs_follow_the_start_and_spill_after_the_horizon():
    case = small_case(
        actions=[dict(action="a", earliest_start=2026, latest_start=2028, ramp=(0.3, 0.7, 1.0))],
        costs=[dict(action="a", cost_eur=100, run_year=1), dict(action="a", cost_eur=200, run_year=2),
               dict(action="a", cost_eur=400, run_year=3)],
        reach=[dict(action="a", reach=100, effect=0.5)],
    )
    ev = evaluate(case, {"a": 2028})
    spend = ev.outcome.spend
    assert [spend.in_year("d", t) for t in YEARS] == [0, 0, 100, 200]
    assert spend.after_horizon == {"d": 400} and spend.by_domain == {"d": 300} and spend.total_eur == 700
    # 50 jobs at full effect; in 2029 it runs its second year: 0.7
    assert ev.jobs_total == pytest.approx(35.0)
    assert ev.outcome.jobs_by_year == pytest.approx({2026: 0, 2027: 0, 2028: 15.0, 2029: 35.0})
    early = evaluate(case, {"a": 2026})
    assert early.jobs_total == pytest.approx(50.0) and early.outcome.spend.after_horizon == {"d": 0}


def test_the_solver_moves_a_start_to_fit_a_years_budget():
    case = small_case(
        actions=[dict(action="a", earliest_start=2026, latest_start=2029, ramp=(0.5, 1.0))],
        costs=[dict(action="a", cost_eur=5_000, run_year=1)],
        reach=[dict(action="a", reach=100, effect=0.5)],
        yearly={2026: 1_000, 2027: 1_000},
    )
    for backend in BACKENDS:
        found = solve(case, backend=backend)
        assert found.start_year == {"a": 2028}, backend
        assert found.spend_by_domain_year == {"d": {2026: 0, 2027: 0, 2028: 5_000, 2029: 0}}


def test_an_action_starting_after_the_target_year_counts_nothing_and_ramps_read_at_the_target():
    acts = [dict(action="a", earliest_start=2029, ramp=(0.5, 1.0)), dict(action="b", earliest_start=2026)]
    costs = [dict(action="a", cost_eur=10, run_year=1), dict(action="b", cost_eur=10, run_year=1)]
    reach = [dict(action="a", reach=100, effect=1.0), dict(action="b", reach=10, effect=1.0)]
    before = small_case(acts, costs, reach, target_year=2028)
    after = small_case(acts, costs, reach, target_year=2031)
    assert evaluate(before, ["a", "b"]).jobs_total == pytest.approx(10)
    assert evaluate(after, ["a", "b"]).jobs_total == pytest.approx(110)
    assert evaluate(small_case(acts, costs, reach), ["a", "b"]).jobs_total == pytest.approx(60)
    assert set(evaluate(after, ["a"]).outcome.jobs_by_year) == {*YEARS, 2031}


def test_a_synergy_counts_once_both_have_started_by_the_target_year():
    acts = [dict(action="a", earliest_start=2026, latest_start=2029), dict(action="b", earliest_start=2026)]
    costs = [dict(action="a", cost_eur=10, run_year=1), dict(action="b", cost_eur=10, run_year=1)]
    reach = [dict(action="a", reach=10, effect=1.0), dict(action="b", reach=10, effect=1.0)]
    case = small_case(acts, costs, reach, synergies=[dict(action_a="a", action_b="b", extra_jobs=7)],
                      target_year=2028)
    assert evaluate(case, {"a": 2028, "b": 2026}).jobs_total == pytest.approx(27)
    assert evaluate(case, {"a": 2029, "b": 2026}).jobs_total == pytest.approx(10)
    assert evaluate(case, {"a": 2029, "b": 2026}).outcome.jobs_by_year[2029] == pytest.approx(27)
    # a yearly budget that forbids 2026-2028 for a: the solver must not count the synergy
    tight = small_case(acts, [dict(action="a", cost_eur=500, run_year=1), costs[1]], reach,
                       synergies=[dict(action_a="a", action_b="b", extra_jobs=7)], target_year=2028,
                       yearly={2026: 100, 2027: 100, 2028: 100})
    for backend in BACKENDS:
        found = solve(tight, backend=backend)
        assert found.objective_value == pytest.approx(10), backend


def test_requires_means_starts_no_later():
    acts = [dict(action="a", earliest_start=2026, latest_start=2029, requires=("b",)),
            dict(action="b", earliest_start=2027, latest_start=2029)]
    costs = [dict(action="a", cost_eur=10, run_year=1), dict(action="b", cost_eur=10, run_year=1)]
    reach = [dict(action="a", reach=100, effect=1.0, ), dict(action="b", reach=1, effect=1.0)]
    case = small_case(acts, costs, reach, target_year=2031)
    assert not evaluate(case, {"a": 2026, "b": 2027}).feasible
    assert not evaluate(case, {"a": 2027}).feasible
    assert evaluate(case, {"a": 2027, "b": 2027}).feasible
    assert evaluate(case, {"a": 2029, "b": 2027}).feasible
    broken = {c.name for c in evaluate(case, {"a": 2026, "b": 2027}).violations}
    assert broken == {"requires[a,b,2026]"}
    for backend in BACKENDS:
        found = solve(case, backend=backend)
        assert found.start_year["b"] <= found.start_year["a"], backend
        assert found.start_year["a"] >= 2027


def test_start_in_fixes_the_year_and_a_year_outside_the_window_is_refused():
    acts = [dict(action="a", earliest_start=2026, latest_start=2029)]
    costs = [dict(action="a", cost_eur=10, run_year=1)]
    reach = [dict(action="a", reach=100, effect=1.0)]
    case = small_case(acts, costs, reach, rules=Rules(min_actions_per_priority_barrier=0, start_in={"a": 2028}))
    for backend in BACKENDS:
        assert solve(case, backend=backend).start_year == {"a": 2028}
    assert not evaluate(case, {"a": 2026}).feasible and not evaluate(case, {}).feasible
    with pytest.raises(ValidationError, match=r"rules\.start_in\.a: 2030 is outside the start window"):
        small_case(acts, costs, reach, rules=Rules(start_in={"a": 2030}))


def test_a_plan_without_a_start_where_several_are_possible_is_refused():
    acts = [dict(action="a", earliest_start=2026, latest_start=2027), dict(action="b")]
    costs = [dict(action="a", cost_eur=10, run_year=1), dict(action="b", cost_eur=10, run_year=1)]
    reach = [dict(action="a", reach=1, effect=1.0)]
    case = small_case(acts, costs, reach)
    with pytest.raises(ValueError, match="start year of 'a' is not given"):
        evaluate(case, ["a"])
    with pytest.raises(ValueError, match="cannot start in 2029"):
        evaluate(case, {"a": 2029})
    assert evaluate(case, ["b"]).outcome.starts == {"b": 2026}  # a one-year window needs no start


# --- the JSON of a phased solve -----------------------------------------------------------------


def test_phased_json_fields_are_recomputed_from_the_plan():
    case = phased_case(21, 9, start_in=True)
    found = solve(case, backend="highs")
    raw = json.loads(found.model_dump_json())
    data = CaseData.of(case)
    starts = {a: int(y) for a, y in raw["start_year"].items()}
    assert sorted(starts) == sorted(raw["selected"])
    # every year of the horizon and the target year, each J with T replaced by that year
    for year, jobs in raw["jobs_by_year"].items():
        year = int(year)
        per_group = {g.group: 0.0 for g in case.groups}
        for r in case.reach:
            if r.action in starts and starts[r.action] <= year:
                per_group[r.group] += r.reach * r.effect * data.ramp_at(r.action, year - starts[r.action] + 1)
        for s in case.synergies:
            if all(x in starts and starts[x] <= year for x in (s.action_a, s.action_b)):
                per_group[s.group] += s.extra_jobs
        capped = math.fsum(min(g.max_extra_jobs, per_group[g.group]) for g in case.groups)
        assert jobs == pytest.approx(capped, abs=1e-9)
    assert raw["jobs_by_year"][str(case.target)] == pytest.approx(raw["jobs_total"])
    spend = {d.domain: dict.fromkeys(map(str, case.horizon), 0.0) for d in case.domains}
    after = {d.domain: 0.0 for d in case.domains}
    for c in case.costs:
        if c.action in starts:
            year = starts[c.action] + c.run_year - 1
            if year > case.horizon[-1]:
                after[c.domain] += c.cost_eur
            else:
                spend[c.domain][str(year)] += c.cost_eur
    for d, years in spend.items():
        assert raw["spend_by_domain_year"][d] == pytest.approx(years)
    assert raw["committed_after_horizon_eur"] == pytest.approx(after)
    assert raw["cost_total_eur"] == pytest.approx(sum(c.cost_eur for c in case.costs if c.action in starts))


def test_a_phased_case_without_a_portfolio_has_null_phasing_fields():
    acts = [dict(action="a", earliest_start=2026)]
    costs = [dict(action="a", cost_eur=50_000, run_year=1)]
    reach = [dict(action="a", reach=1, effect=1.0)]
    case = small_case(acts, costs, reach, rules=Rules(locked_in=("a",)))
    found = solve(case, backend="highs")
    assert found.status == "infeasible"
    raw = json.loads(found.model_dump_json())
    assert raw["start_year"] is None and raw["jobs_by_year"] is None and raw["selected"] == []


def test_a_plan_does_not_start_late_for_no_reason():
    """Starts that tie on the objective: the plan whose jobs come earliest, on every backend."""
    acts = [dict(action="a", earliest_start=2026, latest_start=2029),
            dict(action="b", earliest_start=2026, latest_start=2029, ramp=(0.5, 1.0))]
    costs = [dict(action="a", cost_eur=600, run_year=1), dict(action="b", cost_eur=600, run_year=1)]
    reach = [dict(action="a", reach=10, effect=1.0), dict(action="b", reach=10, effect=1.0)]
    # one of the two fits each year; both reach full effect by 2029 from any start up to 2028 (b) or 2029 (a)
    case = small_case(acts, costs, reach, yearly=dict.fromkeys(YEARS, 1_000))
    for backend in BACKENDS:
        found = solve(case, backend=backend)
        assert found.objective_value == pytest.approx(20) and found.status == "optimal"
        assert found.start_year == {"a": 2027, "b": 2026} or found.start_year == {"a": 2026, "b": 2027}, backend
        assert found.jobs_by_year[2026] == pytest.approx(10 if found.start_year["a"] == 2026 else 5)
        assert any("earliest" in note for note in found.details.report.notes)
        late = solve(case, backend=backend, early=False)
        assert late.objective_value == pytest.approx(20)


def test_ctrl_c_during_the_earliest_start_solve_is_not_lost(monkeypatch):
    """An interrupted second solve leaves the proven plan, labelled interrupted: callers (robust, sweeps) see
    the Ctrl-C and stop; it was dropped, and `robust` ran all its samples after a Ctrl-C."""
    solve_module = sys.modules["portfolio.solve"]

    acts = [dict(action="a", earliest_start=2026, latest_start=2029)]
    case = small_case(acts, [dict(action="a", cost_eur=10, run_year=1)], [dict(action="a", reach=10, effect=1.0)])
    real = solve_module.solve_formulation
    calls = []

    def second_interrupted(*args, **kwargs):
        found = real(*args, **kwargs)
        calls.append(found)
        if len(calls) == 2:
            report = found.details.report.model_copy(update={"interrupted": True})
            found = found.model_copy(update={"details": found.details.model_copy(update={"report": report})})
        return found

    monkeypatch.setattr(solve_module, "solve_formulation", second_interrupted)
    done = solve_module.solve(case, backend="highs")
    assert len(calls) == 2 and done.details.report.interrupted
    assert done.objective_value == pytest.approx(calls[0].objective_value)
