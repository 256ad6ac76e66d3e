"""Input traps (issue #10): numbers read in the wrong sense, valid input that must load, messages a planner
understands, every problem at once, and YAML alias bombs.

Each problem is asserted as the whole line a planner reads, `file:row:column: message`, hint included.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import inputs
import portfolio
from conftest import delete_rows, edit_csv, issue_strings, read_csv
from inputs.scenario import read_scenarios
from models import Case, CaseError
from models.errors import show_number
from portfolio.brute_force import brute_force


def yaml_replace(folder: Path, old: str, new: str) -> None:
    path = folder / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


SEPARATORS = "(thousands separators are not read)"
NOT_READ = "(a dot is the decimal separator and thousands separators are not read)"

# --- numbers in CSV cells ----------------------------------------------------------------------------

# file, line, column, the cell as written, the whole issue line
CELL_TRAPS = {
    "dotted thousands in money": ("domains.csv", 2, "budget_eur", "300.000",
        f"domains.csv:2:budget_eur: '300.000' is ambiguous: with a thousands separator it is 300000, "
        f"with a decimal point 300; write 300000 or 300 {SEPARATORS}"),
    "dotted thousands in a whole number": ("groups.csv", 2, "population", "4.000",
        f"groups.csv:2:population: '4.000' is ambiguous: with a thousands separator it is 4000, "
        f"with a decimal point 4; write 4000 or 4 {SEPARATORS}"),
    "dotted thousands in persons": ("reach.csv", 2, "reach", "1.500",
        f"reach.csv:2:reach: '1.500' is ambiguous: with a thousands separator it is 1500, "
        f"with a decimal point 1.5; write 1500 or 1.5 {SEPARATORS}"),
    "dotted millions": ("costs.csv", 2, "cost_eur", "1.500.000",
        f"costs.csv:2:cost_eur: '1.500.000' is not a number as written; write 1500000 if the dots separate "
        f"thousands {NOT_READ}"),
    "Dutch notation": ("costs.csv", 2, "cost_eur", "1.234,5",
        f"costs.csv:2:cost_eur: '1.234,5' is not a number as written; write 1234.5 {NOT_READ}"),
    "English notation": ("costs.csv", 2, "cost_eur", "1,234.5",
        f"costs.csv:2:cost_eur: '1,234.5' is not a number as written; write 1234.5 {NOT_READ}"),
    "comma thousands": ("domains.csv", 2, "budget_eur", "3,000,000",
        f"domains.csv:2:budget_eur: '3,000,000' is not a number as written; write 3000000 for a whole number, "
        f"or 3.000,000 if the comma is a decimal comma {NOT_READ}"),
    "one comma group": ("costs.csv", 2, "cost_eur", "1,234",
        f"costs.csv:2:cost_eur: '1,234' is not a number as written; write 1234 for a whole number, "
        f"or 1.234 if the comma is a decimal comma {NOT_READ}"),
    "decimal comma in a share": ("reach.csv", 5, "effect", "0,1",
        "reach.csv:5:effect: '0,1' is not a number as written; write 0.1 (use a dot as decimal separator, "
        "no thousands separator)"),
    "spaces between thousands": ("costs.csv", 2, "cost_eur", "1 000 000",
        f"costs.csv:2:cost_eur: '1 000 000' is not a number as written; write 1000000 without spaces {NOT_READ}"),
    "currency sign": ("costs.csv", 2, "cost_eur", "€ 5000",
        "costs.csv:2:cost_eur: '€ 5000' is not a number; write the amount in EUR without a currency sign"),
    "percentage in a share": ("reach.csv", 2, "effect", "12%",
        "reach.csv:2:effect: '12%' is a percentage; write 0.12: shares are fractions from 0 to 1"),
    "percentage elsewhere": ("reach.csv", 2, "reach", "12 %",
        "reach.csv:2:reach: '12 %' is not a number; write it without the % sign"),
    "share written as a percent number": ("reach.csv", 2, "effect", "15",
        "reach.csv:2:effect: 15 is above 1; effect must be <= 1 (a share: write 0.15 for 15 %)"),
}


@pytest.mark.parametrize("name", list(CELL_TRAPS))
def test_a_number_is_never_read_in_a_sense_the_planner_may_not_mean(template_dir: Path, name: str):
    file, line, column, value, expected = CELL_TRAPS[name]
    edit_csv(template_dir / file, line, column, value)
    assert issue_strings(template_dir) == [expected]


# file, line, column, cell, the value read: plain notations, and 3 decimals where no thousands are written
PLAIN_NUMBERS = {
    "a share with three decimals": ("reach.csv", 2, "effect", "0.150", 0.15),
    "a share of exactly one": ("reach.csv", 2, "effect_high", "1.000", 1.0),
    "money with cents": ("costs.csv", 2, "cost_eur", "1234.50", 1234.5),
    "a small amount with one decimal": ("costs.csv", 2, "cost_eur", "1.5", 1.5),
    "four digits before the dot": ("costs.csv", 2, "cost_eur", "1500.000", 1500.0),
    "exponent": ("domains.csv", 2, "budget_eur", "3e6", 3_000_000.0),
    "negative synergy": ("synergies.csv", 3, "extra_jobs", "-15.5", -15.5),
}


@pytest.mark.parametrize("name", list(PLAIN_NUMBERS))
def test_plain_numbers_are_read_as_written(template_dir: Path, name: str):
    file, line, column, value, read = PLAIN_NUMBERS[name]
    edit_csv(template_dir / file, line, column, value)
    case = inputs.load_case(template_dir)
    table = {"reach.csv": case.reach, "costs.csv": case.costs, "domains.csv": case.domains,
             "synergies.csv": case.synergies}[file]
    assert getattr(table[line - 2], column) == read


@pytest.mark.parametrize("fmt", ["folder", "c.xlsx"])
def test_a_value_with_three_decimals_is_written_so_that_it_reads_back(template_case: Case, tmp_path: Path, fmt: str):
    """1.125 jobs written as `1.125` would be refused as ambiguous: the writer adds a zero."""
    groups = [g.model_copy(update={"max_extra_jobs": 1.125}) if i == 0 else g for i, g in enumerate(template_case.groups)]
    case = Case.model_validate({**template_case.model_dump(), "groups": [g.model_dump() for g in groups]})
    inputs.write_case(case, tmp_path / fmt)
    if fmt == "folder":
        assert "1.1250" in (tmp_path / fmt / "groups.csv").read_text(encoding="utf-8")
    assert inputs.load_case(tmp_path / fmt).groups[0].max_extra_jobs == 1.125


# --- numbers the solvers cannot take exactly ---------------------------------------------------------

WHY = "the solvers cannot compute exactly with larger numbers here (see the case format, section 2)"
LIMITS = {
    "budget": ("domains.csv", 2, "budget_eur", "1e11",
               f"domains.csv:2:budget_eur: 100000000000 is above the limit of 10000000000 for a budget (EUR): {WHY}"),
    "cost row": ("costs.csv", 2, "cost_eur", "200000000",
                 f"costs.csv:2:cost_eur: 200000000 is above the limit of 100000000 for a cost (EUR): {WHY}"),
    "population": ("groups.csv", 2, "population", "20000000",
                   f"groups.csv:2:population: 20000000 is above the limit of 10000000 for persons or jobs: {WHY}"),
    "cap": ("groups.csv", 2, "max_extra_jobs", "1e8",
            f"groups.csv:2:max_extra_jobs: 100000000 is above the limit of 10000000 for persons or jobs: {WHY}"),
    "synergy": ("synergies.csv", 2, "extra_jobs", "1e12",
                f"synergies.csv:2:extra_jobs: 1000000000000 is above the limit of 1000000 for a synergy (jobs): {WHY}"),
}


@pytest.mark.parametrize("name", list(LIMITS))
def test_numbers_beyond_the_solver_limits_are_refused_with_the_reason(template_dir: Path, name: str):
    file, line, column, value, expected = LIMITS[name]
    edit_csv(template_dir / file, line, column, value)
    assert issue_strings(template_dir) == [expected]


def test_an_action_costing_more_than_the_limit_over_its_rows_is_refused(template_dir: Path):
    edit_csv(template_dir / "costs.csv", 2, "cost_eur", "60000000")  # T01 welzijn 2026
    edit_csv(template_dir / "costs.csv", 3, "cost_eur", "60000000")  # T01 welzijn 2027
    for line in (2, 3, 4, 5):  # room in the budgets, so that only the limit speaks
        edit_csv(template_dir / "budgets.csv", line, "budget_eur", "200000000")
    edit_csv(template_dir / "domains.csv", 3, "budget_eur", "200000000")
    assert issue_strings(template_dir) == [
        f"costs.csv:2:cost_eur: action 'T01' costs 120000000 EUR in all (lines 2, 3), above the limit of "
        f"100000000 for one action: {WHY}"
    ]


def test_the_limits_hold_for_the_jobs_target_too(template_dir: Path):
    yaml_replace(template_dir, "jobs_target: null", "jobs_target: 2e7")
    assert issue_strings(template_dir) == [
        f"case.yaml:3:jobs_target: 20000000 is above the limit of 10000000 for persons or jobs: {WHY}"
    ]


# --- settings YAML reads otherwise than meant ----------------------------------------------------------

YAML_TRAPS = {
    "true as a number": ("max_actions: null", "max_actions: true",
        "case.yaml:11:rules.max_actions: true is a yes/no value, not a number; write a number"),
    "yes as a number": ("max_actions: null", "max_actions: yes",
        "case.yaml:11:rules.max_actions: YAML reads yes as true (a yes/no value), not a number; write a number"),
    "octal number": ("max_actions: null", "max_actions: 010",
        "case.yaml:11:rules.max_actions: YAML reads 010 as 8 (octal, because of the leading 0); write the number "
        "in plain digits (8, or 10 if that is what you mean)"),
    "minutes:seconds": ("time_limit_s: 60", "time_limit_s: 1:30",
        "case.yaml:18:solver.time_limit_s: YAML reads 1:30 as 90 (minutes:seconds, base 60); write the number "
        "in plain digits (90, or 1:30 if that is what you mean)"),
    "dotted thousands": ("population: 100000", "population: 100.000",
        f"case.yaml:5:baseline.population: '100.000' is ambiguous: with a thousands separator it is 100000, "
        f"with a decimal point 100; write 100000 or 100 {SEPARATORS}"),
    "NO as an id": ("locked_in: []", "locked_in: [T01, NO]",
        "case.yaml:14:rules.locked_in.1: YAML reads NO as false, not as text; quote it: 'NO'"),
    "octal as an id": ("locked_in: []", "locked_in: [010]",
        "case.yaml:14:rules.locked_in.0: YAML reads 010 as the number 8, not as text; quote it: '010'"),
    "a number as an id": ("locked_in: []", "locked_in: [2026]",
        "case.yaml:14:rules.locked_in.0: 2026 should be text; quote it: '2026'"),
    "yes as a name": ('name: "Template: small example plan"', "name: yes",
        "case.yaml:1:name: YAML reads yes as true, not as text; quote it: 'yes'"),
    "off as a backend": ("backend: auto", "backend: off",
        "case.yaml:17:solver.backend: YAML reads off as false, not as text; quote it: 'off'"),
    "NO as a group key": ("    nieuwkomers: 0.15", "    NO: 0.15",
        "case.yaml:13: key 'NO' is not text; write a key name; quote it: 'NO'"),
    "percentage as a share": ("target_rate: 0.80", "target_rate: 80%",
        "case.yaml:7:baseline.target_rate: '80%' is a percentage; write 0.8: shares are fractions from 0 to 1"),
    "percent number as a share": ("target_rate: 0.80", "target_rate: 80",
        "case.yaml:7:baseline.target_rate: 80 is above 1; target_rate must be <= 1 (a share: write 0.8 for 80 %)"),
}


@pytest.mark.parametrize("name", list(YAML_TRAPS))
def test_yaml_values_read_otherwise_than_meant_get_a_hint(template_dir: Path, name: str):
    old, new, expected = YAML_TRAPS[name]
    yaml_replace(template_dir, old, new)
    assert issue_strings(template_dir) == [expected]


def test_a_quoted_value_is_text(template_dir: Path):
    yaml_replace(template_dir, 'name: "Template: small example plan"', "name: 'yes'")
    assert inputs.load_case(template_dir).name == "yes"


# --- valid input the contract allows ---------------------------------------------------------------------


def test_cost_years_without_budgets_file(template_dir: Path, template_case: Case):
    """The contract requires a year only with budgets.csv; without it the year is kept and only totals bind."""
    (template_dir / "budgets.csv").unlink()
    case = inputs.load_case(template_dir)
    assert case.budgets is None and {c.year for c in case.costs} == {2026, 2027}
    solution = portfolio.solve(case, backend="highs")
    assert solution.status == "optimal" and solution.objective_value == pytest.approx(brute_force(case)[0])


def test_an_action_without_a_cost_row_costs_nothing(template_dir: Path):
    delete_rows(template_dir / "costs.csv", action="T08")
    case = inputs.load_case(template_dir)
    solution = portfolio.solve(case, backend="highs")
    assert "T08" in solution.selected  # free, and it creates jobs
    assert solution.objective_value == pytest.approx(brute_force(case)[0])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("name: x\nrules:\n  # max_actions: 3\nsolver:\n  # backend: highs\n", id="sections"),
        pytest.param("name: x\nrules:\n  min_group_share:\n    # ouders: 0.2\n  locked_in:\n  locked_out:\n", id="lists"),
    ],
)
def test_a_section_whose_keys_are_all_commented_out_takes_the_defaults(template_dir: Path, text: str):
    (template_dir / "case.yaml").write_text(text, encoding="utf-8")
    case = inputs.load_case(template_dir)
    assert case.rules == type(case.rules)() and case.solver == type(case.solver)()


@pytest.mark.parametrize(
    "file, column, value, read",
    [
        ("groups.csv", "population", "4e3", 4000),
        ("groups.csv", "population", "1e6", 1_000_000),
        ("budgets.csv", "year", "2.026e3", 2026),
        ("groups.csv", "population", "4000.0", 4000),
    ],
)
def test_whole_numbers_in_exponent_notation(template_dir: Path, file: str, column: str, value: str, read: int):
    edit_csv(template_dir / file, 2, column, value)
    if file == "budgets.csv":
        edit_csv(template_dir / file, 2, "year", value)
    case = inputs.load_case(template_dir)
    got = case.groups[0].population if file == "groups.csv" else case.budgets[0].year
    assert got == read and type(got) is int


def test_whole_numbers_in_yaml_exponent_notation(template_dir: Path):
    yaml_replace(template_dir, "population: 100000", "population: 1e6")
    assert inputs.load_case(template_dir).baseline.population == 1_000_000


def test_a_description_longer_than_the_csv_module_default(template_dir: Path):
    text = "lang verhaal " * 20_000  # 260,000 characters, above csv's 131,072
    edit_csv(template_dir / "domains.csv", 3, "description", text)
    assert inputs.load_case(template_dir).domains[1].description == text.strip()


# --- messages ------------------------------------------------------------------------------------------

CASE_FILES = ["case.yaml", "domains.csv", "groups.csv", "barriers.csv", "actions.csv", "costs.csv", "reach.csv",
              "synergies.csv", "budgets.csv"]


@pytest.mark.parametrize("name", CASE_FILES)
def test_a_folder_where_a_file_should_be_is_called_a_folder(template_dir: Path, name: str):
    (template_dir / name).unlink()
    (template_dir / name).mkdir()
    assert f"{name}: is a folder; a case needs it to be a file" in issue_strings(template_dir)


@pytest.mark.parametrize("separator, said", [("\t", "tabs")])  # ';' is Belgian CSV: tests/test_csv_dialect.py
def test_a_file_with_another_separator_says_which(template_dir: Path, separator: str, said: str):
    rows = read_csv(template_dir / "domains.csv")
    (template_dir / "domains.csv").write_text(
        "\n".join(separator.join(c for c in r) for r in rows) + "\n", encoding="utf-8"
    )
    assert f"domains.csv:1: uses {said} as separator; save it as comma-separated CSV (UTF-8)" in issue_strings(template_dir)


@pytest.mark.parametrize(
    "value, shown",
    [(379_999.99, "379999.99"), (380_000.0, "380000"), (1_234_567.5, "1234567.5"), (1e-7, "0.0000001"),
     (0.1 + 0.2, "0.30000000000000004"), (12, "12"), (1.5e20, "150000000000000000000")],
)
def test_numbers_in_messages_keep_every_digit(value, shown):
    assert show_number(value) == shown


def test_a_computed_amount_is_shown_with_enough_digits(template_dir: Path):
    edit_csv(template_dir / "groups.csv", 3, "population", "1234567")
    edit_csv(template_dir / "reach.csv", 3, "reach", "1234567.5")
    assert issue_strings(template_dir) == [
        "reach.csv:3:reach: 1234567.5 exceeds the population 1234567 of group 'ouders'; "
        "an action cannot reach more people than the group has"
    ]


def test_a_long_value_is_not_echoed_whole(template_dir: Path):
    edit_csv(template_dir / "costs.csv", 2, "cost_eur", "veel " * 10_000)
    (issue,) = issue_strings(template_dir)
    assert issue.startswith("costs.csv:2:cost_eur: 'veel veel") and len(issue) < 150


# --- every problem at once -------------------------------------------------------------------------------


def test_parse_and_reference_problems_are_reported_together(template_dir: Path):
    edit_csv(template_dir / "domains.csv", 3, "budget_eur", "veel")  # welzijn does not parse
    edit_csv(template_dir / "actions.csv", 4, "lead_domain", "nergens")  # a reference to nothing
    edit_csv(template_dir / "reach.csv", 3, "effect", "x")
    edit_csv(template_dir / "costs.csv", 5, "domain", "elders")
    yaml_replace(template_dir, "locked_in: []", "locked_in: [T42]")
    assert issue_strings(template_dir) == [
        "domains.csv:3:budget_eur: 'veel' is not a number",
        "reach.csv:3:effect: 'x' is not a number",
        "actions.csv:4:lead_domain: unknown domain 'nergens'; add it to domains.csv",
        "costs.csv:5:domain: unknown domain 'elders'; add it to domains.csv",
        "case.yaml:14:rules.locked_in: unknown action 'T42'; use an id of actions.csv",
    ]


def test_references_to_a_row_that_did_not_parse_are_not_called_unknown(template_dir: Path):
    """welzijn's row is broken; the actions and costs of welzijn must not be reported as unknown domains."""
    edit_csv(template_dir / "domains.csv", 3, "budget_eur", "-1")
    assert issue_strings(template_dir) == ["domains.csv:3:budget_eur: -1 is negative; budget_eur must be >= 0"]


