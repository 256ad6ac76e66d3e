"""Infeasible cases explained: the rules in conflict with their numbers, and changes that make the case feasible."""

from __future__ import annotations

import functools
import re

import pytest

import portfolio
from conftest import FLANDERS, TEMPLATE
from inputs import load_case
from models import Case, Status
from portfolio.explain import _Explainer, apply_relaxation as apply, explain
from portfolio.instances.generate import derive, random_case
from portfolio.rules.base import eur
from test_solver_contract import _infeasible_cases


@functools.cache
def template() -> Case:
    return load_case(TEMPLATE)


def _zero_budgets(case: Case) -> Case:
    zero = lambda rows: tuple(r.model_copy(update={"budget_eur": 0}) for r in rows)  # noqa: E731
    return derive(case, domains=zero(case.domains), budgets=zero(case.budgets))


def _issue_cases() -> dict[str, Case]:
    """The cases issue #10 names: no single obvious cause could be found for them before."""
    t = template()
    flanders = load_case(FLANDERS)
    return {
        "target above what budgets allow": derive(t, objective="min_cost", jobs_target=5000),
        "a leading domain with EUR 300,000": derive(
            flanders, rules={"min_actions_per_domain": 1},
            domains=tuple(d.model_copy(update={"budget_eur": 3e5}) if d.domain == "mobiliteit" else d
                          for d in flanders.domains)),
        "max_actions 0": derive(t, rules={"max_actions": 0}),
        "all budgets 0": _zero_budgets(t),
        "a group capped at 0 under a share": derive(t, groups=tuple(
            g.model_copy(update={"max_extra_jobs": 0}) if g.group == "nieuwkomers" else g for g in t.groups)),
    }


CASES = {**_issue_cases(), **_infeasible_cases()}


@pytest.mark.parametrize("name", list(CASES))
def test_every_infeasible_case_is_explained_with_rules_numbers_and_a_working_relaxation(name):
    case = CASES[name]
    assert portfolio.solve(case, backend="highs").status == Status.INFEASIBLE
    e = explain(case)
    assert e.status == "infeasible" and e.conflicts and e.minimal
    for c in e.conflicts:
        assert c.rule and c.subject is not None and re.search(r"\d", c.message), c
    working = [r for r in e.relaxations if r.makes_feasible]
    assert working, [r.change for r in e.relaxations]
    for r in working:
        relaxed = portfolio.solve(apply(case, r), backend="highs")
        assert relaxed.status.has_portfolio, (r.change, relaxed.details.message)


@pytest.mark.parametrize("name", list(_issue_cases()))
def test_the_conflict_is_irreducible(name):
    explainer = _Explainer(CASES[name], None, "highs")
    e = explainer.run()
    by_name = {names[0]: g for g, names in explainer.groups.items()}
    groups = {by_name[c.name] for c in e.conflicts if c.conflict == 1}
    assert explainer.infeasible(groups) is True
    for g in groups:
        assert explainer.infeasible(groups - {g}) is False, g


def test_a_budget_conflict_names_the_candidates_and_the_least_increase():
    e = explain(CASES["a leading domain with EUR 300,000"])
    messages = " ".join(c.message for c in e.conflicts)
    assert "must lead 1 chosen action" in messages and "may spend at most EUR 300,000" in messages
    assert re.search(r"A3\d EUR [\d.,]+M?", messages)  # the mobility candidates with what they cost
    raise_budget = next(r for r in e.relaxations if r.rule == "budget")
    assert raise_budget.makes_feasible and raise_budget.amount > 0
    lower = apply(CASES["a leading domain with EUR 300,000"],
                  raise_budget.model_copy(update={"value": raise_budget.value - 1000}))
    assert portfolio.solve(lower, backend="highs").status == Status.INFEASIBLE  # the increase is the least


def test_the_lowest_target_is_the_most_jobs():
    e = explain(CASES["target above what budgets allow"])
    (c,) = e.conflicts
    assert c.rule == "target" and "5,000" in c.message
    r = e.relaxations[0]
    most = portfolio.solve(derive(template(), objective="max_jobs"), backend="highs").jobs_total
    assert r.value == pytest.approx(int(most)) and r.amount == pytest.approx(5000 - int(most))


def test_a_feasible_case_has_nothing_to_explain():
    e = explain(template())
    assert e.status == "feasible" and not e.conflicts and "nothing to explain" in e.summary


def test_cli_explain_and_solve_on_an_infeasible_case(tmp_path):
    import json

    from click.testing import CliRunner

    from cli import main
    from inputs import write_case

    folder = write_case(CASES["a leading domain with EUR 300,000"], tmp_path / "case")
    result = CliRunner().invoke(main, ["explain", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "infeasible" and {"conflicts", "relaxations"} <= set(data)
    assert {"rule", "subject", "message"} <= set(data["conflicts"][0])
    solved = CliRunner().invoke(main, ["solve", str(folder), "--format", "json"])
    assert solved.exit_code == 3
    assert json.loads(solved.stdout)["status"] == "infeasible"  # stdout stays the contract's JSON
    assert "cannot all hold at once" in solved.stderr and "raise the budget of" in solved.stderr
    table = CliRunner().invoke(main, ["explain", str(folder)])
    assert "What would make the case feasible" in table.stdout and "(makes the case feasible)" in table.stdout


def test_when_no_single_budget_helps_the_amount_that_does_is_given_and_confirmed():
    base = random_case(10, n_actions=14, n_domains=3, per_year=True)
    most = portfolio.solve(base, backend="highs").jobs_total
    case = derive(base, objective="min_cost", jobs_target=round(1.02 * most, 1))
    e = explain(case)
    alone = [r for r in e.relaxations if r.rule == "budget" and r.subject != "all"]
    assert alone and not any(r.makes_feasible for r in alone) and "alone does not help" in alone[0].change
    together = next(r for r in e.relaxations if r.rule == "budget" and r.subject == "all")
    assert together.makes_feasible and together.amounts, together.change  # confirmed: the changed case solved
    assert f"by {eur(together.amount)} in all: " in together.change
    for key, extra in together.amounts.items():
        subject = key.removeprefix("budget[").removesuffix("]").split(",")
        if len(subject) == 2:
            assert f"({subject[0]}) in {subject[1]} +{eur(extra)}" in together.change, together.change
    relaxed = portfolio.solve(apply(case, together), backend="highs")
    assert relaxed.status.has_portfolio
    assert portfolio.solve(case, backend="highs").status == Status.INFEASIBLE
