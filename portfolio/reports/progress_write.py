"""Write the progress report (voortgangsrapport) of a Monitoring into a folder, as `report` writes its files:
staged beside the folder and published when finished; a non-empty folder only with force; Ctrl-C publishes the
files already finished and no half-written one.

    monitor.json, progress.md + progress_domains/<domain>.md, progress_*.csv, progress.xlsx, progress.html
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup
from openpyxl import Workbook

from inputs.csvdialect import DIALECTS
from inputs.files import publish_folder
from models.progress import Monitoring
from portfolio.reports import progress_charts
from portfolio.reports.csvdialect import csv_text
from portfolio.reports.labels import Labels
from portfolio.reports.progress import ProgressReport, build_progress, flagged, frames, rule_text
from portfolio.reports.templating import environment
from portfolio.reports.write import FORMATS, check_target, put, staging, unique_stems
from portfolio.reports.xlsx import FORMATS as NUMBER_FORMATS
from portfolio.reports.xlsx import _fill


class Interrupted(Exception):
    """Ctrl-C stopped the writing; `written` are the files finished and published before it."""

    def __init__(self, written: list[Path]):
        super().__init__(f"{len(written)} file(s) finished before Ctrl-C")
        self.written = written


def write_progress(m: Monitoring, out_dir: str | os.PathLike, *, formats: Iterable[str] = FORMATS,
                   lang: str = "nl", force: bool = False,
                   case_path: str | os.PathLike | None = None, csv_dialect: str = "standard") -> list[Path]:
    """Write monitor.json and the progress report of `m` in `formats` (md, csv, xlsx, html) into `out_dir`;
    return the paths written, in order. `case_path`: the case folder or workbook, in which DIR may not lie;
    `csv_dialect` "be" writes the CSV files for a Belgian Excel (portfolio/reports/csvdialect.py).
    Raises TargetError (see reports.write.check_target), ValueError for an unknown format or language, and
    Interrupted on Ctrl-C (after publishing the files finished)."""
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if csv_dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {csv_dialect!r}; choose from {', '.join(DIALECTS)}")
    check_target(out_dir, case_path, force)
    p = build_progress(m)
    L = Labels(lang, p.money_decimals)
    out = Path(out_dir)
    names: list[str] = []
    with staging(out) as folder:
        try:
            names.append(put(folder, "monitor.json", m.model_dump_json(indent=2) + "\n"))
            for f in formats:
                WRITERS[f](p, L, folder, names, **({"dialect": csv_dialect} if f == "csv" else {}))
        except KeyboardInterrupt:
            _prune(folder, names)
            publish_folder(folder, out, names)
            raise Interrupted([out / n for n in names]) from None
        publish_folder(folder, out, names)
    return [out / n for n in names]


def _prune(folder: Path, names: list[str]) -> None:
    """Remove from `folder` every file not in `names` (one cut short), so that none is published."""
    keep = {folder / n for n in names}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()


def markdown(p: ProgressReport, L: Labels, folder: Path, names: list[str]) -> None:
    """progress.md (overall) and progress_domains/<domain>.md (one per domain)."""
    env = environment(html=False)
    stems = unique_stems([s.domain.domain for s in p.domains])
    names.append(put(folder, "progress.md", env.get_template("progress.md.j2").render(
        p=p, L=L, rule=rule_text(p.m, L), pages=list(zip(p.domains, stems)))))
    page = env.get_template("progress-domain.md.j2")
    for s, stem in zip(p.domains, stems):
        names.append(put(folder, f"progress_domains/{stem}.md", page.render(p=p, s=s, L=L)))


def tables(p: ProgressReport, L: Labels, folder: Path, names: list[str], dialect: str = "standard") -> None:
    """progress_summary.csv, progress_actions.csv, progress_domains.csv, progress_spend.csv, in the CSV
    `dialect` (standard or be)."""
    for stem, frame in frames(p, L).items():
        names.append(put(folder, f"progress_{stem}.csv",
                         csv_text(frame, dialect)))


def workbook(p: ProgressReport, L: Labels, folder: Path, names: list[str]) -> None:
    """progress.xlsx: the sheets summary, actions, domains and spend per year, with number formats."""
    money = "#,##0" if p.money_decimals == 0 else "#,##0.00"
    book = Workbook()
    book.remove(book.active)
    for stem, frame in frames(p, L).items():
        sheet = book.create_sheet(L[f"progress.sheet.{stem}"])
        headers = [L[f"progress.col.{c}"] for c in frame.columns]
        if stem == "summary":
            units = list(frame["unit"])
            frame["unit"] = [L[f"unit.{u}"] for u in units]
            _fill(sheet, frame, headers, row_formats=[NUMBER_FORMATS.get(u) for u in units])
        else:
            formats = [money if c.endswith("_eur") else NUMBER_FORMATS.get(_KIND.get(c, c))
                       for c in frame.columns]
            _fill(sheet, frame, headers, column_formats=formats)
    book.properties.creator = "drempels-portfolio"
    book.save(folder / "progress.xlsx")
    names.append("progress.xlsx")


_KIND = {"planned_jobs": "jobs", "forecast_jobs": "jobs", "reached": "population", "planned_start": "year",
         "actual_start": "year", "forecast_start": "year", "delay_years": "count"}


def html(p: ProgressReport, L: Labels, folder: Path, names: list[str]) -> None:
    """progress.html: one self-contained page (the report's CSS, inline SVG charts, no script, no network)."""
    svgs = {k: Markup(v) for k, v in progress_charts.charts(p, L).items()}  # matplotlib escapes its texts
    page = environment(html=True).get_template("progress.html.j2").render(
        p=p, L=L, charts=svgs, rule=rule_text(p.m, L), is_flagged=flagged)
    names.append(put(folder, "progress.html", page))


WRITERS = {"md": markdown, "csv": tables, "xlsx": workbook, "html": html}
