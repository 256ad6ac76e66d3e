"""The command line through click's CliRunner, and once as a real process for stdout purity."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from inputs import bundled_case_path, load_case
from portfolio.backends import available

TEMPLATE = bundled_case_path("template")
SPEC_KEYS = {
    "case", "status", "objective", "objective_value", "bound", "gap", "backend", "solve_time_s", "selected",
    "jobs_total", "cost_total_eur", "jobs_by_group", "spend_by_domain", "employment_rate",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(TEMPLATE, target)
    return target


def test_validate_template(runner):
    result = runner.invoke(main, ["validate", str(TEMPLATE)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    assert "8 actions" in result.output
    assert "75.000%" in result.output and "5,000 jobs needed" in result.output


def test_validate_bundled_flanders_shows_baseline(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "76.865%" in result.output  # 2,980,808 / 3,877,982 = 76.8649 %
    assert "121,578 jobs needed" in result.output


def test_validate_bad_input_exit_1_no_traceback(runner, case_dir):
    costs = case_dir / "costs.csv"
    lines = costs.read_text().splitlines()
    lines[3] = lines[3].replace("700000", "-5")
    costs.write_text("\n".join(lines) + "\n")
    result = runner.invoke(main, ["validate", str(case_dir)])
    assert result.exit_code == 1
    assert "costs.csv:4:cost_eur:" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_solve_json_matches_spec(runner):
    result = runner.invoke(main, ["solve", str(TEMPLATE), "--format", "json", "--backend", "highs"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == SPEC_KEYS
    assert data["status"] == "optimal"
    case = load_case(TEMPLATE)
    assert set(data["jobs_by_group"]) == {g.group for g in case.groups}
    assert set(data["spend_by_domain"]) == {d.domain for d in case.domains}
    assert set(data["employment_rate"]) == {"before", "after", "target"}


def test_solve_table(runner):
    result = runner.invoke(main, ["solve", str(TEMPLATE), "--backend", "highs"])
    assert result.exit_code == 0, result.output
    for heading in ("Chosen actions", "Spend vs budget", "Extra jobs per group", "Priority barriers covered",
                    "Employment rate: before", "Status optimal"):
        assert heading in result.output


def test_solve_out_file_and_exports(runner, tmp_path):
    out = tmp_path / "sol.json"
    lp, mps = tmp_path / "m.lp", tmp_path / "m.mps"
    result = runner.invoke(main, ["solve", str(TEMPLATE), "--out", str(out), "--write-lp", str(lp),
                                  "--write-mps", str(mps), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == json.loads(result.stdout)
    assert "budget(werk,2027)" in lp.read_text()
    assert "budget[werk,2027]" in mps.read_text()


def test_solve_refuses_to_write_over_case_files(runner, case_dir):
    before = (case_dir / "costs.csv").read_text()
    result = runner.invoke(main, ["solve", str(case_dir), "--out", str(case_dir / "costs.csv")])
    assert result.exit_code == 2
    assert (case_dir / "costs.csv").read_text() == before


def test_solve_infeasible_exit_3_names_rule(runner, case_dir):
    yaml_path = case_dir / "case.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("max_actions: null", "max_actions: 1"))
    result = runner.invoke(main, ["solve", str(case_dir), "--format", "json", "--backend", "highs"])
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["status"] == "infeasible"
    assert data["selected"] == [] and data["objective_value"] is None and data["jobs_by_group"] is None
    assert "infeasible" in result.stderr


def test_solve_usage_error_exit_2(runner):
    result = runner.invoke(main, ["solve", "--backend", "gurobi"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["solve", "--time-limit", "-1"])
    assert result.exit_code == 2


def test_init_writes_template_and_refuses_overwrite(runner, tmp_path):
    target = tmp_path / "mine"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert load_case(target).model_dump() == load_case(TEMPLATE).model_dump()
    (target / "costs.csv").write_text((target / "costs.csv").read_text() + "T01,werk,1,2026\n")
    edited = (target / "costs.csv").read_text()
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (target / "costs.csv").read_text() == edited


def test_init_xlsx(runner, tmp_path):
    result = runner.invoke(main, ["init", str(tmp_path / "wb"), "--xlsx"])
    assert result.exit_code == 0, result.output
    assert load_case(tmp_path / "wb" / "case.xlsx").model_dump() == load_case(TEMPLATE).model_dump()
    assert "docs/case-format.md" in result.stderr


@pytest.mark.parametrize("flag", [["--xlsx"], []])
def test_init_with_a_workbook_name_writes_that_workbook(runner, tmp_path, flag):
    book = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["init", str(book), *flag])
    assert result.exit_code == 0, result.output
    assert book.is_file() and not (tmp_path / "README.md").exists()
    assert load_case(book).model_dump() == load_case(TEMPLATE).model_dump()
    before = book.read_bytes()
    again = runner.invoke(main, ["init", str(book), *flag])
    assert again.exit_code == 1 and "already exists" in again.output
    assert book.read_bytes() == before
    assert runner.invoke(main, ["init", str(book), "--force"]).exit_code == 0


def test_init_refuses_a_file_where_a_folder_is_meant(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2 and "is a file" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_json_stdout_is_pure_in_a_real_process(tmp_path):
    """Solver banners (HiGHS prints one when a model object is created) must not reach stdout."""
    for backend in available():
        proc = subprocess.run(
            [sys.executable, "-m", "cli", "solve", str(TEMPLATE), "--format", "json", "--backend", backend],
            capture_output=True, text=True, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        assert data["backend"] == backend and set(data) == SPEC_KEYS


def test_solver_answer_that_breaks_a_rule_is_never_printed(runner, monkeypatch):
    """A backend claiming 'optimal' for a portfolio over budget is a bug: exit 4, nothing on stdout."""
    solve_module = importlib.import_module("portfolio.solve")  # the module, not the function it exports
    from portfolio.backends import Backend, SolverRun, Termination

    class Liar(Backend):
        name = "liar"
        STATUS = {"done": Termination.OPTIMAL}

        @classmethod
        def _probe(cls) -> bool:
            return True

        def _solve(self, form, settings):
            values = [1.0] * len(form.columns)  # every action, whatever the budgets say
            return SolverRun("done", "liar: optimal", values, form.objective_value(values), "its own word")

    monkeypatch.setattr(solve_module, "get_backend", lambda name: Liar())
    result = runner.invoke(main, ["solve", str(TEMPLATE), "--format", "json", "--backend", "highs"])
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "budget[" in result.stderr and "internal error" in result.stderr


@pytest.mark.parametrize("with_solution", [False, True], ids=["solve", "--solution"])
def test_report_whose_solve_ctrl_c_stopped_exits_130_and_writes_nothing(runner, monkeypatch, tmp_path, with_solution):
    """A report needs a finished solve (of the case, or the proof of a solution file's claim): when Ctrl-C
    stopped it, the report is not written and the command exits 130, as every long command does."""
    import portfolio

    args = ["report", str(TEMPLATE), "--out", str(tmp_path / "report")]
    if with_solution:
        saved = tmp_path / "solution.json"
        assert runner.invoke(main, ["solve", str(TEMPLATE), "--out", str(saved)]).exit_code == 0
        args += ["--solution", str(saved)]
    real = portfolio.solve

    def stopped(case, *a, **kw):
        s = real(case, *a, **kw)
        report = s.details.report.model_copy(update={"interrupted": True})
        return s.model_copy(update={"details": s.details.model_copy(update={"report": report})})

    monkeypatch.setattr(portfolio, "solve", stopped)
    result = runner.invoke(main, args)
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    assert not (tmp_path / "report").exists() or not any((tmp_path / "report").iterdir())
