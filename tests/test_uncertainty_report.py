"""`portfolio report --robust N`: the uncertainty section in every format, with the figures of the library."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import portfolio
from cli import main
from conftest import TEMPLATE
from inputs import load_case
from portfolio.sweeps import Executor
from portfolio.uncertainty import importance, monte_carlo

SAMPLES = 6


@functools.cache
def written(tmp_root: str, lang: str):
    out = f"{tmp_root}/report-{lang}"
    result = CliRunner().invoke(main, ["report", str(TEMPLATE), "--out", out, "--robust", str(SAMPLES),
                                       "--lang", lang])
    assert result.exit_code == 0, result.output
    return result, out


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("uncertainty"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_section_is_written_in_every_format(root, lang):
    from pathlib import Path

    result, out = written(root, lang)
    folder = Path(out)
    title = {"nl": "Onzekerheid", "en": "Uncertainty"}[lang]
    assert (folder / "uncertainty.md").read_text(encoding="utf-8").startswith(f"# {title}:")
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert 'id="uncertainty"' in page and 'id="chart-frequency"' in page and 'id="chart-samples"' in page
    assert page.count("<svg") == 5  # spend, jobs, rate, and the two of the section
    assert "T04" in page.split('id="uncertainty"')[1] and "<script" not in page
    assert title in load_workbook(folder / "report.xlsx").sheetnames
    assert title in result.stdout


def test_the_figures_are_those_of_the_library(root):
    from pathlib import Path

    _result, out = written(root, "en")
    table = pd.read_csv(Path(out) / "uncertainty.csv")
    case = load_case(TEMPLATE)
    solution = portfolio.solve(case)
    mc = monte_carlo(case, SAMPLES, 0, executor=Executor(progress=False), nominal=solution)
    lost = {a.action: a.jobs_lost for a in importance(case, solution, Executor(progress=False)).actions}
    assert dict(zip(table["action"], table["frequency"])) == pytest.approx(mc.frequency)
    chosen = table[table["chosen"]]
    assert set(chosen["action"]) == set(solution.selected)
    assert {a: None if pd.isna(v) else v for a, v in zip(chosen["action"], chosen["jobs_lost"])} == lost
    assert list(table["frequency"]) == sorted(table["frequency"], reverse=True)
    text = (Path(out) / "uncertainty.md").read_text(encoding="utf-8")
    assert f"Over {SAMPLES} draws this plan gives {mc.nominal.mean:,.1f} extra jobs" in text


def test_without_robust_the_report_has_no_section(tmp_path):
    result = CliRunner().invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "r"), "--format", "md,html"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "r" / "uncertainty.md").exists()
    assert 'id="uncertainty"' not in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
