"""A solution JSON read back for a case: the same Solution, or a clear refusal naming the file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import FLANDERS, TEMPLATE
from inputs import load_case
from models import CaseError, Status
from portfolio.instances.generate import derive, hard_case
from portfolio.solution_file import check_claim, load_solution


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    case = load_case(TEMPLATE)
    sol = portfolio.solve(case, backend="highs")
    path = tmp_path_factory.mktemp("sol") / "solution.json"
    path.write_text(sol.model_dump_json(indent=2), encoding="utf-8")
    return case, sol, path


def test_a_solution_reads_back_equal(solved):
    case, sol, path = solved
    back = load_solution(path, case)
    assert back.model_dump() == sol.model_dump()  # the contract JSON, field by field
    assert back.details.spend == sol.details.spend and back.details.groups == sol.details.groups
    assert back.details.actions == sol.details.actions and back.details.checks == sol.details.checks
    assert "read from solution.json" in back.details.report.solver_status


def _rewrite(path: Path, tmp_path: Path, **changes) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    out = tmp_path / "changed.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    "changes, key, words",
    [
        ({"case": "Another case"}, "case", "belongs to another case"),
        ({"selected": ["T01", "Z99"]}, "selected", "does not have: Z99"),
        ({"jobs_total": 1.0}, "jobs_total", "the case changed after the solve"),
        ({"status": "great"}, "status", "is not a status"),
        ({"objective": "min_cost"}, "objective", "but the case asks"),
    ],
)
def test_a_solution_of_another_case_is_refused(solved, tmp_path, changes, key, words):
    case, _sol, path = solved
    with pytest.raises(CaseError) as err:
        load_solution(_rewrite(path, tmp_path, **changes), case)
    issue = err.value.issues[0]
    assert issue.file.endswith("changed.json") and issue.column == key and words in issue.message, str(issue)


def test_a_solution_for_another_version_of_the_case_is_refused(solved):
    case, _sol, path = solved
    poorer = derive(case, domains=tuple(d.model_copy(update={"budget_eur": 1.0}) for d in case.domains))
    with pytest.raises(CaseError, match="breaks rules of this case"):
        load_solution(path, poorer)


def test_the_bundled_case_refuses_the_templates_solution(solved):
    _case, _sol, path = solved
    with pytest.raises(CaseError, match="belongs to another case"):
        load_solution(path, load_case(FLANDERS))


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"case": "x"}'])
def test_what_is_not_a_solution_is_refused(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as err:
        load_solution(path, load_case(TEMPLATE))
    assert str(err.value).startswith(str(path))


# A solution file is a claim: its status, bound and gap must agree with each other, and the status shown is
# the one this case proves.


@pytest.mark.parametrize(
    "changes, key, words",
    [
        ({"gap": -1}, "gap", "negative"),
        ({"gap": 0.25}, "gap", "the objective and the bound give"),
        ({"bound": 1.0, "gap": 0.0}, "bound", "wrong side of the objective"),
        ({"backend": "gurobi"}, "backend", "not a backend"),
        ({"bound": None, "gap": 0.0}, "gap", "without a bound"),
    ],
)
def test_inconsistent_status_gap_and_bound_are_refused(solved, tmp_path, changes, key, words):
    case, _sol, path = solved
    with pytest.raises(CaseError) as err:
        load_solution(_rewrite(path, tmp_path, **changes), case)
    issue = err.value.issues[0]
    assert issue.column == key and words in issue.message, str(issue)


def test_optimal_with_a_gap_beyond_the_tolerance_is_refused(solved, tmp_path):
    case, sol, path = solved
    bound = sol.objective_value * 1.9  # gap 0.9 above a maximised objective
    with pytest.raises(CaseError) as err:
        load_solution(_rewrite(path, tmp_path, status="optimal", bound=bound, gap=0.9), case)
    issue = err.value.issues[0]
    assert issue.column == "status" and "optimal with a gap of 90" in issue.message, str(issue)


@pytest.fixture(scope="module")
def poorer_solution(tmp_path_factory):
    """The optimum of a variant of the template with 80 % of every budget, saved as a file of the template."""
    case = load_case(TEMPLATE)
    poorer = derive(case, domains=tuple(d.model_copy(update={"budget_eur": 0.8 * d.budget_eur})
                                        for d in case.domains),
                    budgets=tuple(b.model_copy(update={"budget_eur": 0.8 * b.budget_eur})
                                  for b in case.budgets))
    sol = portfolio.solve(poorer, backend="highs")
    assert sol.status == Status.OPTIMAL
    path = tmp_path_factory.mktemp("poorer") / "poorer.json"
    path.write_text(sol.model_dump_json(indent=2), encoding="utf-8")
    return case, sol, path


def test_a_solution_of_a_poorer_variant_is_proven_feasible_with_the_gap(poorer_solution):
    case, sol, path = poorer_solution
    proof = portfolio.solve(case, backend="highs")
    assert proof.objective_value > sol.objective_value * 1.01  # this case has a better portfolio
    judged = check_claim(case, load_solution(path, case), proof)
    assert judged.status == Status.FEASIBLE and judged.selected == sol.selected
    assert judged.bound == pytest.approx(proof.bound)
    assert judged.gap == pytest.approx((proof.bound - sol.objective_value) / sol.objective_value)
    assert "a better portfolio exists for this case" in judged.details.message


def test_a_solution_of_this_case_is_proven_optimal_for_it(solved):
    case, sol, path = solved
    recorded = load_solution(path, case).model_copy(update={"status": Status.FEASIBLE})
    judged = check_claim(case, recorded, portfolio.solve(case, backend="scip"))
    assert judged.status == Status.OPTIMAL and judged.gap == pytest.approx(0.0, abs=1e-6)
    assert "optimal, proven for this case" in judged.details.message
    assert judged.details.report.bound_source.startswith("a solve of this case with scip")


def test_without_a_proof_the_status_is_as_recorded_not_proven():
    case = hard_case(0)  # no backend proves it within a minute
    stopped = portfolio.solve(case, backend="highs", time_limit_s=0.5, mip_gap=0)
    assert stopped.status == Status.FEASIBLE
    claimed = stopped.model_copy(update={"status": Status.OPTIMAL, "bound": stopped.objective_value,
                                         "gap": 0.0})
    judged = check_claim(case, claimed, stopped)  # the proof found this portfolio again, and no bound near it
    assert judged.status == Status.FEASIBLE and judged.bound == stopped.bound and judged.gap == stopped.gap
    assert "as recorded, not proven for this case" in judged.details.message


def test_the_report_of_a_poorer_variants_solution_says_it_is_not_optimal(poorer_solution, tmp_path):
    _case, sol, path = poorer_solution
    result = CliRunner().invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "out"),
                                       "--format", "md", "--solution", str(path)])
    assert result.exit_code == 0, result.output
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "optimaal (bewezen)" not in summary and "haalbaar, niet bewezen optimaal" in summary
    assert "er bestaat een betere portefeuille voor deze case" in summary  # English with --lang en (below)


def test_a_file_without_a_portfolio_is_kept_as_recorded_when_this_case_has_one(solved, tmp_path):
    case, sol, path = solved
    empty = dict(selected=[], objective_value=None, bound=None, gap=None, jobs_total=None,
                 cost_total_eur=None, jobs_by_group=None, spend_by_domain=None)
    stopped = load_solution(_rewrite(path, tmp_path, status="no_solution", **empty), case)
    judged = check_claim(case, stopped, sol)
    assert judged.status == Status.NO_SOLUTION and judged.selected == []
    assert "found a portfolio" in judged.details.message and "solve the case again" in judged.details.message
    infeasible = load_solution(_rewrite(path, tmp_path, status="infeasible", **empty), case)
    with pytest.raises(CaseError, match="is infeasible, but a solve with highs found a portfolio"):
        check_claim(case, infeasible, sol)


def _claims(case, sol, path):
    """check_claim's message on each way a file's claim can be judged: optimal proven, a better portfolio, no
    proof (as recorded), and a file without a portfolio against a case that has one or is infeasible."""
    recorded = load_solution(path, case)
    proof = portfolio.solve(case, backend="highs")
    stopped = proof.model_copy(update={"bound": None, "status": Status.FEASIBLE})
    empty = recorded.model_copy(update={"status": Status.NO_SOLUTION, "selected": [], "objective_value": None,
                                        "bound": None, "gap": None})
    infeasible = derive(case, rules={"max_actions": 0})
    return [check_claim(case, recorded, proof), check_claim(case, recorded, stopped),
            check_claim(case, empty, proof), check_claim(infeasible, empty, portfolio.solve(infeasible))]


def test_a_judged_claim_says_the_same_english_and_dutch(solved, poorer_solution):
    """The message of check_claim, which the report shows as its status note, is a phrase: its English is the
    text it always was, and its Dutch has no English fragment of the catalogue."""
    import re

    from portfolio.core.phrases import english, say
    from test_reports_dutch import english_fragments, english_in

    case, sol, path = solved
    judged = [*_claims(case, sol, path), check_claim(case, load_solution(poorer_solution[2], case),
                                                      portfolio.solve(case, backend="highs"))]
    claim = f"{path.name} records optimal (found by highs)"
    texts = [j.details.message for j in judged]
    assert texts[0].startswith(f"{claim}; optimal, proven for this case by a solve with highs (bound ")
    assert texts[1] == f"{claim}; as recorded, not proven for this case"
    assert re.fullmatch(rf"{path.name} records no_solution \(found by highs\); a solve with highs found a portfolio "
                        rf"for this case \(max_jobs [\d.]+\): solve the case again to report it", texts[2])
    assert texts[3] == f"{path.name} records no_solution (found by highs); infeasible, proven for this case"
    assert re.search(r"; a better portfolio exists for this case \(max_jobs [\d.]+ against this file's [\d.]+\); "
                     r"gap \d+\.\d{4}% to the bound a solve with highs proved$", texts[4])
    for j in judged:
        assert english(j.details.words) == j.details.message
        dutch = say(j.details.words, "nl")
        assert not english_in(dutch.replace(path.name, ""), english_fragments()), dutch


def test_the_dutch_report_of_a_file_says_its_status_note_in_dutch(poorer_solution, tmp_path):
    from test_reports_dutch import english_fragments, english_in

    _case, _sol, path = poorer_solution
    for lang in ("nl", "en"):
        done = CliRunner().invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / lang), "--format",
                                         "md,html,xlsx,csv", "--solution", str(path), "--lang", lang])
        assert done.exit_code == 0, done.output
    summary = (tmp_path / "nl" / "summary.md").read_text(encoding="utf-8")
    assert "een betere portefeuille" in summary
    assert not english_in(summary.replace(path.name, ""), english_fragments()), summary
    assert "a better portfolio exists for this case" in (tmp_path / "en" / "summary.md").read_text(encoding="utf-8")
