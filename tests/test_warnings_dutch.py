"""Warnings in the reader's language (issue 23, point 5): every code, on a case that raises it, keeps the
English message and hint it had before the warnings became phrases (tests/data/warnings_english.json, written
by the code of main at 8a99adc), and says them in Dutch without an English fragment of the catalogue."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import inputs
from cli import main
from inputs import write_case
from models import BudgetYear, Status, Synergy
from models.casedata import CaseData
from models.studies import ShareCost
from models.warnings import CODES, CaseWarning
from portfolio import solve
from portfolio.core.phrases import CATALOGUE as SENTENCES
from portfolio.core.phrases import english, say
from portfolio.overlaps import probable_overlaps
from portfolio.present.words import TERMINAL
from portfolio.reports.labels import CATALOGUE
from portfolio.warnings import _share_warning, case_warnings, solution_warnings
from small_phased import small_phased
from test_overlaps import plant
from test_phased_warnings import late_requirements
from test_reports_dutch import SAME_IN_BOTH, english_fragments, english_in
from test_warnings import _knapsack, a2_requires_a1, act, cost, jobs, make
from tests.conftest import TEMPLATE, edit_csv, edit_yaml, unphased_flanders, write_csv

PINNED = Path(__file__).parent / "data" / "warnings_english.json"
CHECK_JSON = Path(__file__).parent / "data" / "check_several_warnings.json"  # check --format json, from main

Scenario = Callable[[Path], list[CaseWarning]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(build: Scenario) -> Scenario:
    SCENARIOS[build.__name__] = build
    return build


def from_template(folder: Path) -> list[CaseWarning]:
    return case_warnings(inputs.load_case(folder))


# --------------------------------------------------------------------------- the case's warnings


@scenario
def year_budgets_over_total(folder: Path):
    edit_csv(folder / "budgets.csv", 3, "budget_eur", 1700000)
    return from_template(folder)


@scenario
def over_a_whole_budget(_folder: Path):
    return case_warnings(make([act("a1"), act("a2")],
                              [cost("a1", 100), cost("a2", 1500), cost("a2", 2500, "d2")],
                              [jobs("a1", 5), jobs("a2", 50)], d1=2000, d2=500))


@scenario
def over_a_year_and_the_horizon(_folder: Path):
    budgets = tuple(BudgetYear(domain="d1", year=y, budget_eur=1000) for y in (2026, 2027))
    return case_warnings(make([act("a1"), act("a2")],
                              [cost("a1", 100, year=2026), cost("a2", 2500, year=2026)],
                              [jobs("a1", 5), jobs("a2", 50)], budgets=budgets, d1=2000))


@scenario
def over_each_years_budget(folder: Path):
    for line in (2, 3):
        edit_csv(folder / "budgets.csv", line, "budget_eur", 1000)
    return from_template(folder)


@scenario
def over_budget_in_every_start(_folder: Path):
    return case_warnings(small_phased({
        "A10": {"domain": "mow", "window": (2026, 2027), "costs": (15, 2), "jobs": 10},
        "A11": {"domain": "mow", "window": (2026, 2028), "costs": (15,), "jobs": 10},
    }, budgets={(d, t): 10.0 for d in ("werk", "mow") for t in (2026, 2027, 2028)}))


@scenario
def requires_locked_out(folder: Path):
    edit_yaml(folder / "case.yaml", "rules.locked_out", ["T06"])
    return from_template(folder)


@scenario
def requires_locked_out_through_another(_folder: Path):
    return case_warnings(make([act("a1"), act("a2", requires=("a1",)), act("a3", requires=("a2",))],
                              [cost("a1", 10), cost("a2", 10), cost("a3", 10)],
                              [jobs("a1", 1), jobs("a2", 1), jobs("a3", 1)], locked_out=("a1",)))


@scenario
def requires_a_later_start(_folder: Path):
    return case_warnings(late_requirements())


@scenario
def overlaps_locked_in(folder: Path):
    edit_yaml(folder / "case.yaml", "rules.locked_in", ["T02"])
    return from_template(folder)


@scenario
def overlaps_what_a_locked_in_action_requires(_folder: Path):
    return case_warnings(make([act("a1", overlap_group="g"), act("a2", overlap_group="g"),
                               act("a3", requires=("a1",))], [cost("a1", 10), cost("a2", 10), cost("a3", 10)],
                              [jobs("a1", 1), jobs("a2", 1), jobs("a3", 1)], locked_in=("a3",)))


@scenario
def requires_two_of_an_overlap_group(_folder: Path):
    return case_warnings(make([act("a1", overlap_group="g"), act("a2", overlap_group="g"),
                               act("a3", requires=("a1", "a4")), act("a4", requires=("a2",))],
                              [cost(a, 10) for a in ("a1", "a2", "a3", "a4")],
                              [jobs(a, 1) for a in ("a1", "a2", "a3", "a4")]))


@scenario
def requires_two_of_an_overlap_group_with_a_lock(_folder: Path):
    return case_warnings(make([act("a1", overlap_group="g"), act("a2", overlap_group="g"),
                               act("a3", requires=("a2",)), act("a5")],
                              [cost(a, 10) for a in ("a1", "a2", "a3", "a5")],
                              [jobs(a, 1) for a in ("a1", "a2", "a3", "a5")], locked_in=("a1",)))


@scenario
def over_budget_with_what_it_requires(_folder: Path):
    return case_warnings(a2_requires_a1(1200, 1200))


@scenario
def over_budget_with_the_locked_in(_folder: Path):
    return case_warnings(make([act("a1"), act("a2"), act("a3")],
                              [cost("a1", 1200), cost("a2", 900), cost("a3", 700)],
                              [jobs("a1", 5), jobs("a2", 5), jobs("a3", 5)], d1=2000, locked_in=("a1",)))


@scenario
def over_budget_with_both(_folder: Path):
    return case_warnings(make([act("a1"), act("a2"), act("a3", requires=("a2",))],
                              [cost("a1", 800), cost("a2", 700), cost("a3", 700)],
                              [jobs("a1", 5), jobs("a2", 5), jobs("a3", 5)], d1=2000, locked_in=("a1",)))


@scenario
def more_than_max_actions(_folder: Path):
    return case_warnings(a2_requires_a1(10, 10, max_actions=1))


@scenario
def more_than_max_actions_with_a_lock(_folder: Path):
    return case_warnings(make([act("a1"), act("a2"), act("a3", requires=("a2",))],
                              [cost(a, 10) for a in ("a1", "a2", "a3")],
                              [jobs(a, 1) for a in ("a1", "a2", "a3")], locked_in=("a1",), max_actions=2))


@scenario
def costs_spanning_a_billion(_folder: Path):
    return case_warnings(make([act("a1"), act("a2")], [cost("a1", 0.001), cost("a2", 2e7)],
                              [jobs("a1", 5), jobs("a2", 5)], d1=3e7))


@scenario
def jobs_spanning_a_billion(_folder: Path):
    return case_warnings(make([act("a1"), act("a2")], [cost("a1", 10), cost("a2", 10)],
                              [jobs("a1", 1, effect=1e-7), jobs("a2", 900, group="B", effect=1.0)]))


@scenario
def synergy_spanning_a_billion(_folder: Path):
    return case_warnings(make([act("a1"), act("a2")], [cost("a1", 10), cost("a2", 10)],
                              [jobs("a1", 900), jobs("a2", 800)],
                              synergies=[Synergy(action_a="a1", action_b="a2", group="A", extra_jobs=-2e-7)]))


@scenario
def too_many_decimals(folder: Path):
    edit_csv(folder / "costs.csv", 6, "cost_eur", "150.1234567")
    edit_csv(folder / "costs.csv", 7, "cost_eur", "15.7654321")
    edit_csv(folder / "reach.csv", 6, "reach", "33")
    edit_csv(folder / "reach.csv", 6, "effect", "0.3333333")
    edit_csv(folder / "reach.csv", 6, "effect_high", "0.5")
    write_csv(folder / "saturation.csv", [["group", "direct_jobs", "jobs"], ["nieuwkomers", 300, 100]])
    return from_template(folder)


# --------------------------------------------------------------------------- after a solve


@scenario
def share_costs_jobs(_folder: Path):
    case = _knapsack({"A": 0.5})
    return solution_warnings(case, solve(case, backend="highs"))


@scenario
def share_costs_eur(_folder: Path):
    c = make([act("a1"), act("a2"), act("a3")], [cost("a1", 1000), cost("a2", 1000), cost("a3", 1500)],
             [jobs("a1", 10), jobs("a2", 100, "B"), jobs("a3", 10, "B")], d1=5000, min_group_share={"A": 0.5})
    c = c.model_copy(update={"objective": "min_cost", "jobs_target": 20.0})
    solution = solve(c, backend="highs")
    assert solution.status == Status.OPTIMAL
    return solution_warnings(c, solution)


@scenario
def share_costs_within_gaps(_folder: Path):
    """The costs with a spread and other shares kept, built as share_costs builds them after two solves."""
    two = _knapsack({"A": 0.5, "B": 0.05})
    eur = two.model_copy(update={"objective": "min_cost", "jobs_target": 1234.5})
    jobs_cost = ShareCost(group="A", share=0.5, objective="max_jobs", with_share=1010.25,
                          without_share=2100.5, cost=1090.25, low=1000.0, high=1200.75)
    eur_cost = ShareCost(group="B", share=0.05, objective="min_cost", with_share=2500, without_share=1000.5,
                         cost=1499.5, low=1400, high=1600)
    return [_share_warning(CaseData.of(two), jobs_cost), _share_warning(CaseData.of(eur), eur_cost)]


@scenario
def probable_overlap(folder: Path):
    plant(folder)
    return [o.warning() for o in probable_overlaps(inputs.load_case(folder))]


@scenario
def probable_overlap_of_different_sets(folder: Path):
    plant(folder, b_groups=("nieuwkomers", "jongeren"), barriers="integratie_taal;zorgtaken")
    return [o.warning() for o in probable_overlaps(inputs.load_case(folder))[:1]]


# --------------------------------------------------------------------------- the tests


def as_rows(ws: list[CaseWarning]) -> list[list]:
    return [[w.code, w.file, w.row, w.column, w.message, w.hint] for w in ws]


@pytest.fixture(scope="module")
def raised(tmp_path_factory) -> dict[str, list[CaseWarning]]:
    """Every scenario's warnings, each on its own copy of the template."""
    out = {}
    for name, build in SCENARIOS.items():
        folder = tmp_path_factory.mktemp(name) / "case"
        shutil.copytree(TEMPLATE, folder)
        out[name] = build(folder)
    return out


