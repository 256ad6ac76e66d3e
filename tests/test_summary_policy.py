"""The summary readers trust (issue 22, point 8): rounded jobs with their P5-P95 band, the rate to one decimal,
what an extra job is, which budgets are illustrative, the best plan in words only when proven, the solver
details in a technical annex at the end; in summary.md and in the html summary, in both languages."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

import portfolio
from inputs import load_case
from models import Status
from portfolio.instances.generate import derive
from portfolio.reports import Labels, build_report, write_report
from portfolio.report_studies import report_studies
from portfolio.uncertainty.sampling import draw, with_effects
from portfolio.verify import evaluate
from test_reports import rounded

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "inputs" / "cases" / "template"
LANGS = ("nl", "en")


@pytest.fixture(scope="module")
def template():
    case = load_case(TEMPLATE)
    solution = portfolio.solve(case)
    assert solution.status == Status.OPTIMAL
    return case, solution, report_studies(case, solution, band_samples=200)


def written(tmp_path: Path, case, solution, studies, lang: str) -> tuple[str, str]:
    data = build_report(case, solution).model_copy(update={"studies": studies})
    write_report(data, tmp_path / lang, formats=["md", "html"], lang=lang)
    return ((tmp_path / lang / "summary.md").read_text(encoding="utf-8"),
            (tmp_path / lang / "report.html").read_text(encoding="utf-8"))


def before_annex(text: str, L: Labels, html: bool) -> tuple[str, str]:
    """The summary (in the html: the masthead, the key figures and the summary section) and the technical annex,
    which is the last section."""
    mark = '<section id="annex">' if html else f"## {L.annex}"
    assert text.count(mark) == 1
    head, annex = text.split(mark)
    if html:
        assert "<section" not in annex
        head = head[:head.index("</section>", head.index('<section id="summary">'))]
    else:
        assert "\n## " not in annex
    return head, annex


def test_the_band_is_the_chosen_plans_jobs_over_drawn_effects(template):
    """P5 and P95 of the plan's jobs recomputed by the checker in each of the same draws (seed 0)."""
    case, solution, studies = template
    band = studies.band
    assert (band.samples, band.seed) == (200, 0)
    jobs = [evaluate(with_effects(case, row), solution.selected).outcome.jobs_total for row in draw(case, 200, 0)]
    assert band.p5 == pytest.approx(float(np.percentile(jobs, 5)))
    assert band.p95 == pytest.approx(float(np.percentile(jobs, 95)))
    assert band.p5 < solution.jobs_total < band.p95  # the template's ranges are wide around the centre


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_leads_with_rounded_jobs_their_band_and_the_definition(template, tmp_path, lang):
    case, solution, studies = template
    L = Labels(lang)
    for text, html in zip(written(tmp_path, case, solution, studies, lang), (False, True)):
        head, annex = before_annex(text, L, html)
        lead = L.t("lead.best", n=len(solution.selected), m=len(case.actions), jobs=L.about(solution.jobs_total),
                   when="", cost=L.eur(solution.cost_total_eur))
        assert lead in head
        assert rounded(L.about(solution.jobs_total), lang, solution.jobs_total)
        assert f"P5 {L.about(studies.band.p5)}" in head and f"P95 {L.about(studies.band.p95)}" in head
        assert L.t("lead.band", p5=L.about(studies.band.p5), p95=L.about(studies.band.p95), n=200, seed=0) in head
        assert L.definition in head
        rate = solution.employment_rate
        assert L.pct(rate.after, 1) in head and L.pct(rate.before, 1) in head
        # no false precision before the annex: no jobs to a tenth, no rate to three decimals, no gap
        assert L.jobs(solution.jobs_total) not in head and L.pct(rate.after) not in head
        assert L.gap not in head and L.status_text("optimal") not in head and solution.backend not in head
        # the annex holds the solver's details
        for shown in (L.status_text("optimal"), L.gap, L["annex.bound"], L["annex.time"], solution.backend,
                      L.jobs(solution.jobs_total)):
            assert shown in annex


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_not_proven_optimal_never_reads_as_the_best(template, tmp_path, lang):
    case, solution, studies = template
    unproven = solution.model_copy(update={"status": Status.FEASIBLE, "gap": 0.02, "bound": solution.jobs_total * 1.02})
    L = Labels(lang)
    best = L["verdict.optimal"]
    for text, html in zip(written(tmp_path, case, unproven, studies, lang), (False, True)):
        head, annex = before_annex(text, L, html)
        assert best.lower() not in text.lower(), best
        assert L.t("lead.feasible", n=len(solution.selected), m=len(case.actions),
                   jobs=L.about(solution.jobs_total), when="", cost=L.eur(solution.cost_total_eur)) in head
        assert L.status_text("feasible") in annex
    assert L["verdict.feasible"] in text  # the html's masthead


