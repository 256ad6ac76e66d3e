"""Write the report files without ever losing work: everything is written to a temporary folder beside DIR
and then moved into place; a non-empty DIR is refused unless forced, and DIR may not lie in the case folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from inputs.files import publish_folder
from portfolio.reports import html, markdown, tables, uncertainty, xlsx
from portfolio.reports.csvdialect import csv_text
from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels
from portfolio.reports.scenarios import frame as scenario_frame, markdown as scenario_markdown

FORMATS = ("md", "csv", "xlsx", "html")


class TargetError(ValueError):
    """DIR cannot take the report. `usage` is True when DIR itself is a wrong choice (a file, the case folder),
    False when it merely holds files already (then --force writes anyway)."""

    def __init__(self, message: str, usage: bool):
        super().__init__(message)
        self.usage = usage


def check_target(out_dir: str | os.PathLike, case_path: str | os.PathLike | None, force: bool) -> None:
    """Refuse a DIR that is a file or lies under one, lies in (or is) the case folder or workbook, or holds
    files (unless force).

    Raises TargetError.
    """
    out = Path(out_dir).resolve()
    if case_path is not None:
        case = Path(case_path).resolve()
        folder = case if case.is_dir() else None
        if out == case or (folder is not None and out.is_relative_to(folder)):
            raise TargetError(f"{out_dir} lies inside the case {case}; write the report elsewhere", usage=True)
    if out.exists() and not out.is_dir():
        raise TargetError(f"{out_dir} is a file; give a folder for the report", usage=True)
    existing = next(p for p in (out, *out.parents) if p.exists())
    if not existing.is_dir():
        raise TargetError(f"cannot write the report into {out_dir}: {existing} is a file, not a folder",
                          usage=False)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise TargetError(f"{out_dir} is not empty; give a new or empty folder, or use --force to replace the "
                          "report's files in it (other files are kept)", usage=False)


def write_report(r: ReportData, out_dir: str | os.PathLike, *, formats: Iterable[str] = FORMATS, lang: str = "nl",
                 force: bool = False, case_path: str | os.PathLike | None = None,
                 csv_dialect: str = "standard") -> list[Path]:
    """Write the report of `r` into `out_dir` in the given formats; return the paths written, in order.

    Without a portfolio only summary.md is written (it says why). `case_path` is the case folder or workbook
    the report was made from: DIR may not lie in it. With `force`, the report's files replace those of the
    same name in a non-empty DIR, one by one; every other file there is left alone. `csv_dialect` "be" writes
    the CSV files for a Belgian Excel (portfolio/reports/csvdialect.py).
    Raises TargetError (see check_target; also when DIR cannot be created) and ValueError for an unknown
    format or language.
    """
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    check_target(out_dir, case_path, force)
    L = Labels(lang, r.money_decimals)
    out = Path(out_dir)
    with staging(out) as report:
        names = _render(r, L, formats if r.has_portfolio else ("summary",), report, csv_dialect)
        publish_folder(report, out, names)
    return [out / n for n in names]


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A new, private folder beside `out` (same file system) to write files into before `publish_folder` moves
    them into `out`; removed with whatever is left in it afterwards.
    Raises TargetError when it cannot be made."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as err:
        raise TargetError(f"cannot write the report into {out}: {err.strerror or err}", usage=False) from None
    try:
        made = folder / "report"  # made like any folder of the user's (the staging folder is private)
        made.mkdir()
        yield made
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _render(r: ReportData, L: Labels, formats: tuple[str, ...], folder: Path, csv_dialect: str = "standard"
            ) -> list[str]:
    """Write each requested file into `folder`; return their paths relative to it."""
    names: list[str] = []

    def text(name: str, content: str) -> None:
        names.append(put(folder, name, content))

    if "md" in formats or "summary" in formats:
        text("summary.md", markdown.summary(r, L))
    if "md" in formats:
        text("action-plan.md", markdown.action_plan(r, L))
        for d, stem in zip(r.domains, domain_stems(r)):
            text(f"domains/{stem}.md", markdown.domain(r, d, L))
        if r.uncertainty is not None:
            text("uncertainty.md", uncertainty.markdown(r, L))
        if r.working_groups:
            text("working-groups.md", markdown.working_groups(r, L))
        if r.studies.whatif is not None:
            text("scenarios.md", scenario_markdown(r, L))
    if "csv" in formats:
        for stem, frame in tables.frames(r, L).items():
            # every text cell quoted (and guarded by tables), numbers exact
            text(f"{stem}.csv", csv_text(frame, csv_dialect))
    if "xlsx" in formats:
        xlsx.write_workbook(r, L, folder / "report.xlsx")
        names.append("report.xlsx")
    if "html" in formats:
        text("report.html", html.page(r, L))
    if "csv" in formats and r.studies.whatif is not None:
        text("scenarios.csv", csv_text(scenario_frame(r, L), csv_dialect))
    return names


def put(folder: Path, name: str, content: str) -> str:
    """Write `content` as the UTF-8 file `name` (a path relative to `folder`, at most one folder deep, line
    ends as given); return `name`."""
    path = folder / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")
    return name


def domain_stems(r: ReportData) -> list[str]:
    """File stems of the domain pages: the domain id, made unique where ids differ only in upper/lower case
    (which would be one file on macOS and Windows)."""
    return unique_stems([d.domain.id for d in r.domains])


def unique_stems(ids: list[str]) -> list[str]:
    """File stems for `ids`, made unique where ids differ only in upper/lower case."""
    seen: set[str] = set()
    stems = []
    for id_ in ids:
        stem = id_
        k = 2
        while stem.lower() in seen:
            stem = f"{id_}-{k}"
            k += 1
        seen.add(stem.lower())
        stems.append(stem)
    return stems