def test_every_code_is_raised(raised):
    assert {w.code for ws in raised.values() for w in ws} == set(CODES)
    assert all(raised.values()), [name for name, ws in raised.items() if not ws]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_english_is_what_it_was(raised, name):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert as_rows(raised[name]) == pinned[name]


# --------------------------------------------------------------------------- on the command line


def several_warnings(folder: Path) -> Path:
    """The template with yearly budgets over werk's total, T06 locked out (so T07 never chosen), a planted
    duplicate and a cost with too many decimals."""
    edit_csv(folder / "budgets.csv", 3, "budget_eur", 1700000)
    edit_yaml(folder / "case.yaml", "rules.locked_out", ["T06"])
    edit_csv(folder / "costs.csv", 6, "cost_eur", "150.1234567")
    plant(folder)
    return folder


def test_check_json_is_what_it_was(template_dir: Path):
    result = CliRunner().invoke(main, ["check", str(several_warnings(template_dir)), "--format", "json",
                                       "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert result.stdout == CHECK_JSON.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- in Dutch


def catalogue_english() -> list[str]:
    """The English fragments of the report's labels, the terminal's words and the library's sentences; the
    columns reach and effect are named in both languages."""
    return english_fragments((*TERMINAL.values(), *CATALOGUE.values(), *SENTENCES.values()),
                             SAME_IN_BOTH | {"reach x effect"})


def english_left(text: str) -> list[str]:
    """The English fragments in `text` once what is never translated is taken out: file names, dotted
    settings, the column of a `file:row:column:` place, and the names of this file's small cases."""
    text = re.sub(r"[\w-]+\.(csv|yaml)(:\d+)?(:[\w.]+)?", " ", text)
    text = re.sub(r"\b\w+(\.\w+)+", " ", text)
    text = re.sub(r"\b(Group|Action) \w+", " ", text)
    return english_in(text, catalogue_english())


def dutch(w: CaseWarning) -> str:
    return w.text(lambda p: say(p, "nl"))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_warning_in_dutch_has_no_english(raised, name):
    for w in raised[name]:
        assert w.words is not None and w.hint_words is not None, w.code
        text = dutch(w)
        assert text.startswith(f"{w.file}:") and ": waarschuwing: " in text, text
        assert english_left(text) == [], text
        assert "))" not in text, text  # issue 23: no double bracket after a hint in brackets


def test_dutch_numbers_in_a_warning(raised):
    w = raised["year_budgets_over_total"][0]
    assert dutch(w) == (
        "domains.csv:2:budget_eur: waarschuwing: de budgetten per jaar van Werk en sociale economie (werk) "
        "in budgets.csv tellen op tot € 3.200.000 (2026: € 1.500.000, 2027: € 1.700.000), € 200.000 meer "
        "dan het totale budget van € 3.000.000; beide grenzen gelden, dus het totaal bindt eerst, en het "
        "budget van één jaar verhogen verandert niets zolang dat zo is (kloppen de jaarbudgetten, zet dan "
        "budget_eur van werk op 3200000 in domains.csv; verlaag anders de rijen in budgets.csv tot ze samen "
        "3000000 zijn)")
    share = raised["share_costs_within_gaps"][0]
    assert "minstens 50,0 % van alle extra jobs) kost 1.090,2 jobs (2.100,5 jobs zonder" in dutch(share)


def test_a_warning_without_phrases_says_its_english():
    w = CaseWarning(code="coefficient_range", file="costs.csv", row=2, column="cost_eur", message="m",
                    hint="h")
    assert dutch(w) == "costs.csv:2:cost_eur: waarschuwing: m (h)"
    assert w.text() == str(w) == "costs.csv:2:cost_eur: warning: m (h)"


def test_english_said_from_the_phrases_is_the_stored_text(raised):
    for ws in raised.values():
        for w in ws:
            assert w.text(english) == str(w)
            assert str(w.as_issue(english)) == str(w.as_issue())


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_check_in_dutch_has_no_english(template_dir: Path):
    result = cli("check", several_warnings(template_dir), "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert "waarschuwing: de budgetten per jaar van Werk" in result.stdout
    assert "1. T09 'Taalcoaching op de werkvloer' (trekker werk) en T10" in result.stdout
    assert english_left(result.output) == [], result.output


def test_check_in_english_is_what_it_was(template_dir: Path):
    result = cli("check", several_warnings(template_dir), "--lang", "en")
    pinned = json.loads(CHECK_JSON.read_text(encoding="utf-8"))
    for w in pinned["warnings"]:
        assert str(CaseWarning(**w)) in result.stdout
    for k, o in enumerate(pinned["overlaps"], 1):
        assert f"{k}. {o['evidence']}" in result.stdout


@pytest.mark.parametrize("strict", [False, True])
def test_validate_in_dutch_has_no_english(template_dir: Path, strict: bool):
    options = ["--lang", "nl", *(["--strict"] if strict else [])]
    result = cli("validate", several_warnings(template_dir), *options)
    assert result.exit_code == (1 if strict else 0), result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3 + strict, result.stderr
    assert ("waarschuwing:" in lines[0]) != strict
    if strict:
        assert lines[-1] == (f"3 waarschuwing(en) in {template_dir} behandeld als fouten (--strict); los ze "
                             "op, of laat --strict weg.")
    assert english_left(result.stderr) == [], result.stderr


def test_solve_says_what_a_share_costs_in_dutch(tmp_path: Path):
    folder = write_case(_knapsack({"A": 0.5}), tmp_path / "case")
    result = cli("solve", folder, "--lang", "nl", "--backend", "highs")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "case.yaml:rules.min_group_share.A: waarschuwing: het aandeel van doelgroep A (Group A: minstens "
        "50,0 % van alle extra jobs) kost 90,0 jobs"), result.stderr
    assert english_left(result.stderr) == [], result.stderr
    strict = cli("solve", folder, "--lang", "nl", "--strict", "--backend", "highs")
    assert strict.exit_code == 0 and strict.stderr == result.stderr  # a share's cost is no case warning


def test_merge_gives_the_evidence_of_overlaps_in_dutch(tmp_path: Path):
    from test_merge import split

    base, proposals = split(inputs.load_case(unphased_flanders(tmp_path / "flanders")), tmp_path / "split")
    result = cli("merge", base, *proposals, "--out", tmp_path / "merged", "--lang", "nl")
    assert result.exit_code == 0, result.output
    evidence = [line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)]
    assert evidence and all("(trekker " in line for line in evidence), result.stdout
    assert english_left(result.stdout) == [], result.stdout
