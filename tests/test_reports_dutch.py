"""No English in a Dutch report (issue 23, point 5): every Dutch output of `report` on the bundled case (md,
html, csv headers other than the documented column names, xlsx sheet names and cells), its working-group pages
and its progress report are scanned for the English strings the code writes: the English side of the label
catalogue and the solver's own sentences; so is the uncertainty section (report --robust N) of a small case."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import openpyxl
import pytest

from inputs import bundled_case_path, load_case
from models.progress import ProgressRow
from portfolio.instances.phased import phased_case
from portfolio.monitor import monitor
from portfolio.reports import build_report, write_report
from portfolio.core.phrases import CATALOGUE as SENTENCES
from portfolio.reports.labels import CATALOGUE
from portfolio.reports.progress_write import write_progress
from portfolio.solve import solve
from portfolio.uncertainty import uncertainty_report
from test_monitor import HEADER, as_planned

# Words the same in Dutch and English, allowed in a Dutch text though they are the English label too.
SAME_IN_BOTH = {"extra jobs", "jobs", "jobs in", "budget", "start", "status", "solver", "uniform", "partner"}

# English sentences the code writes outside the catalogue: auto's choice and the race (solve.py, race.py).
SOLVER_ENGLISH = ["auto chose", "leads everywhere", "proofs need confirming", "raced", "proved it first",
                  "was stopped", "neither found", "neither proved", "pure knapsack shape", "the bound"]


def english_fragments(texts=(*CATALOGUE.values(), *SENTENCES.values()), alike=SAME_IN_BOTH, extra=SOLVER_ENGLISH) -> list[str]:
    """The English of the (nl, en) `texts` (the report's labels and the library's sentences) that differ from their Dutch, cut at their {fields}, and the
    `extra` sentences: each piece of at least one word of three letters, not a word in `alike`."""
    pieces = set(extra)
    for nl, en in texts:
        if nl == en:
            continue
        for piece in re.split(r"\{[^}]*\}", en):
            piece = piece.strip(" .,:;()/-–·'\"")
            if re.search(r"[A-Za-z]{3}", piece) and piece.lower() not in alike:
                pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def english_in(text: str, fragments: list[str]) -> list[str]:
    """The fragments found in `text` as whole words."""
    return [f for f in fragments if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)]


def visible_text(page: str) -> str:
    """What a reader sees of an html page: no style, script or tags, entities decoded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def texts(folder: Path) -> dict[str, str]:
    """Each output's text to scan: md whole, html as seen, csv headers, xlsx sheet names and text cells."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.suffix == ".md":
            found[name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".html":
            found[name] = visible_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as f:  # machine names (README) are no English
                found[name] = " | ".join(h for h in next(csv.reader(f)) if not re.fullmatch(r"[a-z0-9_]+", h))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if isinstance(v, str)]
            found[name] = " | ".join([*book.sheetnames, *cells])
    return found


@pytest.fixture(scope="module")
def bundled():
    """The bundled case, its working groups named after the lead domains, and its plan solved by `auto`."""
    case = load_case(bundled_case_path())
    actions = [a.model_copy(update={"proposed_by": a.lead_domain}) for a in case.actions]
    case = case.model_copy(update={"actions": tuple(actions)})
    solution = solve(case)
    assert solution.details.report.auto is not None and solution.status.has_portfolio
    return case, solution


@pytest.fixture(scope="module")
def dutch_outputs(bundled, tmp_path_factory) -> dict[str, str]:
    """Every Dutch output of `report` and of the progress report on the bundled case: name -> text."""
    case, solution = bundled
    root = tmp_path_factory.mktemp("nl")
    write_report(build_report(case, solution), root / "report", lang="nl")
    table = []
    for row in as_planned(case, solution.plan):
        if row[2] == "started" and not table:
            row = [*row[:4], (row[4] or 0) * 1.5 + 1, *row[5:]]  # an overspend, to show a flag
        table.append(row)
    rows = [ProgressRow(**{k: v for k, v in zip(HEADER, row) if v != ""}) for row in table]
    write_progress(monitor(case, solution.plan, rows, 2027), root / "progress", lang="nl")
    return {f"{part}/{name}": text for part in ("report", "progress")
            for name, text in texts(root / part).items()}


@pytest.fixture(scope="module")
def dutch_uncertainty(tmp_path_factory) -> dict[str, str]:
    """The Dutch report with its uncertainty section (report --robust N) of a small phased case whose own
    names are Dutch: name -> text of the section's markdown and the page."""
    case = phased_case(24, 7)
    rename = {"actions": "action", "domains": "domain", "groups": "group", "barriers": "barrier"}
    case = case.model_copy(update={"name": "kleine case", **{
        rows: tuple(r.model_copy(update={"name": f"Naam {getattr(r, key)}"}) for r in getattr(case, rows))
        for rows, key in rename.items()}})
    solution = solve(case, backend="highs")
    data = build_report(case, solution).model_copy(
        update={"uncertainty": uncertainty_report(case, solution, 3)})
    out = tmp_path_factory.mktemp("nl") / "report"
    write_report(data, out, formats=["md", "html"], lang="nl")
    return {name: text for name, text in texts(out).items() if name in ("uncertainty.md", "report.html")}


