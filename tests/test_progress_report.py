"""The progress report (voortgangsrapport) of `portfolio monitor --out DIR`: each format written, in Dutch and
English, every figure the Monitoring's, the flagged actions first with their flags, the page in Chromium, the
workbook's sheets; the folder refused or kept as `report` does, and Ctrl-C keeping the finished files."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import cli
from conftest import write_csv
from inputs import write_case
from models.case import Baseline
from portfolio import solve
from portfolio.instances.phased import phased_case
from portfolio.monitor import monitor
from portfolio.reports import progress_write
from portfolio.reports.labels import Labels
from portfolio.reports.progress import build_progress, rule_text
from portfolio.reports.progress_write import write_progress
from test_monitor import AS_OF, HEADER, as_planned, rows_of

EXPECTED = {"monitor.json", "progress.md", "progress_summary.csv", "progress_actions.csv",
            "progress_domains.csv", "progress_spend.csv", "progress.xlsx", "progress.html"}


@pytest.fixture(scope="module")
def running():
    """A phased case with a baseline, its plan, and progress in which one action overspends and one is delayed
    (as tests/test_monitor.py builds it): (case, plan, progress table, early, late, Monitoring)."""
    case = phased_case(24, 7)
    baseline = Baseline(population=100_000, employed=70_000, target_rate=0.72)
    case = case.model_copy(update={"baseline": baseline})
    plan = solve(case, backend="highs")
    starts = plan.start_year
    early = next(a for a, y in starts.items() if y == 2026)
    late = next(a for a, y in starts.items() if y == 2027)
    table = []
    for row in as_planned(case, plan.plan):
        if row[0] == late and row[2] == "started":  # due, but not started: nothing spent
            row = [late, row[1], "delayed", "", "", "", "", ""]
        elif row[0] == early and row[4] != "":
            row = [*row[:4], row[4] * 1.5, *row[5:]]
        if row not in table:
            table.append(row)
    m = monitor(case, plan.plan, rows_of(table), AS_OF)
    assert {"overspend"} <= set(next(a.flags for a in m.actions if a.action == early))
    assert {"delay"} <= set(next(a.flags for a in m.actions if a.action == late))
    return case, plan, table, early, late, m


@pytest.fixture(scope="module")
def written(running, tmp_path_factory):
    """The report in both languages: lang -> folder."""
    m = running[-1]
    out = {}
    for lang in ("nl", "en"):
        out[lang] = tmp_path_factory.mktemp(lang) / "out"
        write_progress(m, out[lang], lang=lang)
    return out


def names(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, quoting=csv.QUOTE_NONNUMERIC))


def test_each_format_is_written_with_a_page_per_domain(running, written):
    m = running[-1]
    pages = {f"progress_domains/{d.domain}.md" for d in m.domains}
    for folder in written.values():
        assert names(folder) == EXPECTED | pages
        assert json.loads((folder / "monitor.json").read_text()) == json.loads(m.model_dump_json())


def test_the_labels_are_dutch_or_english(running, written):
    m = running[-1]
    nl, en = ((written[lang] / "progress.md").read_text(encoding="utf-8") for lang in ("nl", "en"))
    assert nl.startswith(f"# Voortgangsrapport: {m.case}") and en.startswith(f"# Progress report: {m.case}")
    assert f"**Stand van het plan: {Labels('nl')['track.' + m.track]}**" in nl
    assert f"**Standing of the plan: {Labels('en')['track.' + m.track]}**" in en
    assert "Geplande tegenover gerealiseerde uitgaven per jaar" in nl and "Planned against realised" in en
    assert "Progress report" not in nl and "Voortgangsrapport" not in en
    html = (written["nl"] / "progress.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "Per beleidsdomein" in html


def test_the_rule_is_stated_in_each_language_with_the_monitorings_thresholds(running, written):
    m = running[-1]
    assert rule_text(m, Labels("en")) == m.rule  # the rule the monitoring applied, word for word
    nl = rule_text(m, Labels("nl"))
    for share in (m.off_track_share, m.on_track_share, m.spend_tolerance):
        assert Labels("nl").pct(share, 0) in nl
    assert f"Regel: {nl}." in (written["nl"] / "progress.md").read_text(encoding="utf-8")
    changed = m.model_copy(update={"off_track_share": 0.7})
    assert "70 %" in rule_text(changed, Labels("nl")) and "85 %" not in rule_text(changed, Labels("nl"))


def test_the_tables_hold_the_monitorings_figures_exactly(running, written):
    m = running[-1]
    folder = written["en"]
    actions = read_rows(folder / "progress_actions.csv")
    assert sorted(r["action"] for r in actions) == sorted(a.action for a in m.actions)
    for row in actions:
        a = next(a for a in m.actions if a.action == row["action"])
        for column in ("planned_spend_eur", "spend_eur", "planned_jobs", "forecast_jobs", "delay_years",
                       "planned_start"):
            assert row[column] == getattr(a, column), (a.action, column)
        assert row["forecast_start"] == (a.forecast_start if a.forecast_start is not None else "")
    spend = read_rows(folder / "progress_spend.csv")
    assert len(spend) == len(m.spend_by_year)
    for row in spend:
        y = next(y for y in m.spend_by_year if y.domain == row["domain"] and y.year == row["year"])
        assert row["planned_eur"] == y.planned_eur and row["budget_eur"] == y.budget_eur
        assert row["spend_eur"] == (y.spend_eur if y.year <= m.as_of else "")
    for row in read_rows(folder / "progress_domains.csv"):
        d = next(d for d in m.domains if d.domain == row["domain"])
        for column in ("planned_spend_eur", "spend_eur", "committed_eur", "budget_eur", "planned_jobs",
                       "forecast_jobs"):
            assert row[column] == getattr(d, column), (d.domain, column)
    summary = {r["item"]: r["value"] for r in read_rows(folder / "progress_summary.csv")}
    L = Labels("en")
    assert summary[L["progress.forecast_jobs"]] == m.forecast_jobs
    assert summary[L["progress.planned_jobs"]] == m.planned_jobs
    assert (summary[L["progress.p5"]], summary[L["progress.p95"]]) == (m.forecast_p5, m.forecast_p95)
    assert summary[L["progress.rate.forecast"]] == m.employment_rate["forecast"]


def test_the_pages_show_the_headline_figures_as_the_language_writes_them(running, written):
    m = running[-1]
    for lang in ("nl", "en"):
        L = Labels(lang)
        md = (written[lang] / "progress.md").read_text(encoding="utf-8")
        for label, value in (("progress.forecast_jobs", m.forecast_jobs),
                             ("progress.planned_jobs", m.planned_jobs), ("progress.p5", m.forecast_p5),
                             ("progress.p95", m.forecast_p95)):
            assert f"| {L[label]} | {L.jobs(value)} |" in md
        assert f"| {L['progress.rate.forecast']} | {L.pct(m.employment_rate['forecast'])} |" in md
        html = (written[lang] / "progress.html").read_text(encoding="utf-8")
        assert f'<div class="value" id="forecast-jobs">{L.jobs(m.forecast_jobs)}</div>' in html
        band = L.t("progress.band", low=L.jobs(m.forecast_p5), high=L.jobs(m.forecast_p95), samples=m.samples)
        assert band in html
        for d in m.domains:
            page = (written[lang] / f"progress_domains/{d.domain}.md").read_text(encoding="utf-8")
            assert f"| {L['progress.col.committed_eur']} | {L.eur(d.committed_eur)} |" in page
            assert L[f"track.{d.track}"] in page and L[f"progress.why.{d.reason}"] in page


def test_the_flagged_actions_come_first_with_their_flags(running, written):
    *_, early, late, m = running
    report = build_progress(m)
    flagged = [a.action for a in report.flagged]
    assert {early, late} <= set(flagged)
    actions = [r["action"] for r in read_rows(written["en"] / "progress_actions.csv")]
    assert actions[:len(flagged)] == flagged and set(actions[len(flagged):]).isdisjoint(flagged)
    for lang, over, delay in (("en", "overspend", "delay"), ("nl", "overschrijding", "vertraging")):
        md = (written[lang] / "progress.md").read_text(encoding="utf-8")
        head = Labels(lang)["progress.flagged_title"]
        section = md.split(f"## {head}")[1].split("\n## ")[0]
        assert re.search(rf"^\| {early} \|.*\*\*{over}\*\*", section, flags=re.M), section
        assert re.search(rf"^\| {late} \|.*\*\*{delay}\*\*", section, flags=re.M), section
        html = (written[lang] / "progress.html").read_text(encoding="utf-8")
        flagged_html = html.split('<section id="flagged">')[1].split("</section>")[0]
        row = re.search(rf'<tr data-action="{early}" class="flagged">.*?</tr>', flagged_html).group(0)
        assert f'<span class="flag overspend">{over}</span>' in row
    lead = next(a.lead_domain for a in m.actions if a.action == late)
    page = (written["en"] / f"progress_domains/{lead}.md").read_text(encoding="utf-8")
    ids = {a.action for a in m.actions}
    mine = [cell for cell in (line.split(" | ")[0][2:] for line in page.splitlines()) if cell in ids]
    assert set(mine) == {a.action for a in m.actions if a.lead_domain == lead} and late in mine
    first = [a for a in mine if a in flagged]
    assert mine[:len(first)] == first  # the domain's flagged actions first


def test_a_plan_as_planned_flags_nothing_and_is_on_track(running, tmp_path):
    case, plan, *_ = running
    m = monitor(case, plan.plan, rows_of(as_planned(case, plan.plan)), AS_OF)
    write_progress(m, tmp_path / "out", formats=["md"], lang="en")
    md = (tmp_path / "out" / "progress.md").read_text(encoding="utf-8")
    assert "**Standing of the plan: on track**" in md and "No action is flagged." in md


def test_the_page_is_self_contained(written):
    html = (written["en"] / "progress.html").read_text(encoding="utf-8")
    assert not re.search(r'\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', html)
    assert "<script" not in html and "<link" not in html and "default-src 'none'" in html
    assert ".masthead" in html and ".flag" in html  # the report's CSS and the progress report's own


def test_the_workbook_opens_with_its_sheets_and_the_figures(running, written):
    m = running[-1]
    for lang, sheets in (("nl", ["Samenvatting", "Acties", "Domeinen", "Uitgaven per jaar"]),
                         ("en", ["Summary", "Actions", "Domains", "Spend per year"])):
        book = openpyxl.load_workbook(written[lang] / "progress.xlsx")
        assert book.sheetnames == sheets
        rows = list(book[sheets[1]].iter_rows(values_only=True))
        header = rows[0]
        assert header[0] == Labels(lang)["progress.col.action"]
        col = {name: header.index(Labels(lang)[f"progress.col.{name}"])
               for name in ("spend_eur", "forecast_jobs")}
        for row in rows[1:]:
            a = next(a for a in m.actions if a.action == row[0])
            # a workbook keeps 15 significant digits, as a spreadsheet does
            assert row[col["spend_eur"]] == pytest.approx(a.spend_eur, rel=1e-14, abs=1e-9)
            assert row[col["forecast_jobs"]] == pytest.approx(a.forecast_jobs, rel=1e-14)
        assert len(list(book[sheets[3]].iter_rows())) == len(m.spend_by_year) + 1


# --- the command ----------------------------------------------------------------------------------------


@pytest.fixture
def files(running, tmp_path):
    case, plan, table, *_ = running
    folder = tmp_path / "case"
    write_case(case, folder)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json())
    progress = tmp_path / "progress.csv"
    write_csv(progress, [HEADER, *table])
    return folder, plan_file, progress


def run(*args):
    return CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)


def command(files, *extra):
    folder, plan_file, progress = files
    return run("monitor", folder, "--plan", plan_file, "--progress", progress, "--as-of", AS_OF,
               "--samples", 20, *extra)


def test_the_command_writes_the_formats_asked_for_in_the_language_asked_for(files, tmp_path):
    out = tmp_path / "out"
    done = command(files, "--out", out, "--lang", "en", "--format", "json,md,html")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["as_of"] == AS_OF
    assert {n for n in names(out) if "/" not in n} == {"monitor.json", "progress.md", "progress.html"}
    assert "Progress report" in (out / "progress.md").read_text(encoding="utf-8")
    assert f"wrote {out / 'progress.html'}" in done.stderr
    table = command(files, "--out", tmp_path / "all")
    assert table.exit_code == 0 and "Rule:" in table.stdout
    assert names(tmp_path / "all") >= EXPECTED
    assert "Voortgangsrapport" in (tmp_path / "all" / "progress.md").read_text(encoding="utf-8")


def test_a_non_empty_folder_is_kept_unless_forced(files, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused = command(files, "--out", out)
    assert refused.exit_code == 1 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert names(out) == {"notes.txt"}
    forced = command(files, "--out", out, "--force", "--format", "md")
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text() == "mine" and (out / "progress.md").is_file()


@pytest.mark.parametrize("extra, code, words", [
    (["--format", "md"], 2, "give --out DIR"),
    (["--format", "pdf", "--out", "{tmp}/out"], 2, "pdf is not a format"),
    (["--format", "table,json", "--out", "{tmp}/out"], 2, "not both"),
    (["--out", "{case}/report"], 2, "inside the case"),
])
def test_bad_report_options_are_one_line_before_any_work(files, tmp_path, extra, code, words):
    extra = [e.format(tmp=tmp_path, case=files[0]) for e in extra]
    done = command(files, *extra)
    assert done.exit_code == code and words in done.stderr, done.output
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_ctrl_c_while_writing_keeps_the_finished_files_and_no_half_one(files, tmp_path, monkeypatch):
    def cut_short(p, L, folder, names):
        (folder / "progress.xlsx").write_bytes(b"PK\x03\x04 half")  # a workbook cut off mid-write
        raise KeyboardInterrupt

    monkeypatch.setitem(progress_write.WRITERS, "xlsx", cut_short)
    out = tmp_path / "out"
    done = command(files, "--out", out, "--format", "md,csv,xlsx,html")
    assert done.exit_code == 130 and "Traceback" not in done.stderr
    assert "interrupted by Ctrl-C" in done.stderr
    kept = names(out)
    assert {"monitor.json", "progress.md", "progress_actions.csv"} <= kept
    assert "progress.xlsx" not in kept and "progress.html" not in kept
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left
    for name in kept:
        assert f"wrote {out / name}" in done.stderr


# --- the page in Chromium -------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_page_opens_in_chromium_with_both_charts_drawn(running, written, tmp_path_factory, tmp_path):
    """The DOM Chromium built from progress.html, offline: the headline, a realised bar per domain and year
    monitored in the spend chart, the forecast (jobs and rate) drawn; a screenshot that is not blank."""
    import numpy as np
    from matplotlib.image import imread

    from test_reports_browser import NAVY, _opener

    m = running[-1]
    run = _opener(written["en"] / "progress.html", tmp_path_factory)
    dom = run("--dump-dom")
    assert f"<h1>{m.case}</h1>" in dom and f'id="track">{Labels("en")["track." + m.track]}</span>' in dom
    charts = dict(re.findall(r'<figure class="chart" id="chart-(\w+)">(.*?)</figure>', dom, flags=re.S))
    assert set(charts) == {"spend", "forecast"}
    bars = set(re.findall(r'<g id="spend-(\w+)-(\d{4})"', charts["spend"]))
    assert bars == {(d.domain, str(y)) for d in m.domains for y in range(2026, m.as_of + 1)}
    assert re.search(r'<g id="forecast-jobs"', charts["forecast"]) and re.search(r'<g id="forecast-rate"',
                                                                                    charts["forecast"])
    for body in charts.values():
        assert len(re.findall(r'<path[^>]*fill: #0072b2', body)) >= 2
        assert len(re.findall(r"<text\b", body)) >= 5
    shot = tmp_path / "progress.png"
    run(f"--screenshot={shot}", "--window-size=1280,2000")
    pixels = imread(shot)[..., :3]
    grey = pixels.mean(axis=2)
    assert grey.std() > 0.05 and (grey < 0.9).mean() > 0.02, "the screenshot is blank"
    assert np.abs(pixels[40, 10:1270] - NAVY).max(axis=1).min() < 0.03, "the report's CSS did not apply"


def test_monitor_writes_belgian_csv_with_csv_dialect_be(files, tmp_path):
    """`monitor --csv-dialect be`, as `report`'s: ';', decimal commas and a BOM, the same figures as the
    standard files when read back so."""
    import pandas as pd

    for dialect in ("standard", "be"):
        done = command(files, "--out", tmp_path / dialect, "--format", "csv", "--csv-dialect", dialect)
        assert done.exit_code == 0, done.output
    tables = sorted(p.name for p in (tmp_path / "standard").glob("progress_*.csv"))
    assert len(tables) == 4
    decimals = 0
    for name in tables:
        raw = (tmp_path / "be" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.split(b"\n", 1)[0], name
        ours = pd.read_csv(tmp_path / "be" / name, sep=";", decimal=",", encoding="utf-8-sig")
        theirs = pd.read_csv(tmp_path / "standard" / name, encoding="utf-8")
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
        decimals += sum(ours[c].dropna().map(lambda v: not float(v).is_integer()).sum()
                        for c in ours.columns if ours[c].dtype.kind == "f")
    assert decimals > 0
    assert not (tmp_path / "standard" / tables[0]).read_bytes().startswith(b"\xef\xbb\xbf")
