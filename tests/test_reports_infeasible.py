"""The report of a case without a portfolio says why: the rules in conflict and what would make the case
feasible (`portfolio explain`'s answer), in the report's language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from conftest import TEMPLATE
from inputs import load_case, write_case
from portfolio.core.phrases import english
from portfolio.explain import explain
from portfolio.instances.generate import derive
from portfolio.reports import build_report, write_report
from portfolio.solve import solve
from test_reports_dutch import english_fragments, english_in


@pytest.fixture(scope="module")
def infeasible():
    """The template with max_actions 0: the coverage of its priority barriers cannot hold."""
    case = derive(load_case(TEMPLATE), rules={"max_actions": 0})
    solution = solve(case, backend="highs")
    assert solution.status.value == "infeasible"
    return case, solution, explain(case)


def test_the_summary_says_which_rules_conflict_and_what_would_help(infeasible, tmp_path):
    case, solution, why = infeasible
    data = build_report(case, solution).model_copy(update={"explanation": why})
    write_report(data, tmp_path / "en", lang="en")
    summary = (tmp_path / "en" / "summary.md").read_text(encoding="utf-8")
    for c in why.conflicts:
        assert c.message in summary
    helps = [r for r in why.relaxations if r.makes_feasible]
    assert helps and all(r.change in summary for r in helps)
    write_report(data, tmp_path / "nl", lang="nl")
    dutch = (tmp_path / "nl" / "summary.md").read_text(encoding="utf-8")
    assert not english_in(dutch, english_fragments()), dutch
    assert all(english(c.message_phrase) not in dutch for c in why.conflicts)


def test_the_report_command_explains_an_infeasible_case(infeasible, tmp_path):
    case, _solution, why = infeasible
    write_case(case, tmp_path / "case")
    done = CliRunner().invoke(main, ["report", str(tmp_path / "case"), "--out", str(tmp_path / "out"),
                                     "--lang", "en"])
    assert done.exit_code == 3, done.output
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert all(c.message in summary for c in why.conflicts)
