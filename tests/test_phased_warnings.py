"""Warnings, the case summary and probable overlaps on phased cases: start years and run years counted, never
a crash on a plan whose starts are not given (spec 4.1, issue 18)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from inputs import write_case
from portfolio.summary import summarise
from portfolio.warnings import case_warnings
from small_phased import small_phased


def late_requirements():
    """A04 (2026 only) requires A03 (2027 at the earliest); A05 (2026-2027) requires A04."""
    return small_phased({"A03": {"domain": "werk", "window": (2027, 2028), "jobs": 10},
                         "A04": {"domain": "werk", "jobs": 5, "requires": ["A03"]},
                         "A05": {"domain": "werk", "window": (2026, 2027), "jobs": 5, "requires": ["A04"]}})


def test_an_action_whose_requirement_starts_too_late_can_never_be_chosen():
    ws = case_warnings(late_requirements())
    assert [(w.code, w.row) for w in ws] == [("action_requires_later_start", 3),
                                             ("action_requires_later_start", 4)]
    assert ("A04 can never be chosen: it must start by 2026 but A04 requires A03, which starts in 2027 at "
            "the earliest") in ws[0].message
    assert "A05 requires A04, which cannot start in any year its own requirements allow" in ws[1].message


def test_an_action_is_over_budget_only_when_every_start_year_breaks_one():
    case = small_phased({
        "A10": {"domain": "mow", "window": (2026, 2027), "costs": (15, 2), "jobs": 10},  # 15 > 10 either year
        "A11": {"domain": "mow", "window": (2026, 2028), "costs": (15,), "jobs": 10},  # fits nowhere either
        "A12": {"domain": "mow", "window": (2027, 2028), "costs": (9, 9, 9), "jobs": 10},  # after the horizon
    }, budgets={(d, t): 10.0 for d in ("werk", "mow") for t in (2026, 2027, 2028)})
    ws = case_warnings(case)
    assert [w.message.split(":")[0] for w in ws] == ["A10 can never be chosen", "A11 can never be chosen"]
    assert ws[0].file == "costs.csv" and ws[0].row == 2
    assert ("starting in 2026 it costs Mobiliteit en Openbare Werken (mow) EUR 15 in 2026, more than its "
            "budget of EUR 10; starting in 2027 it costs Mobiliteit en Openbare Werken (mow) EUR 15 in 2027"
            ) in ws[0].message


def test_actions_together_over_the_horizon_total_whatever_their_starts():
    """A21 requires A20; each alone fits, but any start of both spends at least EUR 16 of werk's EUR 12 total
    within the horizon (A20 started in 2028 still spends its first EUR 8 in 2028)."""
    budgets = {(d, t): 10.0 for d in ("werk", "mow") for t in (2026, 2027, 2028)}
    case = small_phased({"A20": {"domain": "werk", "window": (2026, 2028), "costs": (8,), "jobs": 5},
                         "A21": {"domain": "werk", "window": (2026, 2028), "costs": (8,), "jobs": 5,
                                 "requires": ["A20"]}},
                        budgets=budgets, totals={"werk": 12.0, "mow": 30.0})
    ws = case_warnings(case)
    assert [w.code for w in ws] == ["year_budgets_exceed_total", "action_over_budget_together"]
    assert "A21 can never be chosen" in ws[1].message and "EUR 16 over the horizon" in ws[1].message


def test_a_fixed_start_counts_at_its_year():
    """A30 must start in 2026 (rules.start_in) and takes EUR 8 of werk's EUR 10 that year; A31 (EUR 8, may
    start 2026-2028) still fits from 2027, so neither is warned about."""
    case = small_phased({"A30": {"domain": "werk", "costs": (8,), "jobs": 5},
                         "A31": {"domain": "werk", "window": (2026, 2028), "costs": (8,), "jobs": 5}},
                        rules={"start_in": {"A30": 2026}})
    assert case_warnings(case) == []
    only_2026 = small_phased({"A30": {"domain": "werk", "costs": (8,), "jobs": 5},
                              "A31": {"domain": "werk", "costs": (8,), "jobs": 5}},
                             rules={"start_in": {"A30": 2026}})
    ws = case_warnings(only_2026)
    assert [w.code for w in ws] == ["action_over_budget_together"]
    assert "A31 can never be chosen" in ws[0].message and "EUR 16 in 2026" in ws[0].message


def test_the_summary_counts_each_candidate_from_its_earliest_start():
    case = small_phased({"A01": {"domain": "werk", "window": (2027, 2028), "costs": (4, 3), "jobs": 10,
                                 "ramp": (0.5, 1)},
                         "A02": {"domain": "mow", "window": (2028, 2028), "costs": (12, 5), "jobs": 5,
                                 "ramp": (0.5, 1)}})
    s = summarise(case)
    lines = {(b.domain, b.year): b.candidates_eur for b in s.budgets}
    assert lines == {("werk", None): 7.0, ("werk", 2026): 0.0, ("werk", 2027): 4.0, ("werk", 2028): 3.0,
                     ("mow", None): 12.0, ("mow", 2026): 0.0, ("mow", 2027): 0.0, ("mow", 2028): 12.0}


@pytest.mark.parametrize("command", ["validate", "check"])
def test_validate_and_check_run_on_a_phased_case(tmp_path, command):
    folder = write_case(late_requirements(), tmp_path / "case")
    result = CliRunner().invoke(main, [command, str(folder)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "A04 can never be chosen" in result.output
