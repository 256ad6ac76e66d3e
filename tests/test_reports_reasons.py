"""Why an action is not chosen, on hand-built cases where the reason is known by construction."""

from __future__ import annotations

import pandas as pd
import pytest

import portfolio
from models import Action, Barrier, BudgetYear, Case, Cost, Domain, Group, Reach, Rules
from models.casedata import CaseData
from portfolio.reports import Labels, build_report, write_report
from portfolio.reports.reasons import reasons

YEAR = 2026


def case_of(actions: dict[str, dict], *, rules: Rules | None = None, cap: float = 1000, budgets=None, yearly=None,
            objective: str = "max_jobs", jobs_target: float | None = None) -> Case:
    """One group G, one barrier; each action: domain, cost (EUR, in 2026), jobs in G, and Action extras.

    `budgets` are the domains' budgets over the whole period, `yearly` those of 2026 (default: the same).
    """
    budgets = budgets or {"d1": 100.0, "d2": 1000.0}
    yearly = yearly or budgets
    return Case(
        name="reasons",
        objective=objective,
        jobs_target=jobs_target,
        domains=tuple(Domain(domain=d, name=f"Domain {d}", budget_eur=b) for d, b in budgets.items()),
        budgets=tuple(BudgetYear(domain=d, year=YEAR, budget_eur=b) for d, b in yearly.items()),
        groups=(Group(group="G", name="Group G", population=100_000, max_extra_jobs=cap),),
        barriers=(Barrier(barrier="b", name="B", priority=False),),
        actions=tuple(Action(action=a, name=f"Action {a}", lead_domain=spec["domain"], barriers=("b",),
                             **{k: v for k, v in spec.items() if k in ("overlap_group", "requires")})
                      for a, spec in actions.items()),
        costs=tuple(Cost(action=a, domain=spec["domain"], cost_eur=spec["cost"], year=YEAR)
                    for a, spec in actions.items()),
        reach=tuple(Reach(action=a, group="G", reach=spec["jobs"] * 10, effect=0.1) for a, spec in actions.items()),
        rules=rules or Rules(min_actions_per_priority_barrier=0),
    )


# d1 has EUR 100 in 2026: `keep` (20 jobs for 100, 0.2 jobs per euro) fills it.
#   fit:   15 jobs for 50 (0.3 per euro, better than keep) but 0 is left: it does not fit -> budget
#   weak:   5 jobs for 100 (0.05 per euro, worse than keep, the only action it could displace) -> ratio
#   huge:  50 jobs for 500, more than d1's whole budget -> budget_whole
# d2 has EUR 1000: alt1 / alt2 share an overlap group; banned is locked out; needs requires banned.
MIXED = {
    "keep": {"domain": "d1", "cost": 100, "jobs": 20},
    "fit": {"domain": "d1", "cost": 50, "jobs": 15},
    "weak": {"domain": "d1", "cost": 100, "jobs": 5},
    "huge": {"domain": "d1", "cost": 500, "jobs": 50},
    "alt1": {"domain": "d2", "cost": 10, "jobs": 30, "overlap_group": "o"},
    "alt2": {"domain": "d2", "cost": 10, "jobs": 10, "overlap_group": "o"},
    "banned": {"domain": "d2", "cost": 10, "jobs": 50},
    "needs": {"domain": "d2", "cost": 10, "jobs": 40, "requires": ("banned",)},
}


@pytest.fixture(scope="module")
def mixed():
    case = case_of(MIXED, rules=Rules(min_actions_per_priority_barrier=0, locked_out=("banned",)))
    sol = portfolio.solve(case, backend="highs")
    assert sol.status == "optimal" and sol.selected == ["keep", "alt1"]
    return case, sol


def test_each_known_reason_is_found(mixed):
    case, sol = mixed
    why = reasons(CaseData.of(case), sol.selected)
    assert {a: r.code for a, r in why.items()} == {
        "fit": "budget", "weak": "ratio", "huge": "budget_whole", "alt2": "overlap", "banned": "locked_out",
        "needs": "requires"}
    assert why["alt2"].other == "alt1" and why["alt2"].overlap_group == "o"
    assert why["needs"].other == "banned"
    fit = why["fit"]
    assert (fit.domain, fit.year, fit.cost_eur, fit.left_eur, fit.budget_eur) == ("d1", YEAR, 50, 0, 100)
    weak = why["weak"]
    assert weak.jobs_per_meur == pytest.approx(5 / 100 * 1e6) and weak.displaced_jobs_per_meur == pytest.approx(2e5)
    assert why["huge"].cost_eur == 500 and why["huge"].budget_eur == 100


