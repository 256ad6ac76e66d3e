"""`portfolio export`: a case folder (or workbook) written as one workbook a planner can go on with in Excel."""

from __future__ import annotations

from pathlib import Path

import click

from portfolio.commandline.errors import load
from portfolio.commandline.files import check_target, guard_output, write
from portfolio.commandline.options import CASE_ARG, FILE, PortfolioCommand


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("--xlsx", "book", required=True, type=FILE, metavar="BOOK.xlsx",
              help="The workbook to write: one sheet per file of the case and a `case` sheet of settings.")
@click.option("--force", is_flag=True, help="Replace BOOK.xlsx when it exists.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True, envvar="PORTFOLIO_LANG",
              help="Language of the header comments.")
def export(case: Path | None, book: Path, force: bool, lang: str) -> None:
    """Write CASE (default: the bundled case) as the workbook BOOK.xlsx, with the template's header comments,
    drop-downs and formats; `portfolio validate BOOK.xlsx` reads it back as the same case.

    Every table of the case format (inputs/tables.py TABLES, saturation.csv too once it is one) becomes a
    sheet: the workbook writer walks that list, so a new file of the format needs no change here.
    """
    from inputs import write_case

    c = load(case)
    guard_output(book, case)
    check_target(book, ".xlsx", "--xlsx")
    if book.exists() and not force:
        raise click.ClickException(f"{book} already exists; choose another name or use --force to replace it")
    # every table of inputs/tables.py TABLES becomes a sheet (saturation.csv too once it is one of them)
    write(book, lambda: write_case(c, book, overwrite=True, lang=lang))