def test_checks_a_missing_row_could_change_stay_quiet(template_dir: Path):
    """Without T01's reach row in ouders, the synergy T01/T03 (-15) would look larger than T01's jobs there,
    and without werk's 2026 budget row the werk costs of 2026 would look unbudgeted: neither may be said."""
    edit_csv(template_dir / "reach.csv", 2, "effect", "x")  # T01 in ouders
    edit_csv(template_dir / "budgets.csv", 2, "budget_eur", "x")  # werk 2026
    assert issue_strings(template_dir) == [
        "reach.csv:2:effect: 'x' is not a number",
        "budgets.csv:2:budget_eur: 'x' is not a number",
    ]


# --- YAML alias bombs -------------------------------------------------------------------------------------

LAUGHS = "name: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
) + "rules: {locked_in: *a9}\n"


def test_a_billion_laughs_case_yaml_is_refused_quickly_without_echoing_it(template_dir: Path):
    (template_dir / "case.yaml").write_text(LAUGHS, encoding="utf-8")
    start = time.perf_counter()
    issues = issue_strings(template_dir)
    assert time.perf_counter() - start < 0.5
    assert issues[0] == ("case.yaml: expands to more than 100,000 values through its aliases (*name); "
                         "write the settings out plainly")
    assert "lol" not in "\n".join(issues)


def test_a_billion_laughs_scenario_file_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "scenarios.yaml"
    path.write_text(LAUGHS.replace("name: x\n", "scenarios: []\n"), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(CaseError) as err:
        read_scenarios(path)
    assert time.perf_counter() - start < 0.5
    assert [str(i) for i in err.value.issues] == [
        f"{path}: expands to more than 100,000 values through its aliases (*name); write the settings out plainly"
    ]


def test_a_small_alias_still_works(template_dir: Path):
    text = (template_dir / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("locked_in: []", "locked_in: &lock [T04]").replace("locked_out: []", "locked_out: []\n# same: *lock")
    (template_dir / "case.yaml").write_text(text, encoding="utf-8")
    assert inputs.load_case(template_dir).rules.locked_in == ("T04",)
