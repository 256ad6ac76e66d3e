"""Start-up: what `portfolio solve` imports on a plain case, and validation that stays linear in the rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import models.checks
from conftest import TEMPLATE
from inputs import load_case, write_case
from portfolio.instances.generate import random_case

ROOT = Path(__file__).resolve().parents[1]
# Libraries of the reports, the workbook and the Dask executor: a solve of a case folder needs none of them.
HEAVY = ("pandas", "matplotlib", "jinja2", "dask", "distributed", "openpyxl")


def imported_by(*args: str) -> tuple[dict, list[str]]:
    """Run `portfolio ARGS` in a fresh interpreter; its JSON answer and the HEAVY modules it imported."""
    code = ("import json, sys\nfrom click.testing import CliRunner\nimport cli\n"
            f"done = CliRunner().invoke(cli.main, {list(args)!r})\n"
            "assert done.exit_code == 0, done.output\n"
            f"print(json.dumps([done.stdout, sorted(m for m in {HEAVY!r} if m in sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    stdout, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    return json.loads(stdout), heavy


def test_a_solve_imports_no_report_workbook_or_dask_library():
    answer, heavy = imported_by("solve", str(TEMPLATE), "--format", "json")
    assert answer["status"] == "optimal" and heavy == []


def test_a_solve_of_a_generated_case_folder_imports_none_either(tmp_path):
    folder = write_case(random_case(7, n_actions=60, per_year=True), tmp_path / "case")
    answer, heavy = imported_by("solve", str(folder), "--format", "json")
    assert answer["selected"] and heavy == []


def test_validation_asks_once_whether_the_case_is_phased(tmp_path, monkeypatch):
    folder = write_case(random_case(3, n_actions=120, per_year=True), tmp_path / "case")
    calls = []
    phased = models.checks._phased
    monkeypatch.setattr(models.checks, "_phased", lambda case: calls.append(1) or phased(case))
    load_case(folder)
    assert 1 <= len(calls) <= 3  # was once per cost row (quadratic: 6 s for 2,000 actions)
