"""A solution JSON read back for a case: the same Solution, or a clear refusal naming the file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import portfolio
from conftest import FLANDERS, TEMPLATE
from inputs import load_case
from models import CaseError
from portfolio.instances.generate import derive
from portfolio.solution_file import load_solution


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
