"""The bundled Flemish case is phased (spec 4.1): start windows and ramps with sources, and a plan over the
years that every backend agrees on and that a plain recomputation from the CSV files confirms."""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import numpy as np
import pytest

from conftest import FLANDERS
from inputs import load_case
from models import Status
from portfolio.solve import solve

BACKENDS = ("highs", "cbc", "cpsat", "scip")


@pytest.fixture(scope="module")
def case():
    return load_case(FLANDERS)


@pytest.fixture(scope="module")
def plan(case):
    """The bundled case solved by HiGHS, the reference for the other backends."""
    solution = solve(case, backend="highs", race=False)
    assert solution.status == Status.OPTIMAL
    return solution


def rows(name: str) -> list[dict[str, str]]:
    with open(FLANDERS / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_bundled_case_is_phased_to_2029(case):
    assert case.phased and case.horizon == (2026, 2027, 2028, 2029) and case.target == 2029
    assert all(c.run_year is not None and c.year is None and c.source for c in case.costs)


def test_every_action_has_a_start_window_and_a_ramp_with_their_reasons(case):
    movable = 0
    for a in case.actions:
        assert a.earliest_start is not None and a.latest_start is not None and a.ramp, a.action
        first, last = a.earliest_start, a.latest_start
        span = str(first) if first == last else f"{first}-{last}"
        assert f"start window {span}: " in a.source, a.action
        assert f"ramp {';'.join(f'{r:g}' for r in a.ramp)}: assumption" in a.source, a.action
        movable += len(case.window(a.action)) > 1
    assert movable >= len(case.actions) // 2


def test_ramps_follow_the_kind_of_measure(case):
    """Card, Kluve & Weber 2018: human-capital programmes pay off later than job-search help, so at every year
    of running a ramp citing that profile is below one that works within the year of participation."""
    training = [a.ramp for a in case.actions if "0,2/0,6/1 of its effect" in a.source]
    quick = [a.ramp for a in case.actions if "works within the year of participation" in a.source]
    assert training and quick
    assert all(t[k] < q[k] for t in training for q in quick for k in range(4))
    assert all(r[0] <= 0.2 for r in training + quick)


def test_the_plan_starts_actions_in_more_than_one_year(plan):
    assert len(set(plan.start_year.values())) > 1
    assert sorted(plan.jobs_by_year) == [2026, 2027, 2028, 2029]
    path = [plan.jobs_by_year[y] for y in sorted(plan.jobs_by_year)]
    assert path == sorted(path) and path[-1] == pytest.approx(plan.objective_value)


def test_the_plan_agrees_with_a_recomputation_from_the_files(plan):
    """Jobs in each year and spend per domain and year, from the CSV files and spec 4.1 and 4.2 alone."""
    actions = {r["action"]: r for r in rows("actions.csv")}
    starts = plan.start_year
    for a, s in starts.items():
        assert int(actions[a]["earliest_start"]) <= s <= int(actions[a]["latest_start"])
    ramp = {a: [float(x) for x in r["ramp"].split(";")] for a, r in actions.items()}

    def share(a, year):
        run = year - starts[a] + 1
        return 0.0 if run < 1 else ramp[a][min(run, len(ramp[a])) - 1]

    caps = {g["group"]: float(g["max_extra_jobs"]) for g in rows("groups.csv")}
    points = defaultdict(list)
    for r in rows("saturation.csv"):
        points[r["group"]].append((float(r["direct_jobs"]), float(r["jobs"])))

    def curve(group, uncapped):
        """Spec 4.2: through (0, 0) and the group's points, straight in between, flat after the last."""
        if group not in points or uncapped <= 0:
            return uncapped
        xs, ys = zip(*[(0.0, 0.0), *sorted(points[group])])
        return float(np.interp(uncapped, xs, ys))

    for year, reported in plan.jobs_by_year.items():
        jobs = defaultdict(float)
        for r in rows("reach.csv"):
            if r["action"] in starts:
                jobs[r["group"]] += float(r["reach"]) * float(r["effect"]) * share(r["action"], year)
        for r in rows("synergies.csv"):
            if r["action_a"] in starts and r["action_b"] in starts and share(r["action_a"], year) > 0 \
                    and share(r["action_b"], year) > 0:
                jobs[r["group"]] += float(r["extra_jobs"])
        assert math.fsum(min(caps[g], curve(g, v)) for g, v in jobs.items()) == pytest.approx(reported, abs=1e-6)

    within, after = defaultdict(float), defaultdict(float)
    for r in rows("costs.csv"):
        if r["action"] in starts:
            year = starts[r["action"]] + int(r["run_year"]) - 1
            (within if year <= 2029 else after)[r["domain"], min(year, 2030)] += float(r["cost_eur"])
    for d, by_year in plan.spend_by_domain_year.items():
        for year, eur in by_year.items():
            assert eur == pytest.approx(within[d, year])
    assert {d: after[d, 2030] for d in plan.committed_after_horizon_eur} == pytest.approx(
        plan.committed_after_horizon_eur)
    budgets = {(b["domain"], int(b["year"])): float(b["budget_eur"]) for b in rows("budgets.csv")}
    assert all(eur <= budgets[key] + 1e-6 for key, eur in within.items())


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_reaches_the_same_optimum_within_its_gap(case, plan, backend):
    solution = solve(case, backend=backend, race=False)
    assert solution.status == Status.OPTIMAL
    assert solution.objective_value == pytest.approx(plan.objective_value, rel=case.solver.mip_gap, abs=1e-6)


def test_with_the_old_start_years_and_no_ramps_the_case_gives_its_unphased_optimum(case):
    """Costs moved from calendar years to run years without a euro lost: every action started in the first
    year of its old cost rows (2026, A04 2027) at full effect gives the unphased case's optimum, 2,816.5 jobs
    for 26 actions and EUR 306,800,000 (the case's figures without phasing, on every backend)."""
    old_start = {a.action: 2027 if a.action == "A04" else 2026 for a in case.actions}
    actions = [a.model_copy(update={"earliest_start": old_start[a.action],
                                    "latest_start": old_start[a.action], "ramp": ()}) for a in case.actions]
    solution = solve(case.model_copy(update={"actions": actions}), backend="highs", race=False)
    assert solution.status == Status.OPTIMAL
    assert solution.objective_value == pytest.approx(2816.495)
    assert len(solution.selected) == 26 and solution.cost_total_eur == pytest.approx(306_800_000)
    assert not any(solution.committed_after_horizon_eur.values())


def test_the_bundled_case_counts_diminishing_returns_where_actions_stack(case, plan):
    """Issue 22: the plan reaches the newcomers several times over, so their jobs follow the case's saturation
    curve (spec 4.2) and count fewer than their direct jobs plus synergies; groups the candidates barely
    cover (a fifth of the arbeidsongeschikten) have no curve."""
    curved = {r["group"] for r in rows("saturation.csv")}
    assert "nieuwkomers" in curved and "arbeidsongeschikten" not in curved
    direct = defaultdict(float)
    for r in rows("reach.csv"):
        if r["action"] in plan.start_year:
            a = next(x for x in case.actions if x.action == r["action"])
            run = case.target - plan.start_year[r["action"]] + 1
            direct[r["group"]] += float(r["reach"]) * float(r["effect"]) * a.ramp[min(run, len(a.ramp)) - 1]
    for r in rows("synergies.csv"):
        if r["action_a"] in plan.start_year and r["action_b"] in plan.start_year:
            direct[r["group"]] += float(r["extra_jobs"])
    assert plan.jobs_by_group["nieuwkomers"] < direct["nieuwkomers"] - 1