def test_the_uncertainty_section_has_no_english_either(dutch_uncertainty):
    assert "Onzekerheid" in dutch_uncertainty["uncertainty.md"]
    fragments = english_fragments()
    hits = {name: english_in(text, fragments) for name, text in dutch_uncertainty.items()}
    assert not any(hits.values()), hits


def test_every_dutch_output_is_scanned(dutch_outputs):
    names = set(dutch_outputs)
    assert {"report/summary.md", "report/report.html", "report/report.xlsx", "report/actions.csv",
            "report/working-groups.md", "progress/progress.html", "progress/progress.xlsx",
            "progress/progress.md"} <= names


def test_no_english_string_of_the_code_in_a_dutch_output(dutch_outputs):
    fragments = english_fragments()
    found = {name: english_in(text, fragments) for name, text in dutch_outputs.items()}
    hits = {name: hits for name, hits in found.items() if hits}
    assert not hits, "\n".join(f"{k}: {v}" for k, v in hits.items())


def test_the_solver_sentence_is_dutch_in_a_dutch_summary(bundled, dutch_outputs):
    _case, solution = bundled
    summary = dutch_outputs["report/summary.md"]
    assert "automatisch gekozen voor 46 acties" in summary
    if solution.details.report.race is not None:
        assert "rekenden tegelijk" in summary
    assert "))" not in summary and "))" not in dutch_outputs["report/action-plan.md"]


def test_the_scan_finds_english_where_there_is_some():
    fragments = english_fragments()
    assert english_in("Tekst. Spend against budget per domain and year", fragments)
    assert english_in("highs (auto chose highs: 46 actions)", fragments)
    assert not english_in("Uitgaven tegenover budget per domein en jaar", fragments)


@pytest.fixture(scope="module")
def dutch_without_portfolio(tmp_path_factory) -> dict[str, tuple[str, dict[str, str]]]:
    """The Dutch report of solves that found no portfolio: two infeasible cases (the rules' obvious conflict,
    and no obvious cause) and a case stopped by a tiny time limit: name -> (the Dutch message, {file: text})."""
    from portfolio.core.phrases import say
    from portfolio.instances.generate import derive, hard_case
    from portfolio.reports.html import page
    from portfolio.reports.labels import Labels

    bundled = load_case(bundled_case_path())
    cases = {
        "conflict": (derive(bundled.model_copy(update={"objective": "min_cost"}), jobs_target=1e6), {}),
        "no_obvious_cause": (derive(bundled, rules={"max_actions": 0}), {}),
        "time_limit": (hard_case(0).model_copy(update={"name": "zware case"}),
                       {"backend": "highs", "time_limit_s": 0.001, "mip_gap": 0}),
    }
    found = {}
    for name, (case, settings) in cases.items():
        solution = solve(case, **settings)
        assert not solution.status.has_portfolio, (name, solution.status)
        out = tmp_path_factory.mktemp("nl") / name
        data = build_report(case, solution)
        write_report(data, out, lang="nl")  # summary.md only, without a portfolio
        # the page, as the web page shows a solve without a portfolio
        (out / "report.html").write_text(page(data, Labels("nl")), encoding="utf-8")
        found[name] = (say(solution.details.words, "nl"), texts(out))
    return found


@pytest.mark.parametrize("name", ["conflict", "no_obvious_cause", "time_limit"])
def test_a_dutch_report_without_portfolio_says_the_solvers_message_in_dutch(dutch_without_portfolio, name):
    message, outputs = dutch_without_portfolio[name]
    assert {"summary.md", "report.html"} <= set(outputs)
    fragments = english_fragments()
    for file in ("summary.md", "report.html"):
        assert message in outputs[file].replace("\\", ""), (file, message)
        assert not english_in(outputs[file], fragments), (file, english_in(outputs[file], fragments))
    if name == "time_limit":
        assert message == "HiGHS: tijdslimiet bereikt"
    if name == "conflict":
        assert message.startswith("jobs_target: het doel van 1.000.000 jobs")
    if name == "no_obvious_cause":
        assert "geen enkele duidelijke oorzaak" in message
