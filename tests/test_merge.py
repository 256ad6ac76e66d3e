"""Proposals of working groups (spec 4.3, issue 20): a case split into proposals and merged is the same case with
the same optimum; clashes name both sources; bad proposals are reported whole and nothing is written; the
proposal workbook of `init --working-group` reads back."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import cli
import inputs
from inputs.folder import case_files
from inputs.proposal_workbook import write_proposal_workbook
from inputs.proposals import Base, merge, read_base, read_proposal
from models import Case, CaseError
from portfolio.solve import solve
from tests.conftest import FLANDERS, append_row, edit_csv, read_csv, write_csv
from tests.test_phasing import as_phased

PROPOSAL_FILES = ("actions.csv", "costs.csv", "reach.csv", "synergies.csv")


def run(*args):
    return CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)


def split(case: Case, out: Path) -> tuple[Path, list[Path]]:
    """Write `case` as a base folder without actions (header rows only) and one proposal folder per lead
    domain; a synergy goes with its first action's group, so some name another group's action."""
    files = case_files(case)
    base = out / "base"
    base.mkdir(parents=True)
    for name, text in files.items():
        (base / name).write_text(text.splitlines(keepends=True)[0] if name in PROPOSAL_FILES else text,
                                 encoding="utf-8")
    lead = {a.action: a.lead_domain for a in case.actions}
    groups = list(dict.fromkeys(lead.values()))
    for group in groups:
        part = case.model_copy(update={
            "actions": tuple(a for a in case.actions if a.lead_domain == group),
            "costs": tuple(c for c in case.costs if lead[c.action] == group),
            "reach": tuple(r for r in case.reach if lead[r.action] == group),
            "synergies": tuple(s for s in case.synergies or () if lead[s.action_a] == group)})
        (out / group).mkdir()
        for name, text in case_files(part).items():
            if name in PROPOSAL_FILES:
                (out / group / name).write_text(text, encoding="utf-8")
    return base, [out / g for g in groups]


def rows(case: Case) -> tuple:
    """The case's rows, order aside, `proposed_by` left out."""
    def dumps(records, exclude=()):
        return sorted(r.model_dump_json(exclude=set(exclude)) for r in records or ())
    return (dumps(case.actions, ["proposed_by"]), dumps(case.costs), dumps(case.reach), dumps(case.synergies),
            dumps(case.domains), dumps(case.groups), dumps(case.barriers), dumps(case.budgets), case.rules)


def merged(base: Path, proposals: list[Path]) -> Case:
    return merge(read_base(base), [read_proposal(p) for p in proposals])


def issues_of(err: pytest.ExceptionInfo) -> list[str]:
    return [str(i) for i in err.value.issues]


@pytest.fixture(scope="module")
def flanders() -> Case:
    return inputs.load_case(FLANDERS)


@pytest.fixture
def parts(tmp_path: Path, flanders: Case) -> tuple[Path, list[Path]]:
    return split(flanders, tmp_path / "split")


# --- round trip -----------------------------------------------------------------------------------------------


def test_a_split_case_merged_is_the_same_case_with_the_same_optimum(parts, flanders):
    base, proposals = parts
    lead = {a.action: a.lead_domain for a in flanders.actions}
    assert any(lead[s.action_a] != lead[s.action_b] for s in flanders.synergies)  # resolved across groups
    case = merged(base, proposals)
    assert rows(case) == rows(flanders)
    assert all(a.proposed_by == lead[a.action] for a in case.actions)
    one, two = solve(flanders, backend="highs"), solve(case, backend="highs")
    assert one.status == two.status == "optimal"
    assert two.objective_value == pytest.approx(one.objective_value, rel=1e-9)


def test_the_command_writes_the_merged_case_as_a_folder_or_a_workbook(parts, tmp_path, flanders):
    base, proposals = parts
    result = run("merge", base, *proposals, "--out", tmp_path / "merged")
    assert result.exit_code == 0, result.output
    assert "probable overlap(s) between working groups' proposals" in result.stdout
    folder = inputs.load_case(tmp_path / "merged")
    assert rows(folder) == rows(flanders) and all(a.proposed_by for a in folder.actions)
    result = run("merge", base, *proposals, "--out", tmp_path / "merged.xlsx")
    assert result.exit_code == 0, result.output
    book = inputs.load_case(tmp_path / "merged.xlsx")
    assert book.actions == folder.actions and rows(book) == rows(folder)
    again = run("merge", base, *proposals, "--out", tmp_path / "merged")
    assert again.exit_code == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert run("merge", base, *proposals, "--out", tmp_path / "merged", "--force").exit_code == 0


