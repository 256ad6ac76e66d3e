"""The uncertainty commands: `robust` (Monte Carlo, robust portfolio, files), `alternatives`, `solve --importance`."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from cli import main
from conftest import TEMPLATE, edit_yaml



def test_cli_robust_prints_the_json_of_the_issue(tmp_path):
    out = tmp_path / "mc"
    args = ["robust", str(TEMPLATE), "--samples", "6", "--seed", "3", "--format", "json", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["samples"] == 6 and data["seed"] == 3
    assert set(data["nominal"]) >= {"mean", "p5", "p50", "p95"} and 0 <= min(data["frequency"].values())
    assert {p.name for p in out.iterdir()} == {"robust.json", "frequencies.csv", "samples.csv", "frequency.png",
                                               "frequency.svg", "jobs.png", "jobs.svg"}
    again = CliRunner().invoke(main, args[:-2])
    assert json.loads(again.stdout) == data


def test_cli_robust_with_a_worst_case_shows_both_portfolios():
    result = CliRunner().invoke(main, ["robust", str(TEMPLATE), "--samples", "4", "--optimise", "worst_case",
                                       "--gamma", "2"])
    assert result.exit_code == 0, result.output
    assert "Robust portfolio (worst case, gamma 2)" in result.stdout and "guaranteed jobs (gamma 2)" in result.stdout
    assert "Selection frequency" not in result.stdout
    assert "Samples not solved" in result.stdout and "--solve-samples" in result.stdout


def test_cli_robust_worst_case_solves_the_samples_only_when_asked(tmp_path, monkeypatch):
    from portfolio.sweeps import executor

    solved = []
    original = executor.solve_task
    monkeypatch.setattr(executor, "solve_task", lambda task: solved.append(task.key) or original(task))
    args = ["robust", str(TEMPLATE), "--samples", "4", "--optimise", "worst_case", "--format", "json",
            "--executor", "local"]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0, plain.output
    data = json.loads(plain.stdout)
    assert solved == [] and data["solved"] == 0 and data["frequency"] == {} and not data["samples_solved"]
    assert data["robust"]["robust"]["guaranteed_jobs"] >= data["robust"]["nominal"]["guaranteed_jobs"]
    assert len(data["robust"]["nominal"]["samples"]) and data["p_target"] >= 0
    asked = CliRunner().invoke(main, [*args, "--solve-samples"])
    assert asked.exit_code == 0, asked.output
    again = json.loads(asked.stdout)
    assert again["solved"] == 4 and again["samples_solved"]
    timeless = lambda r: {k: v for k, v in r.items() if k != "solve_time_s"}  # noqa: E731
    assert timeless(again["robust"]) == timeless(data["robust"]) and again["nominal"] == data["nominal"]
    files = tmp_path / "files"
    written = CliRunner().invoke(main, [*args[:-4], "--out", str(files)])
    assert written.exit_code == 0, written.output
    assert {p.name for p in files.iterdir()} == {"robust.json", "samples.csv", "jobs.png", "jobs.svg"}


def test_cli_alternatives_and_solve_importance():
    result = CliRunner().invoke(main, ["alternatives", str(TEMPLATE), "-k", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    ranks = json.loads(result.stdout)["portfolios"]
    assert [p["rank"] for p in ranks] == [1, 2, 3] and all("jobs" in p and "selected" in p for p in ranks)
    solved = CliRunner().invoke(main, ["solve", str(TEMPLATE), "--importance", "--format", "json"])
    assert solved.exit_code == 0, solved.output
    data = json.loads(solved.stdout)
    assert data["status"] == "optimal" and {a["action"] for a in data["importance"]["actions"]} == set(data["selected"])
    table = CliRunner().invoke(main, ["solve", str(TEMPLATE), "--importance"])
    assert "Replacement cost of each chosen action" in table.stdout


def test_cli_robust_on_an_infeasible_case_exits_3(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(TEMPLATE, folder)
    edit_yaml(folder / "case.yaml", "rules.max_actions", 0)
    result = CliRunner().invoke(main, ["robust", str(folder), "--samples", "2"])
    assert result.exit_code == 3 and "no portfolio at its central effects" in result.stderr