@pytest.mark.parametrize("lang, words", [
    ("en", {"fit": "does not fit the remaining budget of Domain d1 in 2026: costs EUR 50, EUR 0 left",
            "weak": "fewer jobs per EUR 1M (50,000.0) than every chosen action paid by Domain d1 in 2026",
            "huge": "more than its whole budget of EUR 100",
            "alt2": "overlaps with chosen action alt1 (Action alt1; overlap group o)",
            "banned": "locked out",
            "needs": "needs action banned (Action banned), which is not chosen"}),
    ("nl", {"fit": "past niet in wat er overblijft van het budget van Domain d1 in 2026: kost € 50, er blijft € 0 over",
            "alt2": "overlapt met gekozen actie alt1",
            "needs": "vereist actie banned (Action banned), die niet gekozen is"}),
])
def test_reasons_in_words_reach_actions_csv(mixed, tmp_path, lang, words):
    case, sol = mixed
    write_report(build_report(case, sol), tmp_path / "out", formats=["csv"], lang=lang)
    table = pd.read_csv(tmp_path / "out" / "actions.csv", keep_default_na=False).set_index("action")
    for action, text in words.items():
        assert text in table.loc[action, "reason"], table.loc[action, "reason"]
    assert table.loc["keep", "reason"] == "" and table.loc["alt1", "reason"] == ""


def test_a_budget_over_the_whole_period_is_named_without_a_year():
    # d1 may spend 200 in 2026 but only 100 over the whole period: b (60) leaves 40, a needs 60
    case = case_of({"a": {"domain": "d1", "cost": 60, "jobs": 20}, "b": {"domain": "d1", "cost": 60, "jobs": 30}},
                   budgets={"d1": 100.0, "d2": 1.0}, yearly={"d1": 200.0, "d2": 1.0})
    r = reasons(CaseData.of(case), ["b"])["a"]
    assert (r.code, r.domain, r.year, r.left_eur) == ("ratio", "d1", None, 40)
    assert "over the whole period" in Labels("en").reason(r)


def test_max_actions_no_gain_equity_and_not_needed():
    acts = {"a": {"domain": "d2", "cost": 10, "jobs": 20}, "b": {"domain": "d2", "cost": 10, "jobs": 5}}
    at_most_one = case_of(acts, rules=Rules(min_actions_per_priority_barrier=0, max_actions=1))
    assert reasons(CaseData.of(at_most_one), ["a"])["b"].code == "max_actions"
    capped = case_of(acts, cap=20)
    r = reasons(CaseData.of(capped), ["a"])["b"]
    assert r.code == "no_gain" and r.capped_groups == ("Group G",)
    assert "cap reached: Group G" in Labels("en").reason(r)
    cheap = case_of(acts, objective="min_cost", jobs_target=15)
    r = reasons(CaseData.of(cheap), ["a"])["b"]
    assert r.code == "not_needed" and "EUR 10" in Labels("en").reason(r)


def test_equity_is_named_with_the_group_and_its_share():
    case = Case(
        name="equity",
        domains=(Domain(domain="d", name="D", budget_eur=1000),),
        groups=(Group(group="A", name="Group A", population=10_000, max_extra_jobs=1000),
                Group(group="B", name="Group B", population=10_000, max_extra_jobs=1000)),
        barriers=(Barrier(barrier="b", name="B", priority=False),),
        actions=(Action(action="inA", name="in A", lead_domain="d", barriers=("b",)),
                 Action(action="inB", name="in B", lead_domain="d", barriers=("b",))),
        costs=(Cost(action="inA", domain="d", cost_eur=10), Cost(action="inB", domain="d", cost_eur=10)),
        reach=(Reach(action="inA", group="A", reach=100, effect=0.1), Reach(action="inB", group="B", reach=100, effect=0.5)),
        rules=Rules(min_actions_per_priority_barrier=0, min_group_share={"A": 0.5}),
    )
    r = reasons(CaseData.of(case), ["inA"])["inB"]
    assert (r.code, r.group, r.limit) == ("equity", "A", 0.5)
    assert Labels("nl").reason(r) == "zou het aandeel van Group A onder het minimum van 50,0 % brengen"


def test_no_reason_where_none_can_be_determined():
    """A portfolio that leaves out an action that fits and adds jobs (a solver stopped early) gets no reason."""
    case = case_of({"a": {"domain": "d2", "cost": 10, "jobs": 20}, "b": {"domain": "d2", "cost": 10, "jobs": 5}})
    assert reasons(CaseData.of(case), ["a"]) == {"b": None}
    assert Labels("en").reason(None) == ""
