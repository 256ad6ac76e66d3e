"""Reports: every number in every file equals `solve --format json` (and the checker's per-year spend), the
workbook carries the same numbers, nothing from a case becomes a formula or markup, and DIR is never lost."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import TEMPLATE, unphased_flanders
from inputs import load_case, write_case
from models import Case, Solution
from models.casedata import CaseData
from portfolio.instances.generate import derive, random_case
from portfolio.reports import FORMATS, Labels, build_report, write_report
from portfolio.reports.tables import FORMULA_START
from portfolio.verify import evaluate
from test_layers import files, offending

ROOT = Path(__file__).resolve().parent.parent
CENT = 0.005

# --------------------------------------------------------------------------- reading the outputs back


def number(text: str, lang: str) -> float:
    """A number as the report shows it ('€ 1.234.567', '76,865 %', 'EUR 1,234.5') back to a float."""
    text = text.replace("€", "").replace("EUR", "").replace("%", "").replace("*", "").strip()
    text = text.replace(".", "").replace(",", ".") if lang == "nl" else text.replace(",", "")
    return float(text)


def rounded(text: str, lang: str, value: float) -> bool:
    """Whether `text` ('ongeveer 3.050', 'about 3,050') shows `value` to three significant figures and never to
    a fraction of a person, as the summary rounds jobs."""
    shown = number(text.replace("ongeveer", "").replace("about", ""), lang)
    step = max(1.0, 10.0 ** (math.floor(math.log10(abs(value))) - 2)) if value else 1.0
    return abs(shown - value) <= step / 2 + 1e-9 and shown == round(shown / step) * step


def md_tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of a document: rows of cells (header and rule rows included)."""
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif current:
            tables.append(current)
            current = []
    return tables


