"""Working groups' proposals on the command line: `portfolio init --working-group NAME BOOK.xlsx` writes a
group's proposal workbook; `portfolio merge` (spec 4.3) merges the proposals into the base case."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from portfolio.commandline.errors import err, load
from portfolio.commandline.options import LANG, PortfolioCommand


@click.command(cls=PortfolioCommand)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("proposals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Where to write the merged case: a folder, or a workbook when it ends in .xlsx.")
@click.option("--force", is_flag=True, help="Replace the case files of an existing merged case.")
@LANG
def merge(base: Path, proposals: tuple[Path, ...], out: Path, force: bool) -> None:
    """Merge the proposals (folders or workbooks of actions, costs, reach, synergies) of working groups into
    BASE; every action gets proposed_by; probable overlaps across groups are listed."""
    from inputs.proposals import merge as run_merge, proposal_name, read_base, read_proposal, write_merged
    from models import CaseError, Issue
    from models.warnings import CheckResult
    from portfolio.present.case import print_check
    from portfolio.present.text import console
    from portfolio.proposals import cross_group_overlaps

    names: dict[str, Path] = {}
    for p in proposals:
        if (name := proposal_name(p)) in names:
            raise click.UsageError(f"{names[name]} and {p} are both the proposal of {name!r}; give each "
                                   "working group's proposal once")
        names[name] = p
    targets = {out.resolve()} & {x.resolve() for x in (base, *proposals)}
    if targets:
        raise click.UsageError(f"--out {out} is one of the inputs; write the merged case elsewhere")
    case = run_merge(read_base(base), [read_proposal(p) for p in proposals])
    try:
        write_merged(case, out, overwrite=force)
    except FileExistsError as error:
        raise click.ClickException(f"{error} (use --force to replace)") from None
    except OSError as error:
        problem = f"cannot be written: {error.strerror or error}"
        raise CaseError([Issue(str(out), None, None, problem)]) from None
    err(f"wrote the merged case ({len(case.actions)} actions from {len(proposals)} proposal(s)) to {out}")
    overlaps = tuple(cross_group_overlaps(case))
    print_check(CheckResult(case=case.name, warnings=(), overlaps=overlaps), console())


def init_proposal(target: Path, working_group: str, case: Path | None, force: bool) -> None:
    """Write the proposal workbook of `working_group` against CASE (default: the bundled case) to `target`."""
    from inputs.proposal_workbook import write_proposal_workbook

    if target.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{target}: --working-group writes a workbook; give a name ending in .xlsx")
    if not working_group.strip():
        raise click.UsageError("--working-group: give the working group's name")
    base = load(case)
    try:
        write_proposal_workbook(base, working_group.strip(), target, overwrite=force)
    except FileExistsError as error:
        raise click.ClickException(f"{error} (use --force to replace)") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror or error}") from None
    err(f"wrote the proposal workbook of {working_group.strip()} to {target}; fill in actions, costs, reach "
        f"and synergies, then: portfolio merge BASE {target} ... --out MERGED")


def working_group_options(init):
    """Give `init` the options --working-group NAME and --case CASE: with them it writes a proposal workbook
    instead of the template."""
    @click.option("--working-group", help="Write instead the proposal workbook TARGET (.xlsx) of this group.")
    @click.option("--case", type=click.Path(path_type=Path), help="With --working-group: the base case.")
    @functools.wraps(init)
    def init_or_proposal(working_group: str | None, case: Path | None, **options):
        if working_group is None:
            return init(**options)
        return init_proposal(options["target"], working_group, case, options["force"])

    return init_or_proposal
