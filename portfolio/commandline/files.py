"""Output paths of the commands: checked before any work, never a file of the case, reported when written."""

from __future__ import annotations

import os
from pathlib import Path

import click

from portfolio.commandline.errors import err
from inputs import bundled_case_path

# Where the case format is documented, as a reader of a clone or of the installed package finds it.
FORMAT_REFERENCE = "docs/case-format.md in the drempels-portfolio repository"


def guard_output(target: Path, case: Path | None) -> None:
    """Never write over a file of the case being read (usage error)."""
    source = (case or bundled_case_path()).resolve()
    t = target.resolve()
    case_file = t.suffix in (".csv", ".yaml", ".yml", ".xlsx", ".xlsm")
    if t == source or (source.is_dir() and t.parent == source and case_file):
        raise click.UsageError(f"{target} is part of the case {source}; write results elsewhere")


def check_target(target: Path, suffix: str, option: str) -> None:
    """An output path must end in its format's suffix and sit in an existing, writable folder (exit 1)."""
    if target.suffix.lower() != suffix:
        raise click.ClickException(f"{option} {target}: the file name must end in {suffix}")
    folder = target.parent
    if not folder.is_dir():
        raise click.ClickException(f"{option} {target}: the folder {folder} does not exist; create it first")
    if target.is_dir():
        raise click.ClickException(f"{option} {target} is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"{option} {target}: the folder {folder} is not writable")


def write(target: Path, writer) -> None:
    """Run `writer`; a disk that refuses (full, read-only, gone) is a clear error, exit 1, never 'wrote'."""
    existed = target.exists()
    try:
        writer()
    except OSError as error:
        raise click.ClickException(f"could not write {target}: {error.strerror or error}") from None
    if not target.is_file() or target.stat().st_size == 0:
        raise click.ClickException(f"could not write {target}: the file came out empty")
    err(f"{'replaced' if existed else 'wrote'} {target}")


def check_outputs(case: Path | None, targets: dict[str, Path | None]) -> None:
    """Check each output file given (by suffix: `.json` is --out, `.lp` --write-lp, ...) before any work."""
    for suffix, target in targets.items():
        if target is not None:
            guard_output(target, case)
            check_target(target, suffix, {".json": "--out"}.get(suffix, f"--write-{suffix[1:]}"))


def template_path(target: Path, xlsx: bool) -> tuple[Path, bool]:
    """Where `init TARGET [--xlsx]` writes: the workbook TARGET (.xlsx), TARGET/case.xlsx, or the folder
    TARGET, and whether TARGET is a workbook; a folder where a workbook is meant, or a file where a folder is,
    is a usage error."""
    book = target.suffix.lower() == ".xlsx"
    if book and target.is_dir():
        raise click.UsageError(f"{target} is a folder; give a workbook path or another name")
    if not book and target.exists() and not target.is_dir():
        raise click.UsageError(f"{target} is a file; give a folder (or a path ending in .xlsx for a "
                               "workbook)")
    path = target if book else target / "case.xlsx" if xlsx else target
    folder = path.parent if path.suffix.lower() == ".xlsx" else path
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise click.ClickException(f"cannot write {path}: {existing} is a file, not a folder")
    return path, book