class _Tables(HTMLParser):
    """The HTML tables of a page, each with the id of the nearest enclosing element that has one."""

    def __init__(self):
        super().__init__()
        self.ids: list[str | None] = []
        self.tables: list[tuple[str | None, list[list[str]]]] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br", "link"):
            self.ids.append(dict(attrs).get("id"))
        if tag == "table":
            owner = next((i for i in reversed(self.ids[:-1]) if i), None)
            self.tables.append((owner, []))
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag not in ("meta", "br", "link") and self.ids:
            self.ids.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1][1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(text: str) -> list[tuple[str | None, list[list[str]]]]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


def kv(rows: list[list[str]]) -> dict[str, str]:
    return {r[0]: r[1] for r in rows if len(r) >= 2}


# --------------------------------------------------------------------------- what the JSON says


def expected(case: Case, sol: Solution) -> dict:
    """The contract JSON of the solve, plus the checker's spend per (domain, year)."""
    js = json.loads(sol.model_dump_json())
    spend = evaluate(case, js["selected"]).outcome.spend
    js["spend_by_domain_year"] = {(b.domain, b.year): spend.in_year(b.domain, b.year) for b in case.budgets or ()}
    return js


def check_outputs(case: Case, js: dict, out: Path, lang: str = "nl") -> None:
    """Every figure of every file in `out` equals the JSON (money to the cent, jobs to the shown decimal)."""
    L = Labels(lang)
    data = CaseData.of(case)
    names = {d.domain: d.name for d in case.domains}
    year_budget = {(b.domain, b.year): b.budget_eur for b in case.budgets or ()}

    # actions.csv: the chosen set, each action's cost and jobs, the total cost
    actions = pd.read_csv(out / "actions.csv", keep_default_na=False)
    assert list(actions["action"]) == data.actions
    assert list(actions.loc[actions["chosen"], "action"]) == js["selected"]
    for row in actions.itertuples():
        assert row.cost_eur == data.cost_total[row.action] and row.jobs == pytest.approx(data.direct_jobs_of(row.action))
    assert abs(math.fsum(actions.loc[actions["chosen"], "cost_eur"]) - js["cost_total_eur"]) < CENT
    assert all(r == "" for r in actions.loc[actions["chosen"], "reason_code"])

    # domain_spend.csv: totals and years
    spend = pd.read_csv(out / "domain_spend.csv", dtype={"year": "Int64"})
    totals = spend[spend["year"].isna()]
    assert list(totals["domain"]) == [d.domain for d in case.domains]
    for row in totals.itertuples():
        assert abs(row.spend_eur - js["spend_by_domain"][row.domain]) < CENT
    yearly = spend[spend["year"].notna()]
    assert {(r.domain, int(r.year)) for r in yearly.itertuples()} == set(js["spend_by_domain_year"])
    for row in yearly.itertuples():
        assert abs(row.spend_eur - js["spend_by_domain_year"][row.domain, int(row.year)]) < CENT
        assert row.budget_eur == year_budget[row.domain, int(row.year)]
        assert abs(row.left_eur - (row.budget_eur - row.spend_eur)) < CENT

    # group_jobs.csv
    groups = pd.read_csv(out / "group_jobs.csv")
    assert dict(zip(groups["group"], groups["jobs"])) == pytest.approx(js["jobs_by_group"], abs=1e-9)
    assert math.fsum(groups["jobs"]) == pytest.approx(js["jobs_total"], abs=1e-9)

    # report.xlsx: the same tables, sheet by sheet, and the summary
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert len(book.sheetnames) == 4
    summary, acts, dspend, gjobs = (list(ws.iter_rows(min_row=2, values_only=True)) for ws in book.worksheets)
    assert [r[0] for r in acts if r[2]] == js["selected"]
    assert abs(math.fsum(r[6] for r in acts if r[2]) - js["cost_total_eur"]) < CENT
    for d, _name, year, spent, budget, _left in dspend:
        want = js["spend_by_domain"][d] if year is None else js["spend_by_domain_year"][d, year]
        assert abs(spent - want) < CENT, (d, year)
    assert {r[0]: r[2] for r in gjobs} == pytest.approx(js["jobs_by_group"], abs=1e-9)
    values = {r[0]: r[1] for r in summary}
    assert values[L.extra_jobs] == pytest.approx(js["jobs_total"], abs=1e-9)
    assert abs(values[L.total_cost] - js["cost_total_eur"]) < CENT
    if js["employment_rate"]:
        assert values[L.rate_after] == pytest.approx(js["employment_rate"]["after"], abs=1e-12)

    # summary.md, and the same key figures in report.html
    rate = js["employment_rate"]
    summary_md = md_tables((out / "summary.md").read_text(encoding="utf-8"))
    page_tables = html_tables((out / "report.html").read_text(encoding="utf-8"))
    for figures in (kv(summary_md[0]), kv(next(t for owner, t in page_tables if owner == "summary"))):
        assert rounded(figures[L.extra_jobs], lang, js["jobs_total"]), figures[L.extra_jobs]
        assert abs(number(figures[L.total_cost], lang) - js["cost_total_eur"]) < 0.5 + CENT
        assert figures[L.chosen_actions] == L.t("n_of_m", n=len(js["selected"]), m=len(case.actions))
        if rate:  # to one decimal
            assert abs(number(figures[L.rate_after], lang) - 100 * rate["after"]) <= 0.05
            assert abs(number(figures[L.rate_before], lang) - 100 * rate["before"]) <= 0.05
    # the unrounded figures in the technical annex at the end of both
    for annex in (kv(summary_md[-1]), kv(next(t for owner, t in page_tables if owner == "annex"))):
        assert abs(number(annex[L["annex.jobs_exact"]], lang) - js["jobs_total"]) <= 0.05
        assert annex[L.status] == L.status_text(js["status"])
    if rate:
        missing = case.baseline.jobs_to_target - js["jobs_total"]
        for figures in (kv(summary_md[0]), kv(next(t for owner, t in page_tables if owner == "summary"))):
            assert number(figures[L.jobs_missing], lang) == max(0, math.ceil(missing - 1e-9))

    # each domain: domains/<d>.md and its section of report.html
    page = html_tables((out / "report.html").read_text(encoding="utf-8"))
    for d in case.domains:
        md_spend = md_tables((out / "domains" / f"{d.domain}.md").read_text(encoding="utf-8"))[0][2:]
        html_spend = next(t for owner, t in page if owner == f"domain-{d.domain}")[1:]
        for rows in (md_spend, html_spend):
            shown = {r[0]: [number(x, lang) for x in r[1:4]] for r in rows}
            total = shown[L.whole_period]
            assert abs(total[0] - js["spend_by_domain"][d.domain]) < 0.5 + CENT, names[d.domain]
            for (dd, y), want in js["spend_by_domain_year"].items():
                if dd == d.domain:
                    assert abs(shown[str(y)][0] - want) < 0.5 + CENT and shown[str(y)][1] == year_budget[dd, y]

    # every group's jobs in the HTML group table
    rows = next(t for owner, t in page if owner == "groups")[1:-1]
    assert [number(r[1], lang) for r in rows] == pytest.approx(list(js["jobs_by_group"].values()), abs=0.05)


# --------------------------------------------------------------------------- agreement with solve --format json


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled case before phasing solved by `solve --format json` and reported by `report`, both on the
    command line (the phased bundled case: test_reports_phased.py)."""
    root = tmp_path_factory.mktemp("bundled")
    folder, out = unphased_flanders(root / "case"), root / "out"
    runner = CliRunner()
    solved = runner.invoke(main, ["solve", str(folder), "--format", "json"])
    assert solved.exit_code == 0, solved.output
    reported = runner.invoke(main, ["report", str(folder), "--out", str(out)])
    assert reported.exit_code == 0, reported.output
    case = load_case(folder)
    js = json.loads(solved.stdout)
    spend = evaluate(case, js["selected"]).outcome.spend
    js["spend_by_domain_year"] = {(b.domain, b.year): spend.in_year(b.domain, b.year) for b in case.budgets}
    return case, js, out, reported


def test_the_bundled_report_writes_every_file_in_dutch(bundled):
    case, _js, out, result = bundled
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(["summary.md", "action-plan.md", "actions.csv", "domain_spend.csv", "group_jobs.csv",
                              "report.xlsx", "report.html", *(f"domains/{d.domain}.md" for d in case.domains)])
    assert "Samenvatting" in (out / "summary.md").read_text(encoding="utf-8")
    assert "Trekker" in (out / "action-plan.md").read_text(encoding="utf-8")
    assert '<html lang="nl">' in (out / "report.html").read_text(encoding="utf-8")
    # the terminal: the summary and a table per domain on stdout, the files on stderr
    assert "Samenvatting: Vlaanderen 2026-2029" in result.stdout and "Extra jobs" in result.stdout
    for d in case.domains:
        assert d.name.split()[0] in result.stdout
    assert all(f"wrote {out / name}" in result.stderr for name in written)


def test_the_bundled_report_agrees_with_solve_json(bundled):
    case, js, out, _result = bundled
    check_outputs(case, js, out)


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_generated_cases_with_yearly_budgets_and_cofinancing_agree(tmp_path, seed):
    case = random_case(seed, n_actions=14, n_domains=3, per_year=True, equity=True)
    sol = portfolio.solve(case, backend="highs")
    assert sol.status.has_portfolio
    paths = write_report(build_report(case, sol), tmp_path / "out")
    assert {p.name for p in paths} >= {"summary.md", "actions.csv", "report.xlsx", "report.html"}
    check_outputs(case, expected(case, sol), tmp_path / "out")


def test_generated_cases_include_chosen_cofinanced_actions():
    """The agreement test above exercises co-financing: some chosen action has a partner domain."""
    partners = 0
    for seed in (3, 11, 29):
        case = random_case(seed, n_actions=14, n_domains=3, per_year=True, equity=True)
        r = build_report(case, portfolio.solve(case, backend="highs"))
        partners += sum(bool(a.partners) for a in r.chosen)
    assert partners > 0


def test_an_english_report_agrees_too(tmp_path):
    case = random_case(5, n_actions=12, per_year=True)
    sol = portfolio.solve(case, backend="highs")
    write_report(build_report(case, sol), tmp_path / "out", lang="en")
    check_outputs(case, expected(case, sol), tmp_path / "out", lang="en")
    assert "Summary" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")


def test_money_is_shown_to_the_cent_when_the_case_has_cents(tmp_path):
    case = load_case(TEMPLATE)
    cents = derive(case, costs=tuple(c.model_copy(update={"cost_eur": c.cost_eur + 0.37}) for c in case.costs))
    sol = portfolio.solve(cents, backend="highs")
    r = build_report(cents, sol)
    assert r.money_decimals == 2
    write_report(r, tmp_path / "out", formats=["md"])
    text = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert Labels("nl", 2).eur(sol.cost_total_eur) in text and re.search(r"€ [\d.]+,\d\d ", text)


def test_the_report_data_of_a_read_back_solution_equals_the_solves(tmp_path):
    case = random_case(8, n_actions=12, per_year=True)
    sol = portfolio.solve(case, backend="highs")
    path = tmp_path / "sol.json"
    path.write_text(sol.model_dump_json(), encoding="utf-8")
    from portfolio.solution_file import load_solution

    back = build_report(case, load_solution(path, case))
    fresh = build_report(case, sol)
    assert back.actions == fresh.actions and back.domains == fresh.domains and back.groups == fresh.groups
    assert back.binding == fresh.binding


def test_the_chosen_actions_match_the_solutions_details(bundled):
    case, _js, _out, _result = bundled
    sol = portfolio.solve(case)
    r = build_report(case, sol)
    assert [(a.action.id, a.cost_eur, a.jobs, a.jobs_per_meur) for a in r.chosen] == [
        (a.action, a.cost_eur, a.jobs, a.jobs_per_meur) for a in sol.details.actions]


def test_same_data_same_html(bundled):
    case, _js, _out, _result = bundled
    from portfolio.reports.html import page

    r = build_report(case, portfolio.solve(case))
    assert page(r, Labels("nl")) == page(r, Labels("nl"))


# --------------------------------------------------------------------------- the workbook


def test_the_workbook_has_formatted_frozen_headers_and_number_formats(bundled):
    _case, _js, out, _result = bundled
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == ["Samenvatting", "Acties", "Uitgaven per domein", "Jobs per doelgroep"]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1])
    acts = book["Acties"]
    header = [c.value for c in acts[1]]
    assert header[:3] == ["Actie", "Naam", "Gekozen"]
    assert acts.cell(row=2, column=header.index("Kost (EUR)") + 1).number_format == "#,##0"
    assert acts.cell(row=2, column=header.index("Jobs") + 1).number_format == "#,##0.0"
    summary = {r[0]: (r[1], r[2]) for r in book["Samenvatting"].iter_rows(min_row=2, values_only=True)}
    assert summary["Werkzaamheidsgraad na het plan"][1] == "%"


# --------------------------------------------------------------------------- injection

NASTY = {
    "case": "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "domain": "+cmd|' /C calc'!A0",
    "group": "-2+3",
    "barrier": "@SUM(1+1)",
    "action": "<script>alert('x')</script> & <b>vet</b>",
    "action2": "\t=1+1",
}


@pytest.fixture(scope="module")
def nasty_report(tmp_path_factory):
    case = load_case(TEMPLATE)
    bad = derive(
        case,
        name=NASTY["case"],
        domains=tuple(d.model_copy(update={"name": NASTY["domain"]}) if i == 0 else d for i, d in enumerate(case.domains)),
        groups=tuple(g.model_copy(update={"name": NASTY["group"]}) if i == 0 else g for i, g in enumerate(case.groups)),
        barriers=tuple(b.model_copy(update={"name": NASTY["barrier"]}) for b in case.barriers),
        actions=tuple(a.model_copy(update={"name": NASTY["action"] if i % 2 else NASTY["action2"]})
                      for i, a in enumerate(case.actions)),
    )
    out = tmp_path_factory.mktemp("nasty") / "out"
    write_report(build_report(bad, portfolio.solve(bad, backend="highs")), out)
    return out


def test_no_case_text_becomes_a_formula_in_csv(nasty_report):
    seen = set()
    for path in nasty_report.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA_START), (path.name, cell)
                seen.add(cell)
        # every text cell is quoted, so a reader cannot mistake a guarded cell for anything else
        assert text.count('"\'') >= 1
    assert "'" + NASTY["domain"] in seen and "'" + NASTY["group"] in seen and "'" + NASTY["action2"] in seen
    assert "'" + NASTY["barrier"] not in seen  # barriers appear by id in the CSV, never by name


def test_no_case_text_becomes_a_formula_in_xlsx(nasty_report):
    book = openpyxl.load_workbook(nasty_report / "report.xlsx")
    texts = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (ws.title, cell.coordinate, cell.value)
                    texts.add(cell.value)
    assert "'" + NASTY["case"] in texts and "'" + NASTY["group"] in texts


def test_html_escapes_every_case_text(nasty_report):
    page = (nasty_report / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;" in page and "&amp; &lt;b&gt;vet&lt;/b&gt;" in page
    assert NASTY["case"].replace('"', "&#34;") in page  # shown, as text


def test_markdown_shows_case_texts_literally(nasty_report):
    plan = (nasty_report / "action-plan.md").read_text(encoding="utf-8")
    assert "<script>" not in plan and r"\<script\>" in plan
    for table in md_tables(plan):
        assert len({len(row) for row in table}) == 1  # no name broke a table's columns


# --------------------------------------------------------------------------- the command line and DIR


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_report_refuses_a_non_empty_dir_and_force_keeps_other_files(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(out)])
    assert refused.exit_code == 1 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(out), "--force", "--format", "csv"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in out.iterdir()) == ["actions.csv", "domain_spend.csv", "group_jobs.csv", "notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a staging folder was left behind"


@pytest.mark.parametrize("where", ["case", "inside"])
def test_report_refuses_dir_in_the_case_folder(runner, tmp_path, where):
    case = tmp_path / "case"
    shutil.copytree(TEMPLATE, case)
    out = case if where == "case" else case / "report"
    result = runner.invoke(main, ["report", str(case), "--out", str(out)])
    assert result.exit_code == 2 and "inside the case" in result.stderr
    assert not (case / "report").exists() and not (case / "summary.md").exists()


def test_report_refuses_a_file_as_dir(runner, tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(target)])
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_format_limits_what_is_written_and_a_wrong_one_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "a"), "--format", "html,md"])
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*.*")) == sorted(
        ["report.html", "summary.md", "action-plan.md", "domains/werk.md", "domains/welzijn.md", "domains/mobiliteit.md"])
    wrong = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "b"), "--format", "pdf"])
    assert wrong.exit_code == 2 and "pdf is not a format" in wrong.stderr and not (tmp_path / "b").exists()


def test_a_solution_of_another_case_is_refused_with_a_clear_error(runner, tmp_path):
    sol = tmp_path / "template.json"
    assert runner.invoke(main, ["solve", str(TEMPLATE), "--out", str(sol)]).exit_code == 0
    result = runner.invoke(main, ["report", "--solution", str(sol), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "belongs to another case" in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_solution_of_this_case_gives_the_same_tables_as_solving(runner, tmp_path):
    sol = tmp_path / "sol.json"
    assert runner.invoke(main, ["solve", str(TEMPLATE), "--out", str(sol)]).exit_code == 0
    read = runner.invoke(main, ["report", str(TEMPLATE), "--solution", str(sol), "--out", str(tmp_path / "read")])
    solved = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "solved")])
    assert read.exit_code == 0 and solved.exit_code == 0, read.output + solved.output
    for name in ("actions.csv", "domain_spend.csv", "group_jobs.csv", "action-plan.md"):
        assert (tmp_path / "read" / name).read_bytes() == (tmp_path / "solved" / name).read_bytes(), name


def test_an_infeasible_case_writes_the_summary_saying_so_and_exits_3(runner, tmp_path):
    case = tmp_path / "case"
    write_case(derive(load_case(TEMPLATE), rules={"min_actions_per_priority_barrier": 50}), case)
    result = runner.invoke(main, ["report", str(case), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["summary.md"]
    text = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "onhaalbaar" in text and "geen portefeuille" in text and r"cover\[mobiliteit\]" in text


def test_write_report_refuses_an_unknown_format_or_language(tmp_path):
    r = build_report(load_case(TEMPLATE), portfolio.solve(load_case(TEMPLATE), backend="highs"))
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        write_report(r, tmp_path / "a", formats=["pdf"])
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        write_report(r, tmp_path / "b", lang="fr")
    assert not any(tmp_path.iterdir())
    assert set(FORMATS) == {"md", "csv", "xlsx", "html"}


# --------------------------------------------------------------------------- layers and packaging


def test_reports_never_import_a_backend_the_formulation_or_the_solver():
    bad = ("portfolio.backends", "portfolio.formulation", "portfolio.solve", "cli")
    assert offending(files("portfolio/reports"), lambda m: m.startswith(bad)) == {}


def test_the_templates_ship_with_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"portfolio.reports" = ["templates/*"]' in pyproject
    names = {p.name for p in (ROOT / "portfolio" / "reports" / "templates").iterdir()}
    assert {"summary.md.j2", "action-plan.md.j2", "domain.md.j2", "report.html.j2", "report.css"} <= names