@pytest.mark.parametrize("lang", LANGS)
def test_budgets_are_called_illustrative_only_where_the_case_says_so(template, tmp_path, lang):
    case, solution, studies = template
    L = Labels(lang)
    assert not any(d.source for d in case.domains)
    md, html = written(tmp_path / "plain", case, solution, studies, lang)
    marker = L["illustrative"].split("{domains}")[1]
    assert marker not in md and marker not in html
    domains = list(case.domains)
    domains[1] = domains[1].model_copy(update={"source": "budget_eur: assumption, an order of magnitude"})
    domains[2] = domains[2].model_copy(update={"source": "Begroting 2026, programma X"})
    marked = derive(case, domains=tuple(domains))
    md, html = written(tmp_path / "marked", marked, solution, studies, lang)
    sentence = L.t("illustrative", domains=domains[1].name)
    assert sentence in md and sentence.replace('"', "&#34;") in html


def test_the_bundled_case_names_its_assumed_budgets():
    """The bundled case's domains.csv calls every budget an assumption (`budget_eur: assumption, ...`)."""
    case = load_case(ROOT / "inputs" / "cases" / "flanders")
    data = build_report(case, portfolio.solve(case))
    want = [d.domain for d in case.domains if "budget_eur: assumption" in (d.source or "")]
    assert want and [d.id for d in data.illustrative_budgets] == want


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_says_what_each_minimum_share_costs(tmp_path, lang):
    """A share that costs jobs: the summary gives the jobs with and without it, as two solves give them."""
    case = load_case(TEMPLATE)
    groups = [g.group for g in case.groups]
    costly = None
    for g in groups:
        for share in (0.3, 0.5, 0.7):
            trial = derive(case, rules={"min_group_share": {g: share}})
            with_share = portfolio.solve(trial)
            if with_share.status != Status.OPTIMAL:
                continue
            without = portfolio.solve(derive(case, rules={"min_group_share": {}}))
            if without.jobs_total - with_share.jobs_total >= 1:
                costly = trial, with_share, without, g, share
                break
        if costly:
            break
    assert costly is not None, "no share of the template costs a job"
    trial, with_share, without, g, share = costly
    studies = report_studies(trial, with_share, band_samples=20)
    [cost] = studies.share_costs
    assert cost.cost == pytest.approx(without.jobs_total - with_share.jobs_total, abs=1e-6)
    L = Labels(lang)
    name = next(x.name for x in trial.groups if x.group == g)
    sentence = L.t("shares.jobs", name=name, share=L.pct(share, 1), cost=L.about(cost.cost),
                   without=L.about(without.jobs_total), with_=L.about(with_share.jobs_total))
    md, html = written(tmp_path, trial, with_share, studies, lang)
    head = md.split(f"## {L.annex}")[0]
    assert sentence in head and L["shares.title"] in head
    assert sentence in html.split('<section id="annex">')[0].replace("&#39;", "'")


def test_rounding_keeps_three_significant_figures_and_whole_persons():
    L, E = Labels("nl"), Labels("en")
    assert [L.about(x) for x in (3049.775, 12345.6, 45.3, 0.4, 999.6)] == ["3.050", "12.300", "45", "0", "1.000"]
    assert E.about(3049.775) == "3,050" and E.about(-41.3) == "-41"
    assert not math.isnan(float(E.about(7.6)))


def test_the_workbooks_summary_sheet_holds_the_band(template, tmp_path):
    import openpyxl

    case, solution, studies = template
    data = build_report(case, solution).model_copy(update={"studies": studies})
    write_report(data, tmp_path / "out", formats=["xlsx"], lang="en")
    L = Labels("en")
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "out" / "report.xlsx").worksheets[0]
            .iter_rows(min_row=2, values_only=True)}
    assert rows[f"{L['band.row']}: P5"] == studies.band.p5 and rows[f"{L['band.row']}: P95"] == studies.band.p95


@pytest.mark.parametrize("lang", LANGS)
def test_a_case_without_a_portfolio_says_why_before_the_annex(tmp_path, lang):
    case = derive(load_case(TEMPLATE), rules={"max_actions": 1})
    solution = portfolio.solve(case)
    assert solution.status == Status.INFEASIBLE
    write_report(build_report(case, solution), tmp_path, lang=lang)
    L = Labels(lang)
    head, annex = before_annex((tmp_path / "summary.md").read_text(encoding="utf-8"), L, html=False)
    said = L["verdict.infeasible"]
    assert f"{said[0].upper()}{said[1:]}. {L.no_portfolio}" in head and L.status_text("infeasible") in annex