def test_rerunning_with_one_changed_proposal_changes_only_that_groups_rows(parts, tmp_path):
    base, proposals = parts
    assert run("merge", base, *proposals, "--out", tmp_path / "one").exit_code == 0
    werk = next(p for p in proposals if p.name == "werk")
    edit_csv(werk / "actions.csv", 2, "name", "Een nieuwe naam")
    assert run("merge", base, *proposals, "--out", tmp_path / "two").exit_code == 0
    before, after = read_csv(tmp_path / "one" / "actions.csv"), read_csv(tmp_path / "two" / "actions.csv")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert "Een nieuwe naam" in changed[0][1] and "werk" in changed[0][1]
    for name in ("costs.csv", "reach.csv", "synergies.csv", "case.yaml", "domains.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_phased_case_keeps_its_phasing_columns(tmp_path, flanders):
    phased = as_phased(flanders)
    first = phased.actions[0].model_copy(update={"earliest_start": 2026, "latest_start": 2027, "ramp": (0.5, 1.0)})
    phased = Case.model_validate({**{k: getattr(phased, k) for k in Case.model_fields},
                                  "actions": (first, *phased.actions[1:])})
    base, proposals = split(phased, tmp_path / "split")
    case = merged(base, proposals)
    assert rows(case) == rows(phased) and case.phased
    assert next(a for a in case.actions if a.action == first.action).ramp == (0.5, 1.0)


def test_phased_and_unphased_costs_are_not_mixed(parts):
    base, proposals = parts
    werk = next(p for p in proposals if p.name == "werk")
    table = read_csv(werk / "costs.csv")
    table[0].append("run_year")
    table[1].append("1")
    for row in table[2:]:
        row.append("")
    write_csv(werk / "costs.csv", table)
    with pytest.raises(CaseError) as err:
        merged(base, proposals)
    assert issues_of(err) == [
        f"{werk / 'costs.csv'}:2:run_year: 1 makes a phased cost, but the case is not phased (its costs have no "
        "run_year); leave run_year empty: phased and unphased costs cannot be mixed"]


# --- clashes ----------------------------------------------------------------------------------------------------


def copy_action(source: Path, target: Path, action: str) -> None:
    """Copy `action`'s rows of actions, costs and reach from one proposal folder to another."""
    for name in ("actions.csv", "costs.csv", "reach.csv"):
        header, *body = read_csv(source / name)
        for row in body:
            if row[header.index("action")] == action:
                append_row(target / name, dict(zip(header, row)))


def test_an_id_in_two_proposals_with_different_rows_names_both(parts):
    base, proposals = parts
    werk, welzijn = (next(p for p in proposals if p.name == n) for n in ("werk", "welzijn"))
    action = read_csv(werk / "actions.csv")[1][read_csv(werk / "actions.csv")[0].index("action")]
    copy_action(werk, welzijn, action)
    line = len(read_csv(welzijn / "actions.csv"))
    costs = read_csv(welzijn / "costs.csv")
    edit_csv(welzijn / "costs.csv", len(costs), "cost_eur", 1)
    rest = [p for p in proposals if p not in (werk, welzijn)]
    with pytest.raises(CaseError) as err:
        merged(base, [werk, welzijn, *rest])
    assert issues_of(err) == [
        f"{welzijn / 'actions.csv'}:{line}:action: {action} is also proposed in {werk / 'actions.csv'}:2, and the "
        "costs differ; give one of them another id, or make their rows identical"]
    with pytest.raises(CaseError) as err:
        merged(base, [welzijn, werk, *rest])
    assert issues_of(err) == [
        f"{werk / 'actions.csv'}:2:action: {action} is also proposed in {welzijn / 'actions.csv'}:{line}, and the "
        "costs differ; give one of them another id, or make their rows identical"]


def test_an_id_in_two_proposals_with_identical_rows_is_kept_once_for_both(parts, flanders):
    base, proposals = parts
    werk, welzijn = (next(p for p in proposals if p.name == n) for n in ("werk", "welzijn"))
    action = read_csv(werk / "actions.csv")[1][read_csv(werk / "actions.csv")[0].index("action")]
    copy_action(werk, welzijn, action)
    case = merged(base, proposals)
    assert rows(case) == rows(flanders)
    both = ";".join(p.name for p in proposals if p.name in ("werk", "welzijn"))  # in the order given
    assert next(a for a in case.actions if a.action == action).proposed_by == both


def test_a_synergy_given_twice_with_other_figures_names_both(parts):
    base, proposals = parts
    with_synergy = next(p for p in proposals if len(read_csv(p / "synergies.csv")) > 1)
    other = next(p for p in proposals if p != with_synergy)
    header, first, *_ = read_csv(with_synergy / "synergies.csv")
    row = dict(zip(header, first))
    swapped = {**row, "action_a": row["action_b"], "action_b": row["action_a"], "extra_jobs": 1}
    if not (other / "synergies.csv").exists():
        write_csv(other / "synergies.csv", [header])
    line = append_row(other / "synergies.csv", swapped)
    with pytest.raises(CaseError) as err:
        merged(base, proposals)
    assert issues_of(err) == [
        f"{other / 'synergies.csv'}:{line}:action_a: {row['action_b']} and {row['action_a']} in {row['group']} are "
        f"also given in {with_synergy / 'synergies.csv'}:2, with other figures; keep one row for the pair"]


def test_every_problem_of_every_proposal_is_listed_and_nothing_is_written(parts, tmp_path):
    base, proposals = parts
    werk, welzijn = (next(p for p in proposals if p.name == n) for n in ("werk", "welzijn"))
    edit_csv(werk / "reach.csv", 3, "effect", 2)
    edit_csv(werk / "actions.csv", 2, "lead_domain", "nergens")
    edit_csv(welzijn / "actions.csv", 2, "requires", "A99")
    theirs = read_csv(werk / "actions.csv")[2][read_csv(werk / "actions.csv")[0].index("action")]
    edit_csv(welzijn / "costs.csv", 2, "action", theirs)
    result = run("merge", base, *proposals, "--out", tmp_path / "merged")
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{werk / 'reach.csv'}:3:effect: 2 is above 1; effect must be <= 1 (a share: write 0.02 for 2 %)",
        f"{welzijn / 'costs.csv'}:2:action: {theirs} is not an action of this proposal; a proposal gives the "
        f"costs of its own actions only (add {theirs} to its actions)",
        f"{welzijn / 'actions.csv'}:2:requires: unknown action 'A99'; add it to actions.csv",
        f"{werk / 'actions.csv'}:2:lead_domain: unknown domain 'nergens'; add it to domains.csv",
    ], lines
    assert "Traceback" not in result.output and len(lines) == len(set(lines))
    assert not (tmp_path / "merged").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".merged")]


