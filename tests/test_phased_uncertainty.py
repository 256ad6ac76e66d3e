"""Uncertainty studies on phased cases: every figure recomputed from the plan (each action at its start year,
ramps applied), robust and alternative plans checked against every plan of a small case (spec 4.1, issue 18
point 5)."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from inputs import write_case
from models import Status
from models.casedata import CaseData
from portfolio.core.outcome import outcome
from portfolio.instances.generate import derive
from portfolio.instances.phased import phased_case
from portfolio.uncertainty import alternatives, importance, monte_carlo, robust_portfolio
from portfolio.uncertainty.robust import guaranteed_jobs
from portfolio.uncertainty.sampling import Samples, cvar
from portfolio.verify import evaluate
from small_phased import small_phased

ACTIONS = {
    "A01": {"domain": "werk", "window": (2026, 2028), "costs": (4, 4), "jobs": 10, "ramp": (0.5, 1),
            "effect_low": 0.2},
    "A02": {"domain": "werk", "window": (2027, 2028), "costs": (6,), "jobs": 8, "effect_low": 0.1},
    "A03": {"domain": "mow", "window": (2026, 2027), "costs": (7, 3), "jobs": 6, "ramp": (0.3, 0.7, 1),
            "effect_low": 0.4},
    "A04": {"domain": "mow", "costs": (5,), "jobs": 4, "effect_low": 0.25, "requires": ["A03"]},
}


def case():
    """Four actions with start windows and ramps, werk and mow EUR 10 a year; the jobs of 2028 count."""
    return small_phased(ACTIONS)


def every_plan(c):
    """Every feasible plan of `c` with its jobs (in the target year)."""
    data = CaseData.of(c)
    options = [[None, *data.windows[a]] for a in data.actions]
    out = []
    for years in itertools.product(*options):
        plan = {a: y for a, y in zip(data.actions, years) if y is not None}
        ev = evaluate(c, plan, data)
        if ev.feasible:
            out.append((plan, ev.jobs_total))
    return out


def test_alternatives_are_other_selections_by_default_and_other_plans_on_request():
    c = case()
    plans = every_plan(c)
    data = CaseData.of(c)
    by_selection: dict = {}
    for plan, jobs in plans:
        key = frozenset(plan)
        by_selection[key] = max(jobs, by_selection.get(key, -math.inf))
    selections = alternatives(c, 4, progress=False)
    assert selections.differ_in == "actions"
    best_selections = sorted(by_selection.values(), reverse=True)[:4]
    assert [p.jobs for p in selections.portfolios] == pytest.approx(best_selections)
    assert len({frozenset(p.selected) for p in selections.portfolios}) == 4
    for p in selections.portfolios:
        assert set(p.start_year) == set(p.selected)
        assert outcome(data, p.start_year).jobs_total == pytest.approx(p.jobs)  # recomputed from the plan
    found = alternatives(c, 4, progress=False, differ_in="plan")
    assert found.differ_in == "plan"
    best_plans = sorted((j for _p, j in plans), reverse=True)[:4]
    assert [p.jobs for p in found.portfolios] == pytest.approx(best_plans)
    assert len({tuple(sorted(p.start_year.items())) for p in found.portfolios}) == 4
    best = found.portfolios[0].start_year
    for p in found.portfolios:
        assert outcome(data, p.start_year).jobs_total == pytest.approx(p.jobs)
        assert p.moved == [a for a in p.start_year if a in best and best[a] != p.start_year[a]]
    assert any(p.moved for p in found.portfolios)  # the same actions started in other years count as others


def test_monte_carlo_judges_the_nominal_plan_at_its_start_years():
    c = case()
    nominal = portfolio.solve(c, backend="highs")
    drawn = Samples.draw(c, 6, seed=3)
    study = monte_carlo(c, drawn=drawn, nominal=nominal)
    assert study.start_year == nominal.start_year and set(study.selected) == set(nominal.start_year)
    ramp_share = {a: CaseData.of(c).ramp_at(a, 2028 - s + 1) for a, s in nominal.start_year.items()}
    for i, jobs in enumerate(study.jobs_by_sample):
        by_hand = math.fsum(r.reach * drawn.effects[i][k] * ramp_share[r.action]
                            for k, r in enumerate(c.reach) if r.action in ramp_share)
        assert jobs == pytest.approx(by_hand)
    assert min(ramp_share.values()) < 1 or len(ramp_share) < len(ACTIONS)  # the ramp matters somewhere


def test_the_worst_case_plan_is_the_best_of_every_plan():
    c = case()
    data = CaseData.of(c)
    result = robust_portfolio(c, "worst_case", gamma=1)
    best = max(guaranteed_jobs(data, plan, 1) for plan, _j in every_plan(c))
    assert result.status == "optimal" and result.robust.guaranteed_jobs == pytest.approx(best)
    plan = result.robust.start_year
    # one group, no cap reached: the jobs of 2028 less the largest loss of one row, ramps applied
    shares = {a: data.ramp_at(a, 2028 - s + 1) for a, s in plan.items()}
    lost = {r.action: r.reach * (r.effect - r.effect_low) * shares[r.action]
            for r in c.reach if r.action in plan}
    assert result.robust.guaranteed_jobs == pytest.approx(outcome(data, plan).jobs_total - max(lost.values()))
    assert result.nominal.start_year == portfolio.solve(c, backend="highs").start_year


@pytest.mark.parametrize("seed", [0, 3])
def test_the_worst_case_with_synergies_matches_every_plan(seed):
    c = phased_case(seed, n_actions=7, n_groups=2)
    c = derive(c, reach=tuple(r.model_copy(update={"effect_low": r.effect * 0.5}) for r in c.reach))
    data = CaseData.of(c)
    assert data.synergy and any(len(w) > 1 for w in data.windows.values())
    result = robust_portfolio(c, "worst_case", gamma=2)
    best = max(guaranteed_jobs(data, plan, 2) for plan, _j in every_plan(c))
    assert result.status == "optimal" and result.robust.guaranteed_jobs == pytest.approx(best)


def test_the_cvar_plan_is_the_best_of_every_plan():
    c = case()
    drawn = Samples.draw(c, 8, seed=5)
    result = robust_portfolio(c, "cvar", alpha=0.25, drawn=drawn)
    best = max(cvar(drawn.jobs(plan), 0.25) for plan, _j in every_plan(c))
    assert result.robust.cvar_jobs == pytest.approx(best)
    assert result.robust.cvar_jobs == pytest.approx(cvar(drawn.jobs(result.robust.start_year), 0.25))


def test_replacement_costs_drop_a_fixed_start_with_the_action():
    c = small_phased(ACTIONS, rules={"start_in": {"A03": 2026}})
    base = portfolio.solve(c, backend="highs")
    result = importance(c, base)
    a03 = next(r for r in result.actions if r.action == "A03")
    assert a03.locked_in and not a03.indispensable and a03.status == "optimal"
    without = portfolio.solve(small_phased({a: s for a, s in ACTIONS.items() if a != "A03"}
                                           | {"A04": ACTIONS["A04"] | {"requires": []}}), backend="highs")
    assert without.status == Status.OPTIMAL  # a bound on what is left: A04 needs A03, so it goes too
    assert a03.jobs_without <= without.jobs_total + 1e-9
    assert a03.jobs_lost == pytest.approx(base.jobs_total - a03.jobs_without)


def test_the_command_line_on_a_phased_case(tmp_path):
    folder = write_case(case(), tmp_path / "case")
    listed = CliRunner().invoke(main, ["alternatives", str(folder), "-k", "3", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["differ_in"] == "actions"
    assert all("start_year" in p and "moved" in p for p in data["portfolios"])
    table = CliRunner().invoke(main, ["alternatives", str(folder), "-k", "3"])
    assert table.exit_code == 0
    assert "differs from those before it in an action (each with its best start years)" in table.output
    robust = CliRunner().invoke(main, ["robust", str(folder), "--samples", "4", "--optimise", "worst_case",
                                       "--format", "json"])
    assert robust.exit_code == 0, robust.output
    study = json.loads(robust.stdout)
    assert study["start_year"] and study["robust"]["robust"]["start_year"]
    stuck = write_case(small_phased(ACTIONS, rules={"start_in": {"A04": 2026}, "locked_out": ["A03"]}),
                       tmp_path / "stuck")
    none = CliRunner().invoke(main, ["alternatives", str(stuck)])
    assert none.exit_code == 3 and "Traceback" not in none.output


def test_a_case_without_run_years_keeps_its_json(tmp_path):
    from conftest import TEMPLATE

    listed = CliRunner().invoke(main, ["alternatives", str(TEMPLATE), "-k", "2", "--format", "json"])
    data = json.loads(listed.stdout)
    assert "differ_in" not in data and not {"start_year", "moved"} & set(data["portfolios"][0])


def test_the_report_study_keeps_the_plan_of_the_solution():
    from portfolio.uncertainty import uncertainty_report

    c = case()
    solution = portfolio.solve(c, backend="highs")
    study = uncertainty_report(c, solution, samples=4, seed=2)
    assert study.monte_carlo.start_year == solution.start_year
    drawn = Samples.draw(c, 4, seed=2)
    assert study.monte_carlo.jobs_by_sample == pytest.approx(drawn.jobs(solution.plan))
    assert {r.action for r in study.importance.actions} == set(solution.start_year)
