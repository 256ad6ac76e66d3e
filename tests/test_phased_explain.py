"""Infeasible phased cases explained in years: which start a budget or a requirement rules out, and the start
year (or budget) that makes the case feasible (spec 4.1, issue 18 points 2 and 5)."""

from __future__ import annotations

from click.testing import CliRunner

import portfolio
from cli import main
from inputs import write_case
from models import Status
from portfolio.core.phrases import english
from portfolio.diagnose import obvious_conflicts
from portfolio.explain import apply_relaxation, explain
from small_phased import YEARS, small_phased

MOW = "the 2027 budget of Mobiliteit en Openbare Werken (mow)"


def late_budget_case():
    """A10 fixed to start in 2027, but its first year (EUR 15) exceeds mow's 2027 budget (EUR 10); starting
    in 2026 puts its second year (EUR 15) there too; from 2028 the budget is EUR 20."""
    budgets = {("werk", t): 10.0 for t in YEARS} | {("mow", 2026): 10.0, ("mow", 2027): 10.0,
                                                    ("mow", 2028): 20.0}
    return small_phased({"A10": {"domain": "mow", "window": (2026, 2028), "costs": (15, 15), "jobs": 10},
                         "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
                        budgets=budgets, rules={"start_in": {"A10": 2027}})


def early_requirement_case():
    """A04 must start in 2026 and requires A03, whose window opens in 2027."""
    return small_phased({"A03": {"domain": "werk", "window": (2027, 2028), "jobs": 10},
                         "A04": {"domain": "werk", "jobs": 5, "requires": ["A03"]}},
                        rules={"start_in": {"A04": 2026}})


def window_before_money_case():
    """A10 is locked in with the window 2026-2027, but its first year (EUR 15) fits mow's budget only from
    2028."""
    return small_phased({"A10": {"domain": "mow", "window": (2026, 2027), "costs": (15, 2), "jobs": 10},
                         "A02": {"domain": "werk", "costs": (2,), "jobs": 5}},
                        rules={"locked_in": ["A10"]})


def test_a_fixed_start_over_its_years_budget_names_the_first_year_it_fits():
    case = late_budget_case()
    solution = portfolio.solve(case, backend="highs")
    assert solution.status == Status.INFEASIBLE
    assert f"A10 cannot start before 2028 within {MOW}" in solution.details.message
    assert "A10 starting in 2027 costs" in solution.details.message and "EUR 15" in solution.details.message
    e = explain(case)
    assert e.status == "infeasible" and {c.rule for c in e.conflicts} == {"start_in", "budget"}
    budget = next(c for c in e.conflicts if c.rule == "budget")
    assert budget.subject == "mow,2027"
    assert (f"A10 starting in 2027 costs it EUR 15; A10 cannot start before 2028 within {MOW}"
            in budget.message)
    move = next(r for r in e.relaxations if r.rule == "start_in")
    assert move.change == "start Action A10 (A10) in 2028 instead of 2027" and move.value == 2028
    assert move.makes_feasible
    moved = portfolio.solve(apply_relaxation(case, move), backend="highs")
    assert moved.status == Status.OPTIMAL and moved.start_year["A10"] == 2028


def test_a_requirement_that_cannot_start_early_enough_names_both_years():
    case = early_requirement_case()
    assert list(map(english, obvious_conflicts(case))) == [
        "requires[A04,A03] and rules.start_in: A04 cannot start in 2026: it requires A03, which starts in "
        "2027 at the earliest"]
    e = explain(case)
    requires = next(c for c in e.conflicts if c.rule == "requires")
    assert "A03 starts in 2027 at the earliest, so A04 cannot start by 2026" in requires.message
    drop = next(r for r in e.relaxations if r.rule == "start_in")
    assert drop.value is None and drop.makes_feasible  # A04's window is 2026 alone: no other year helps
    assert portfolio.solve(apply_relaxation(case, drop), backend="highs").status == Status.OPTIMAL


def test_a_locked_in_window_that_ends_before_the_money_comes():
    case = window_before_money_case()
    reasons = list(map(english, obvious_conflicts(case)))
    assert len(reasons) == 1 and "A10 is locked in, but no start in its window fits the budgets" in reasons[0]
    assert "starting in 2026 it needs EUR 15 of the 2026 budget" in reasons[0]
    assert "starting in 2027 it needs EUR 15 of the 2027 budget" in reasons[0]
    e = explain(case)
    messages = {c.subject: c.message for c in e.conflicts}
    assert set(messages) == {"A10,in", "mow,2026", "mow,2027"}
    assert "A10 cannot start before 2027 within the 2026 budget of" in messages["mow,2026"]
    assert f"A10 cannot start in 2027 within {MOW}" in messages["mow,2027"]
    assert all(r.makes_feasible for r in e.relaxations)


def test_a_start_that_fits_gives_no_conflict():
    case = small_phased({"A10": {"domain": "mow", "window": (2026, 2028), "costs": (5, 5), "jobs": 10}},
                        rules={"start_in": {"A10": 2027}, "locked_in": ["A10"]})
    assert obvious_conflicts(case) == []
    assert explain(case).status == "feasible"


def test_explain_and_solve_on_the_command_line(tmp_path):
    folder = write_case(late_budget_case(), tmp_path / "case")
    explained = CliRunner().invoke(main, ["explain", str(folder)])
    assert explained.exit_code == 0, explained.output
    assert "cannot start before 2028" in explained.output and "2028 instead of 2027" in explained.output
    solved = CliRunner().invoke(main, ["solve", str(folder), "--backend", "highs"])
    assert solved.exit_code == 3 and "Traceback" not in solved.output


def test_a_feasible_phased_case_says_why_each_action_starts_when_it_does():
    """A10 (EUR 15 a year) fits mow's budget only from 2028; A05 requires A10; A02 gives its full effect in
    2028 whether it starts in 2027 or 2028 (a tie)."""
    budgets = {("werk", t): 10.0 for t in YEARS} | {("mow", 2026): 10.0, ("mow", 2027): 10.0,
                                                    ("mow", 2028): 20.0}
    case = small_phased({"A10": {"domain": "mow", "window": (2026, 2028), "costs": (15, 15), "jobs": 10},
                         "A05": {"domain": "werk", "window": (2026, 2028), "costs": (2,), "jobs": 5,
                                 "requires": ["A10"]},
                         "A02": {"domain": "werk", "window": (2027, 2028), "costs": (2,), "jobs": 5}},
                        budgets=budgets, totals={"werk": 30.0, "mow": 60.0})
    plan = portfolio.solve(case, backend="highs").start_year
    assert plan["A10"] == 2028 and plan["A05"] == 2028
    e = explain(case)
    assert e.status == "feasible" and e.starts[:2] == [
        "A05 starts in 2028, not 2026-2027: starting in 2026 it would break its requirement A10, which "
        "starts in 2028; starting in 2027 it would break its requirement A10, which starts in 2028",
        "A10 starts in 2028, not 2026-2027: starting in 2026 it would break the 2026 budget of Mobiliteit en "
        "Openbare Werken (mow) (EUR 15 spent, EUR 10 allowed); starting in 2027 it would break the 2027 "
        "budget of Mobiliteit en Openbare Werken (mow) (EUR 15 spent, EUR 10 allowed)"]
    if plan["A02"] == 2028:
        assert e.starts[2].startswith("A02 (2028): each could start earlier on its own within every rule")
    assert e.starts[0] in e.summary and "starts" in e.model_dump()


def test_an_unphased_explanation_keeps_its_json():
    from conftest import TEMPLATE
    from inputs import load_case

    e = explain(load_case(TEMPLATE))
    assert e.status == "feasible" and "starts" not in e.model_dump() and "starts" not in e.model_dump_json()
