"""Warnings next to errors: each kind on a small case with its numbers and hint, none where nothing is off,
and the cost of an equity share against independent solves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import inputs
from models import Action, Barrier, BudgetYear, Case, Cost, Domain, Group, Reach, Rules, Status, Synergy
from models.warnings import CODES, CaseWarning
from portfolio import solve, solver_settings
from portfolio.warnings import (
    COEFFICIENT_RANGE,
    case_warnings,
    solution_warnings,
    without_share,
)
from tests.conftest import FLANDERS, edit_csv, edit_yaml, line_of, read_yaml, write_yaml

# --------------------------------------------------------------------------- helpers


def act(a: str, lead: str = "d1", **kw) -> Action:
    return Action(action=a, name=f"Action {a}", lead_domain=lead, barriers=kw.pop("barriers", ("p",)), **kw)


def cost(a: str, eur: float, domain: str = "d1", year: int | None = None) -> Cost:
    return Cost(action=a, domain=domain, cost_eur=eur, year=year)


def jobs(a: str, n: float, group: str = "A", effect: float = 1.0) -> Reach:
    """A reach row giving `n` x `effect` jobs (reach n)."""
    return Reach(action=a, group=group, reach=n, effect=effect)


def make(actions, costs, reach, *, budgets=None, d1: float = 2000, d2: float = 500, synergies=(), **rules) -> Case:
    """A small case: domains d1 and d2, groups A and B (1,000 people, no binding cap), one barrier."""
    return Case(
        name="small",
        domains=(Domain(domain="d1", name="D1", budget_eur=d1), Domain(domain="d2", name="D2", budget_eur=d2)),
        groups=(Group(group="A", name="Group A", population=1000, max_extra_jobs=1000),
                Group(group="B", name="Group B", population=1000, max_extra_jobs=1000)),
        barriers=(Barrier(barrier="p", name="P", priority=False),),
        actions=tuple(actions), costs=tuple(costs), reach=tuple(reach), synergies=tuple(synergies),
        budgets=budgets, rules=Rules(min_actions_per_priority_barrier=0, **rules),
    )


def codes(ws: list[CaseWarning]) -> list[str]:
    return [w.code for w in ws]


def only(ws: list[CaseWarning], code: str) -> CaseWarning:
    found = [w for w in ws if w.code == code]
    assert len(found) == 1, [str(w) for w in ws]
    return found[0]


# --------------------------------------------------------------------------- the model


def test_warning_prints_like_an_issue_with_its_hint():
    w = CaseWarning(code="year_budgets_exceed_total", file="domains.csv", row=2, column="budget_eur",
                    message="too much", hint="lower it")
    assert str(w) == "domains.csv:2:budget_eur: warning: too much (lower it)"
    assert str(w.as_issue()) == "domains.csv:2:budget_eur: too much (lower it)"
    setting = CaseWarning(code="equity_share_costs_jobs", file="case.yaml", column="rules.min_group_share.A",
                          message="m", hint="h")
    assert str(setting) == "case.yaml:rules.min_group_share.A: warning: m (h)"
    assert set(CODES) == set(CaseWarning.model_fields["code"].annotation.__args__)


# --------------------------------------------------------------------------- none where nothing is off


@pytest.mark.parametrize("name", inputs.BUNDLED)
def test_bundled_cases_have_no_case_warnings(name):
    # Their yearly budgets add up exactly to the totals, every action fits, numbers are whole or short.
    assert case_warnings(inputs.load_case(inputs.bundled_case_path(name))) == []


# --------------------------------------------------------------------------- budgets per year


def test_year_budgets_above_the_total(template_dir: Path):
    edit_csv(template_dir / "budgets.csv", 3, "budget_eur", 1700000)  # werk 2027: 1.5M -> 1.7M
    ws = case_warnings(inputs.load_case(template_dir))
    w = only(ws, "year_budgets_exceed_total")
    assert (w.file, w.row, w.column) == ("domains.csv", 2, "budget_eur")
    assert "add up to EUR 3,200,000 (2026: EUR 1,500,000, 2027: EUR 1,700,000)" in w.message
    assert "EUR 200,000 more than its total budget of EUR 3,000,000" in w.message
    assert "raising one year's budget changes nothing" in w.message
    assert "set budget_eur of werk to 3200000 in domains.csv" in w.hint
    assert "add up to 3000000" in w.hint
    assert str(w).startswith("domains.csv:2:budget_eur: warning: the budgets per year of Werk en sociale economie")


def test_year_budgets_below_or_at_the_total_are_fine(template_dir: Path):
    edit_csv(template_dir / "budgets.csv", 3, "budget_eur", 1000000)  # less than the total: the years bind
    assert case_warnings(inputs.load_case(template_dir)) == []


# --------------------------------------------------------------------------- actions that can never be chosen


def test_action_costing_more_than_a_whole_budget():
    c = make([act("a1"), act("a2")], [cost("a1", 100), cost("a2", 1500), cost("a2", 2500, "d2")],
             [jobs("a1", 5), jobs("a2", 50)], d1=2000, d2=500)
    w = only(case_warnings(c), "action_over_budget")
    assert (w.file, w.row, w.column) == ("costs.csv", 4, "cost_eur")
    assert w.message == ("a2 can never be chosen: it costs D2 (d2) EUR 2,500 over the horizon, more than its "
                         "budget of EUR 500")
    assert w.hint == "lower the cost of a2, raise that budget (domains.csv line 3), or lock a2 out if it cannot be afforded"


def test_action_costing_more_than_a_years_budget(template_dir: Path):
    line = line_of(template_dir / "costs.csv", "T05,werk,400000,2027")
    edit_csv(template_dir / "costs.csv", line, "cost_eur", 1600000)  # werk 2027 has 1,500,000
    w = only(case_warnings(inputs.load_case(template_dir)), "action_over_budget")
    assert (w.file, w.row, w.column) == ("costs.csv", line, "cost_eur")
    assert "T05 can never be chosen: it costs Werk en sociale economie (werk) EUR 1,600,000 in 2027, more than its " \
           "budget of EUR 1,500,000" in w.message
    assert "(budgets.csv line 3)" in w.hint


def test_an_action_over_several_years_budgets_points_to_each_years_line(template_dir: Path):
    budgets = template_dir / "budgets.csv"
    lines = {year: line_of(budgets, f"werk,{year},") for year in (2026, 2027)}
    for line in lines.values():
        edit_csv(budgets, line, "budget_eur", 1000)
    warned = [w for w in case_warnings(inputs.load_case(template_dir)) if w.code == "action_over_budget"]
    assert warned, "actions of werk cost more than EUR 1,000 a year"
    for w in warned:
        assert "raise those budgets" in w.hint, w.hint
        for year, line in lines.items():
            assert f"in {year}, more than its budget of EUR 1,000" in w.message, w.message
            assert f"budgets.csv line {line} for werk {year}" in w.hint, w.hint


def test_action_requiring_a_locked_out_action_directly(template_dir: Path):
    edit_yaml(template_dir / "case.yaml", "rules.locked_out", ["T06"])
    ws = case_warnings(inputs.load_case(template_dir))
    w = only(ws, "action_requires_locked_out")  # T07 requires T06; T06 itself is locked out on purpose
    assert (w.file, w.row, w.column) == ("actions.csv", 8, "requires")
    assert w.message == "T07 can never be chosen: T07 requires T06, which is locked out"
    assert w.hint == "unlock T06 (rules.locked_out in case.yaml) or drop the requirement"


def test_action_requiring_a_locked_out_action_through_another():
    c = make([act("a1"), act("a2", requires=("a1",)), act("a3", requires=("a2",))],
             [cost("a1", 10), cost("a2", 10), cost("a3", 10)], [jobs("a1", 1), jobs("a2", 1), jobs("a3", 1)],
             locked_out=("a1",))
    ws = case_warnings(c)
    assert codes(ws) == ["action_requires_locked_out"] * 2
    assert ws[0].message == "a2 can never be chosen: a2 requires a1, which is locked out"
    assert ws[1].message == "a3 can never be chosen: a3 requires a2, which requires a1, which is locked out"
    assert (ws[1].row, ws[1].column) == (4, "requires")


def test_action_in_the_overlap_group_of_a_locked_in_action(template_dir: Path):
    edit_yaml(template_dir / "case.yaml", "rules.locked_in", ["T02"])
    w = only(case_warnings(inputs.load_case(template_dir)), "action_overlaps_locked_in")
    assert (w.file, w.row, w.column) == ("actions.csv", 2, "overlap_group")
    assert w.message == ("T01 can never be chosen: it shares overlap_group 'opvang' with T02 (locked in), and at "
                         "most one action of a group is chosen")
    assert w.hint == "take T01 out of overlap group 'opvang' if both may be chosen, or lock T01 out"


def test_action_in_the_overlap_group_of_what_a_locked_in_action_requires():
    c = make([act("a1", overlap_group="g"), act("a2", overlap_group="g"), act("a3", requires=("a1",))],
             [cost("a1", 10), cost("a2", 10), cost("a3", 10)], [jobs("a1", 1), jobs("a2", 1), jobs("a3", 1)],
             locked_in=("a3",))
    w = only(case_warnings(c), "action_overlaps_locked_in")
    assert "a2 can never be chosen: it shares overlap_group 'g' with a1 (locked in: a3 requires a1)" in w.message


def test_action_needing_two_actions_of_one_overlap_group():
    # checks.py refuses an action that requires one of its own group; needing two of another group is valid
    c = make([act("a1", overlap_group="g"), act("a2", overlap_group="g"), act("a3", requires=("a1", "a4")),
              act("a4", requires=("a2",))],
             [cost(a, 10) for a in ("a1", "a2", "a3", "a4")], [jobs(a, 1) for a in ("a1", "a2", "a3", "a4")])
    w = only(case_warnings(c), "action_requires_overlap")
    assert (w.file, w.row, w.column) == ("actions.csv", 4, "requires")
    assert w.message == ("a3 can never be chosen: it needs both a1 and a2, which share overlap_group 'g' "
                         "(a3 requires a1; a3 requires a4, which requires a2)")
    assert w.hint == "drop one of the requirements, or take a1 or a2 out of overlap group 'g'"


def a2_requires_a1(eur1: float, eur2: float, **rules) -> Case:
    """a2 requires a1; both paid by d1 (budget 2,000), 5 jobs each."""
    return make([act("a1"), act("a2", requires=("a1",))], [cost("a1", eur1), cost("a2", eur2)],
                [jobs("a1", 5), jobs("a2", 5)], **rules)


def test_action_over_budget_with_what_it_requires():
    w = only(case_warnings(a2_requires_a1(1200, 1200)), "action_over_budget_together")
    assert (w.file, w.row, w.column) == ("actions.csv", 3, "requires")
    assert w.message == ("a2 can never be chosen: together with the actions it requires (a1), it costs D1 (d1) "
                         "EUR 2,400 over the horizon, more than its budget of EUR 2,000")
    assert "raise that budget (domains.csv line 2)" in w.hint


def test_action_over_budget_with_the_locked_in_actions():
    c = make([act("a1"), act("a2"), act("a3")], [cost("a1", 1200), cost("a2", 900), cost("a3", 700)],
             [jobs("a1", 5), jobs("a2", 5), jobs("a3", 5)], d1=2000, locked_in=("a1",))
    w = only(case_warnings(c), "action_over_budget_together")
    assert w.message == ("a2 can never be chosen: together with the 1 locked-in action(s) (and what they require), "
                         "it costs D1 (d1) EUR 2,100 over the horizon, more than its budget of EUR 2,000")
    assert w.column == "action"


def test_action_needing_more_actions_than_max_actions():
    w = only(case_warnings(a2_requires_a1(10, 10, max_actions=1)), "action_exceeds_max_actions")
    assert w.message == ("a2 can never be chosen: together with the actions it requires (a1), it makes 2 actions, "
                         "more than max_actions 1")
    assert w.hint == "raise rules.max_actions in case.yaml, or drop a requirement or a lock"


def test_locks_that_are_infeasible_on_their_own_leave_only_lock_free_reasons():
    # a1 and a2 locked in but together over budget: the case is infeasible, which solve reports; a3 is not
    # blamed for the locks
    c = make([act("a1"), act("a2"), act("a3")], [cost("a1", 1500), cost("a2", 1500), cost("a3", 100)],
             [jobs("a1", 5), jobs("a2", 5), jobs("a3", 5)], d1=2000, locked_in=("a1", "a2"))
    assert case_warnings(c) == []


# --------------------------------------------------------------------------- numbers that hurt a solver


def test_costs_spanning_more_than_a_billion():
    c = make([act("a1"), act("a2")], [cost("a1", 0.001), cost("a2", 2e7)], [jobs("a1", 5), jobs("a2", 5)], d1=3e7)
    w = only(case_warnings(c), "coefficient_range")
    assert (w.file, w.row, w.column) == ("costs.csv", 2, "cost_eur")
    assert "the costs span a factor 2.0e+10, more than the 1e+09 solvers hold apart" in w.message
    assert "the smallest, cost of a1 to d1, is 0.001 EUR" in w.message
    assert "the largest, cost of a2 to d1 (costs.csv line 3), 20,000,000 EUR" in w.message
    assert w.hint.startswith("check the unit of both (costs in EUR, not thousands or millions)")


def test_jobs_spanning_more_than_a_billion():
    c = make([act("a1"), act("a2")], [cost("a1", 10), cost("a2", 10)],
             [jobs("a1", 1, effect=1e-7), jobs("a2", 900, group="B", effect=1.0)])
    ws = case_warnings(c)
    w = only(ws, "coefficient_range")
    assert (w.file, w.row, w.column) == ("reach.csv", 2, "effect")
    assert "the jobs span a factor 9.0e+09" in w.message
    assert "the smallest, jobs of a1 in A (reach x effect), is 1e-07 jobs" in w.message
    assert "the largest, jobs of a2 in B (reach x effect) (reach.csv line 3), 900 jobs" in w.message
    assert codes(ws) == ["coefficient_range", "too_many_decimals"]  # 1e-07 jobs also needs 7 decimals


def test_a_span_below_the_limit_is_fine():
    c = make([act("a1"), act("a2")], [cost("a1", 0.05), cost("a2", 0.05 * COEFFICIENT_RANGE)],
             [jobs("a1", 5), jobs("a2", 5)], d1=1e9)
    assert "coefficient_range" not in codes(case_warnings(c))


def test_amounts_with_more_than_six_decimals(template_dir: Path):
    # "needs more than 6 decimals" as cpsat tests it: within 1e-9 relative, so 150000.1234567 (4 decimals
    # to within 3e-10) passes and a small amount with a 7th decimal does not
    edit_csv(template_dir / "costs.csv", 2, "cost_eur", "150000.1234567")
    edit_csv(template_dir / "costs.csv", 6, "cost_eur", "150.1234567")
    edit_csv(template_dir / "costs.csv", 7, "cost_eur", "15.7654321")
    edit_csv(template_dir / "reach.csv", 2, "effect", "0.15000001")  # 400 x 0.15000001 = 60.000004: 6 decimals
    edit_csv(template_dir / "reach.csv", 3, "effect", "0.123456789")  # 1000 x 0.123456789 = 123.456789: 6
    edit_csv(template_dir / "reach.csv", 4, "effect", "0.1234567")  # 300 x 0.1234567 = 37.03701: 5
    edit_csv(template_dir / "reach.csv", 6, "reach", "33")
    edit_csv(template_dir / "reach.csv", 6, "effect", "0.3333333")  # 33 x 0.3333333 = 10.9999989: 7
    edit_csv(template_dir / "reach.csv", 6, "effect_high", "0.5")
    ws = case_warnings(inputs.load_case(template_dir))
    assert codes(ws) == ["too_many_decimals", "too_many_decimals"]
    cost_w, reach_w = ws
    assert (cost_w.file, cost_w.row, cost_w.column) == ("costs.csv", 6, "cost_eur")
    assert cost_w.message.startswith("150.1234567 needs more than 6 decimals (and 1 more in this column); the "
                                     "cpsat backend counts in steps of at most 10^-6")
    assert cost_w.hint.startswith("round to cents for money")
    assert (reach_w.file, reach_w.row, reach_w.column) == ("reach.csv", 6, "effect")
    assert reach_w.message.startswith("reach x effect = 33 x 0.3333333 = 10.9999989")


# --------------------------------------------------------------------------- the cost of an equity share


def _knapsack(shares: dict[str, float], objective: str = "max_jobs", jobs_target=None) -> Case:
    """One of a1 (10 jobs in A) and a2 (100 jobs in B) fits the budget."""
    c = make([act("a1"), act("a2")], [cost("a1", 1000), cost("a2", 1000)], [jobs("a1", 10), jobs("a2", 100, "B")],
             d1=1000, min_group_share=shares)
    return c.model_copy(update={"objective": objective, "jobs_target": jobs_target})


@pytest.mark.parametrize("backend", ["highs", "cbc"])
def test_equity_share_cost_against_two_independent_solves(backend):
    case = _knapsack({"A": 0.5})
    solution = solve(case, backend=backend)
    ws = solution_warnings(case, solution, solver_settings(case, backend=backend))
    w = only(ws, "equity_share_costs_jobs")
    # independently: the case built again without the share, solved by another backend
    with_share = solve(_knapsack({"A": 0.5}), backend="scip")
    without = solve(_knapsack({}), backend="scip")
    assert (with_share.status, without.status) == (Status.OPTIMAL, Status.OPTIMAL)
    assert (with_share.jobs_total, without.jobs_total) == (10, 100)
    assert (w.file, w.row, w.column) == ("case.yaml", None, "rules.min_group_share.A")
    assert w.message == ("the share of group A (Group A: at least 50.0% of all extra jobs) costs 90.0 jobs "
                         "(100.0 jobs without it, 10.0 jobs with it)")
    assert w.hint.startswith("keep it if that share is worth 90.0 jobs; otherwise lower or remove "
                             "rules.min_group_share.A")


def test_a_share_met_with_room_to_spare_can_still_cost_jobs():
    # a1: 12 jobs in A; a2: 10 jobs, 6 in B and 4 in A; one fits. B's share of 0.5 rules out a1, and a2 meets
    # it with room to spare (0.6): not binding at the optimum, yet it costs 2 jobs. Every share is tried.
    c = make([act("a1"), act("a2")], [cost("a1", 1000), cost("a2", 1000)],
             [jobs("a1", 12), jobs("a2", 4), jobs("a2", 6, "B")], d1=1000, min_group_share={"B": 0.5})
    solution = solve(c, backend="highs")
    assert solution.selected == ["a2"] and solution.jobs_by_group["B"] > 0.5 * solution.jobs_total + 0.5
    w = only(solution_warnings(c, solution), "equity_share_costs_jobs")
    assert "costs 2.0 jobs (12.0 jobs without it, 10.0 jobs with it)" in w.message


def test_equity_share_cost_in_eur_with_min_cost():
    # 20 jobs needed: a2 alone (100 jobs in B, EUR 1,000), unless A must have half: then a1 and a3 (EUR 2,500)
    c = make([act("a1"), act("a2"), act("a3")], [cost("a1", 1000), cost("a2", 1000), cost("a3", 1500)],
             [jobs("a1", 10), jobs("a2", 100, "B"), jobs("a3", 10, "B")], d1=5000, min_group_share={"A": 0.5})
    c = c.model_copy(update={"objective": "min_cost", "jobs_target": 20.0})
    solution = solve(c, backend="highs")
    assert solution.status == Status.OPTIMAL and solution.selected == ["a1", "a3"]
    assert solve(without_share(c, "A"), backend="cbc").selected == ["a2"]
    w = only(solution_warnings(c, solution), "equity_share_costs_eur")
    assert w.message == ("the share of group A (Group A: at least 50.0% of all extra jobs) costs EUR 1,500 to "
                         "reach the jobs target of 20.0 (EUR 1,000 without it, EUR 2,500 with it)")


def test_no_share_warning_when_the_share_costs_nothing_or_nothing_is_proven(template_case):
    solution = solve(template_case, backend="highs")
    assert solution_warnings(template_case, solution) == []  # nieuwkomers' 15 % costs no job
    assert solve(without_share(template_case, "nieuwkomers"), backend="cbc").jobs_total == solution.jobs_total
    case = _knapsack({"A": 0.5})
    unproven = solve(case, backend="highs").model_copy(update={"status": Status.FEASIBLE})
    assert solution_warnings(case, unproven) == []


def test_bundled_flanders_shares_against_independent_solves(tmp_path: Path):
    """Both shares of the Flemish case cost jobs in 2029 (its README, Rules: 42.0 for the 17 % share and 81.0
    for the NEET share, each with the other kept). Checked against solves of copies whose case.yaml drops one
    share."""
    case = inputs.load_case(FLANDERS)
    ws = solution_warnings(case, solve(case, backend="highs"), None)
    assert codes(ws) == ["equity_share_costs_jobs"] * 2
    by_group = {w.column.rsplit(".", 1)[1]: w for w in ws}
    expected = {}
    for g in ("vrouwen_niet_eu", "neet_jongeren"):
        folder = tmp_path / g
        shutil.copytree(FLANDERS, folder)
        settings = read_yaml(folder / "case.yaml")
        del settings["rules"]["min_group_share"][g]
        write_yaml(folder / "case.yaml", settings)
        expected[g] = solve(inputs.load_case(folder), backend="cbc").jobs_total
    assert expected == pytest.approx({"vrouwen_niet_eu": 2470.4408, "neet_jongeren": 2509.37675})
    assert "costs 42.0 jobs (2,470.4 jobs without it, 2,428.4 jobs with it; the other shares kept)" in \
        by_group["vrouwen_niet_eu"].message
    assert "costs 81.0 jobs (2,509.4 jobs without it, 2,428.4 jobs with it; the other shares kept)" in \
        by_group["neet_jongeren"].message