def test_requires_across_groups_resolves_after_the_merge(parts):
    base, proposals = parts
    werk, welzijn = (next(p for p in proposals if p.name == n) for n in ("werk", "welzijn"))
    other = read_csv(werk / "actions.csv")[1][read_csv(werk / "actions.csv")[0].index("action")]
    edit_csv(welzijn / "actions.csv", 2, "requires", other)
    case = merged(base, proposals)
    mine = read_csv(welzijn / "actions.csv")[1][read_csv(welzijn / "actions.csv")[0].index("action")]
    assert next(a for a in case.actions if a.action == mine).requires == (other,)


def test_usage_errors_exit_2(parts, tmp_path):
    base, proposals = parts
    assert run("merge", base, "--out", tmp_path / "m").exit_code == 2
    assert run("merge", base, proposals[0], proposals[0], "--out", tmp_path / "m").exit_code == 2
    assert run("merge", base, proposals[0], "--out", proposals[0]).exit_code == 2


# --- the proposal workbook ----------------------------------------------------------------------------------------


def fill(book: Path, folder: Path) -> None:
    """Type a proposal folder's rows into the proposal workbook's sheets, under their headers."""
    wb = openpyxl.load_workbook(book)
    for name in PROPOSAL_FILES:
        if not (folder / name).exists():
            continue
        ws = wb[name.removesuffix(".csv")]
        header = [c.value for c in ws[1]]
        with open(folder / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in row:
                    if column not in header:
                        header.append(column)
                        ws.cell(1, len(header), column)
                ws.append([row.get(c) or None for c in header])
    wb.save(book)


def test_the_proposal_workbook_offers_the_base_and_reads_back(parts, tmp_path, flanders):
    base, proposals = parts
    books = []
    for folder in proposals:
        book = tmp_path / f"{folder.name}.xlsx"
        result = run("init", "--working-group", folder.name, "--case", FLANDERS, book)
        assert result.exit_code == 0, result.output
        fill(book, folder)
        books.append(book)
    wb = openpyxl.load_workbook(books[0])
    assert wb["proposal"]["B2"].value == proposals[0].name
    assert [r[0].value for r in wb["domains"].iter_rows(min_row=2)] == [d.domain for d in flanders.domains]
    assert wb["domains"].protection.sheet and wb["groups"].protection.sheet and wb["barriers"].protection.sheet
    assert [c.value for c in wb["costs"][1]][:4] == ["action", "domain", "cost_eur", "year"]
    assert wb["actions"]["A1"].comment is not None
    lists = {(ws.title, str(dv.sqref).split(":")[0][:1], dv.formula1) for ws in wb.worksheets
             for dv in ws.data_validations.dataValidation}
    assert any(t == "actions" and f.startswith("'domains'!") for t, _c, f in lists)
    assert any(t == "reach" and f.startswith("'groups'!") for t, _c, f in lists)
    assert any(t == "costs" and f.startswith("'actions'!") for t, _c, f in lists)
    assert not any(t == "synergies" and f.startswith("'actions'!") for t, _c, f in lists)
    case = merge(read_base(base), [read_proposal(b) for b in books])
    assert rows(case) == rows(flanders)
    assert {a.proposed_by for a in case.actions} == {p.name for p in proposals}


def test_a_bad_workbook_row_is_located_in_its_sheet(parts, tmp_path):
    base, proposals = parts
    book = tmp_path / "werk.xlsx"
    assert run("init", "--working-group", "werk", "--case", FLANDERS, book).exit_code == 0
    fill(book, next(p for p in proposals if p.name == "werk"))
    wb = openpyxl.load_workbook(book)
    header = [c.value for c in wb["reach"][1]]
    wb["reach"].cell(2, header.index("effect") + 1, 7)
    wb.save(book)
    others = [p for p in proposals if p.name != "werk"]
    with pytest.raises(CaseError) as err:
        merge(read_base(base), [read_proposal(book)] + [read_proposal(p) for p in others])
    assert issues_of(err) == ["werk.xlsx[reach]:2:effect: 7 is above 1; effect must be <= 1 (a share: write 0.07 for 7 %)"]


def test_init_working_group_usage(tmp_path):
    assert run("init", "--working-group", "werk", tmp_path / "werk").exit_code == 2
    assert run("init", "--working-group", "werk", tmp_path / "werk.xlsx").exit_code == 0
    again = run("init", "--working-group", "werk", tmp_path / "werk.xlsx")
    assert again.exit_code == 1 and "--force" in again.stderr


def test_an_action_of_the_base_proposed_again_with_other_rows_names_the_base(parts, flanders):
    _base, proposals = parts
    werk = read_proposal(next(p for p in proposals if p.name == "werk"))
    actions = next(t for t in werk.tables if t.stem == "actions")
    first = werk.tables[actions].records[0]
    werk.tables[actions].records[0] = first.model_copy(update={"name": "Another name"})
    with pytest.raises(CaseError) as err:
        merge(Base.of(flanders), [werk])
    row = 2 + [a.action for a in flanders.actions].index(first.action)
    assert issues_of(err) == [
        f"{proposals[0].parent / 'werk' / 'actions.csv'}:2:action: {first.action} is also proposed in "
        f"base[actions]:{row}, and the action rows differ; give one of them another id, or make their rows "
        "identical"]
    assert merge(Base.of(flanders), [read_proposal(next(p for p in proposals if p.name == "werk"))]).actions == \
        tuple(a.model_copy(update={"proposed_by": "werk" if a.lead_domain == "werk" else None})
              for a in flanders.actions)


def test_the_proposal_workbook_of_a_phased_case_asks_for_phasing(tmp_path, flanders):
    phased = as_phased(flanders)
    book = tmp_path / "werk.xlsx"
    write_proposal_workbook(phased, "werk", book)
    wb = openpyxl.load_workbook(book)
    assert {"earliest_start", "latest_start", "ramp"} <= {c.value for c in wb["actions"][1]}
    costs = [c.value for c in wb["costs"][1]]
    assert "run_year" in costs and "year" not in costs
    with pytest.raises(FileExistsError):
        write_proposal_workbook(phased, "werk", book)
