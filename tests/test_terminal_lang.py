"""`--lang nl|en` on every command's terminal output (issue 23, point 5): in Dutch no table shows an English
title, header or caption; the default comes from PORTFOLIO_LANG, else the locale, else English. The library's
own sentences (warnings, explanations, solver notes) have their own tests: test_warnings_dutch.py,
test_explain_phrases.py, test_solver_phrases.py."""

from __future__ import annotations

import json
import re

import pytest
import rich.table
import rich.text
from click.testing import CliRunner

import cli
from conftest import write_csv
from inputs import write_case
from models.case import Baseline
from portfolio.commandline.options import terminal_language
from portfolio.instances.phased import phased_case
from portfolio.present.words import TERMINAL
from portfolio.reports.labels import CATALOGUE
from test_explain import derive, template
from test_monitor import HEADER, as_planned
from test_reports_dutch import SAME_IN_BOTH, english_fragments, english_in

# Headers the two languages write alike, or that are a formula: allowed in a Dutch table.
ALIKE = SAME_IN_BOTH | {"status +/-", "+ jobs", "- jobs", "starts"}


def english_words() -> list[str]:
    """The English of every terminal word and report label that differs from its Dutch, cut at {fields}."""
    return english_fragments((*TERMINAL.values(), *CATALOGUE.values()), ALIKE, ())


@pytest.fixture
def tables(monkeypatch) -> list[str]:
    """Every title, column header and caption of the rich tables made while the test runs."""
    shown: list[str] = []
    init, add_column = rich.table.Table.__init__, rich.table.Table.add_column

    def words(*texts) -> list[str]:  # a header may be a rich Text; a progress bar's grid has Column objects
        return [str(x) for x in texts if isinstance(x, (str, rich.text.Text)) and str(x)]

    def table(self, *columns, title=None, caption=None, **kw):
        shown.extend(words(title, caption, *columns))
        init(self, *columns, title=title, caption=caption, **kw)

    def column(self, header="", *a, **kw):
        shown.extend(words(header))
        add_column(self, header, *a, **kw)

    monkeypatch.setattr(rich.table.Table, "__init__", table)
    monkeypatch.setattr(rich.table.Table, "add_column", column)
    return shown


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A small phased case with a baseline, working groups and a plan; its progress; a scenario and an
    infeasible case: name -> path."""
    root = tmp_path_factory.mktemp("lang")
    case = phased_case(24, 7).model_copy(update={"baseline": Baseline(population=100_000, employed=70_000,
                                                                      target_rate=0.72)})
    actions = tuple(a.model_copy(update={"proposed_by": a.lead_domain}) for a in case.actions)
    case = case.model_copy(update={"actions": actions})
    write_case(case, root / "case")
    plan = root / "plan.json"
    done = CliRunner().invoke(cli.main, ["solve", str(root / "case"), "--out", str(plan), "--format", "json",
                                         "--backend", "highs"])
    assert done.exit_code == 0, done.output
    progress = root / "progress.csv"
    write_csv(progress, [HEADER, *as_planned(case, json.loads(plan.read_text())["start_year"])])
    scenario = root / "less.yaml"
    scenario.write_text("name: less\nbudgets:\n  - factor: 0.8\n", encoding="utf-8")
    write_case(derive(template(), rules={"max_actions": 0}), root / "infeasible")
    return {"case": root / "case", "plan": plan, "progress": progress, "scenario": scenario,
            "infeasible": root / "infeasible"}


def commands(f) -> dict[str, list]:
    case = f["case"]
    return {
        "validate": ["validate", case],
        "solve": ["solve", case, "--backend", "highs", "--importance"],
        "check": ["check", case],
        "whatif": ["whatif", case, f["scenario"]],
        "frontier": ["frontier", case, "--scale", "0.5,1"],
        "marginal": ["marginal", case],
        "target": ["target", case, "--curve", "0.7:0.71:2"],
        "robust": ["robust", case, "--samples", "3"],
        "alternatives": ["alternatives", case, "-k", "2"],
        "monitor": ["monitor", case, "--plan", f["plan"], "--progress", f["progress"], "--as-of", 2027],
        "replan": ["replan", case, "--plan", f["plan"], "--from-year", 2028],
    }


@pytest.mark.parametrize("command", ["validate", "solve", "check", "whatif", "frontier", "marginal",
                                     "target", "robust", "alternatives", "monitor", "replan"])
def test_no_table_is_english_in_dutch(files, tables, command):
    args = [str(a) for a in commands(files)[command]]
    done = CliRunner().invoke(cli.main, [*args, "--lang", "nl"])
    assert done.exit_code in (0, 3), done.output
    assert tables, f"{command} printed no table"
    english = {text: hits for text in tables if (hits := english_in(text, english_words()))}
    assert not english, english


def test_explain_says_what_would_make_the_case_feasible_in_dutch(files):
    done = CliRunner().invoke(cli.main, ["explain", str(files["infeasible"]), "--lang", "nl"])
    assert done.exit_code == 0, done.output
    assert "Wat de case haalbaar zou maken:" in done.stdout and "What would make" not in done.stdout


def test_the_same_command_in_english_keeps_its_english_tables(files, tables):
    done = CliRunner().invoke(cli.main, ["validate", str(files["case"]), "--lang", "en"])
    assert done.exit_code == 0 and "Candidate cost vs budget per domain (EUR)" in tables
    assert ": valid (" in done.output


def test_dutch_numbers_and_words_in_the_sentences(files):
    done = CliRunner().invoke(cli.main, ["solve", str(files["case"]), "--backend", "highs", "--lang", "nl"])
    assert done.exit_code == 0
    assert re.search(r"Status optimaal; marge 0,000 %; grens [\d.]+,\d{4}; solver highs", done.stdout)
    assert "Gerekend op 1 thread" in done.stdout and "Ran on" not in done.stdout


def test_the_default_is_portfolio_lang_then_the_locale_then_english(files, monkeypatch):
    for name in ("PORTFOLIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("locale.getlocale", lambda *a: (None, None))
    assert terminal_language() == "en"
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    assert terminal_language() == "nl"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert terminal_language() == "en"
    monkeypatch.setenv("PORTFOLIO_LANG", "nl")
    done = CliRunner().invoke(cli.main, ["validate", str(files["case"])])
    assert ": geldig (" in done.output
    monkeypatch.setenv("PORTFOLIO_LANG", "fr")
    done = CliRunner().invoke(cli.main, ["validate", str(files["case"])])
    assert done.exit_code == 2 and "fr" in done.output
