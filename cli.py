"""Command line: `portfolio validate | solve | report | init`. Each command is a thin layer over the library."""

from __future__ import annotations

import math
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from inputs.files import atomic_write
from inputs import bundled_case_path, load_case, write_case
from models import BACKEND_NAMES, Case, CaseError, Solution, Status
from models.summary import CaseSummary

EXIT_BAD_INPUT = 1
EXIT_NO_PORTFOLIO = 3
EXIT_INTERNAL = 4  # a solver answer failed verification: a bug, reported, never printed as a result
EXIT_INTERRUPTED = 130  # Ctrl-C: what finished is shown (and written), labelled interrupted

# Where the case format is documented, as a reader of a clone or of the installed package finds it.
FORMAT_REFERENCE = "docs/case-format.md in the drempels-portfolio repository"

CASE_ARG = click.argument("case", required=False, type=click.Path(path_type=Path))


class FiniteFloat(click.FloatRange):
    """A float range that refuses nan and inf (click's FloatRange lets nan through every comparison)."""

    name = "finite float"

    def __init__(self, low: float | None, high: float | None, min_open: bool = False) -> None:
        super().__init__(low, high, min_open=min_open)

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


MAX_POINTS = 1000  # points of one sweep (--scale, --curve): each is an exact solve


class Points(click.ParamType):
    """`start:stop:count` (both ends included, count 1 to MAX_POINTS) or a comma list of finite numbers within
    [low, high] (`low` itself excluded when `low_open`), rounded to 10 decimals."""

    name = "points"

    def __init__(self, low: float, high: float | None, low_open: bool = False) -> None:
        self.bounds = FiniteFloat(low, high, min_open=low_open)

    def convert(self, value, param, ctx) -> list[float]:
        if isinstance(value, list):
            return value
        text = str(value)
        ranged = ":" in text
        try:
            if ranged:
                start, stop, count = text.split(":")
                ends, n = [float(start), float(stop)], int(count)
            else:
                ends = [float(v) for v in text.split(",")]
                n = len(ends)
        except ValueError:
            self.fail(f"{text!r}: write start:stop:count (e.g. 0.5:1.5:11) or a comma list", param, ctx)
        if not 1 <= n <= MAX_POINTS:
            self.fail(f"{text!r} asks {n:,} points; give 1 to {MAX_POINTS:,}", param, ctx)
        for number in ends:
            self.bounds.convert(number, param, ctx)
        if not ranged:
            numbers = ends
        elif n == 1:
            numbers = ends[:1]
        else:
            first, last = ends
            numbers = [first + i * (last - first) / (n - 1) for i in range(n)]
        return [round(v, 10) for v in numbers]


class ExecutorAddress(click.ParamType):
    """`local`, `dask`, or the address of a Dask scheduler, `tcp://HOST:PORT` (checked, not yet connected)."""

    name = "executor"

    def convert(self, value, param, ctx) -> str:
        from portfolio.sweeps.executor import check_address

        try:
            return check_address(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


class OneLineUsageError(click.UsageError):
    """A usage error on one line: `portfolio target: Invalid value for '--rate': ... (see '... --help')`."""

    def show(self, file=None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "portfolio"
        message = " ".join(self.format_message().split())
        click.echo(f"{where}: {message} (see '{where} --help')", file=file, err=file is None)


class OneLineUsage:
    """A command whose usage errors (bad options, exit 2) are one line, without click's usage block."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        with _one_line_usage(None):
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        with _one_line_usage(ctx):
            return super().invoke(ctx)


class PortfolioCommand(OneLineUsage, click.Command):
    """A `portfolio` command."""


class PortfolioGroup(OneLineUsage, click.Group):
    """The `portfolio` command group; its commands are PortfolioCommands."""

    command_class = PortfolioCommand


@contextmanager
def _one_line_usage(ctx: click.Context | None):
    """Re-raise a usage error as a OneLineUsageError of its command (`ctx` when the error names none)."""
    try:
        yield
    except (OneLineUsageError, click.exceptions.NoArgsIsHelpError):
        raise
    except click.UsageError as err:
        raise OneLineUsageError(err.format_message(), err.ctx or ctx) from None


def _console(file=None) -> Console:
    stream = file or sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 120, highlight=False)


def _err(message: str) -> None:
    click.echo(message, err=True)


def _load(path: Path | None) -> Case:
    """Load a case or print every problem to stderr and exit 1."""
    try:
        return load_case(path)
    except CaseError as err:
        for issue in err.issues:
            _err(str(issue))
        where = path if path is not None else "the bundled case"
        _err(f"{len(err.issues)} problem(s) in {where}; nothing was solved.")
        raise SystemExit(EXIT_BAD_INPUT) from None


def _eur(value: float) -> str:
    return f"{value / 1e6:,.2f}M"


def _jobs(value: float) -> str:
    return f"{value:,.1f}"


@click.group(cls=PortfolioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drempels-portfolio")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Choose the portfolio of actions that lowers the barriers to work most, within budgets and rules."""
    from portfolio.core.interrupt import exit_on_sigterm

    ctx.with_resource(exit_on_sigterm())  # SIGTERM ends a command through its cleanup, never mid-file


STRICT = click.option("--strict", is_flag=True,
                      help="Treat warnings as errors: list them as problems and exit 1 (before solving).")


def _warn(warnings, strict: bool, case: Path | None, after: str) -> None:
    """Warnings on stderr as `file:row:column: warning: message (hint)`; under --strict as problems, then exit 1."""
    if not warnings:
        return
    for w in warnings:
        _err(str(w.as_issue() if strict else w))
    if strict:
        _err(f"{len(warnings)} warning(s) in {case if case is not None else 'the bundled case'} treated as "
             f"errors (--strict); {after}")
        raise SystemExit(EXIT_BAD_INPUT)


@main.command()
@CASE_ARG
@STRICT
def validate(case: Path | None, strict: bool) -> None:
    """Check a case folder or .xlsx workbook (default: the bundled Flemish case) and summarise it."""
    from portfolio.summary import summarise
    from portfolio.warnings import case_warnings

    c = _load(case)
    print_summary(summarise(c), case or bundled_case_path(), _console())
    _warn(case_warnings(c), strict, case, "fix them, or leave out --strict.")


def print_summary(s: CaseSummary, where: Path, out: Console) -> None:
    """The summary of a valid case as a planner reads it."""
    n = s.counts
    out.print(f"[bold]{s.name}[/bold]: valid ({where})")
    out.print(
        f"{n['domains']} domains, {n['groups']} groups, {n['barriers']} barriers ({n['priority barriers']} priority), "
        f"{n['actions']} actions, {n['cost rows']} cost rows, {n['reach rows']} reach rows, {n['synergies']} synergies "
        f"({n['negative synergies']} negative), {n['overlap groups']} overlap groups, "
        f"{n['requires links']} requires links"
    )
    t = Table(title="Candidate cost vs budget per domain (EUR)", caption="candidates / budget")
    t.add_column("domain")
    for label in ["total", *map(str, s.years)]:
        t.add_column(label, justify="right")
    for line in (b for b in s.budgets if b.year is None):
        years = [b for b in s.budgets if b.domain == line.domain and b.year is not None]
        t.add_row(line.name, *(f"{_eur(b.candidates_eur)} / {_eur(b.budget_eur)}" for b in (line, *years)))
    out.print(t)
    cover = Table(title="Priority barriers: candidate actions addressing each")
    for col, just in (("barrier", "left"), ("name", "left"), ("candidates", "right"), ("required", "right")):
        cover.add_column(col, justify=just)
    for b in s.coverage:
        cover.add_row(b.barrier, b.name, str(b.candidates), str(b.required))
    out.print(cover)
    out.print(f"All candidates together: {_jobs(s.candidate_jobs)} direct jobs; group caps allow at most "
              f"{_jobs(s.caps_jobs)}.")
    if s.rate_before is not None:
        out.print(
            f"Baseline employment rate {s.rate_before:.3%} ({s.employed:,} of {s.population:,}); "
            f"target {s.target_rate:.1%}: {math.ceil(s.jobs_to_target):,} jobs needed to reach it."
        )


@main.command()
@CASE_ARG
@click.option("--backend", type=click.Choice(["auto", *BACKEND_NAMES]), help="Solver (default: the case's, else auto).")
@click.option("--time-limit", "time_limit_s", type=FiniteFloat(0, None, min_open=True), help="Seconds.")
@click.option("--gap", "mip_gap", type=FiniteFloat(0, 1), help="Relative gap at which to stop.")
@click.option("--threads", type=click.IntRange(1, 256), help="Solver threads.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Random seed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Also write the JSON to FILE (.json).")
@click.option("--write-lp", type=click.Path(path_type=Path, dir_okay=False), help="Export the model as LP (.lp).")
@click.option("--write-mps", type=click.Path(path_type=Path, dir_okay=False), help="Export the model as MPS (.mps).")
@click.option("--importance", is_flag=True,
              help="Also each chosen action's replacement cost: the jobs lost when it is locked out and the rest "
                   "re-optimised (JSON: an extra key `importance`).")
@STRICT
def solve(case, backend, time_limit_s, mip_gap, threads, seed, fmt, out, write_lp, write_mps, importance,
          strict) -> None:
    """Choose the best portfolio of CASE (default: the bundled Flemish case)."""
    from portfolio.formulation.build import build
    from portfolio.formulation.export import write_model
    from portfolio.warnings import case_warnings

    c = _load(case)
    _warn(case_warnings(c), strict, case, "nothing was solved.")
    for target, suffix, option in ((out, ".json", "--out"), (write_lp, ".lp", "--write-lp"),
                                   (write_mps, ".mps", "--write-mps")):
        if target is not None:
            _guard_output(target, case)
            _check_target(target, suffix, option)
    for target in (write_lp, write_mps):
        if target is not None:
            _write(target, lambda t=target: write_model(build(c), t))
    solution = _solve(c, backend=backend, time_limit_s=time_limit_s, mip_gap=mip_gap, threads=threads, seed=seed)
    interrupted = solution.details.report.interrupted
    text = solution.model_dump_json(indent=2)
    if out is not None:
        if interrupted and out.exists():
            _err(f"interrupted: {out} is kept as it was; an interrupted answer never replaces a file")
        else:
            _write(out, lambda: atomic_write(out, text + "\n"))
    ranked = None
    if importance and solution.status.has_portfolio and not interrupted:
        ranked = _importance(c, solution, solution_settings(c, backend, time_limit_s, mip_gap, threads, seed))
    if fmt == "json":
        click.echo(text if ranked is None else _with_importance(text, ranked))
    else:
        print_solution(solution, _console())
        if ranked is not None:
            print_importance(ranked, _console())
    if interrupted:
        _err(f"interrupted by Ctrl-C: what is shown is what the solver had found ({solution.status})")
        raise SystemExit(EXIT_INTERRUPTED)
    if solution.status == Status.OPTIMAL and c.rules.min_group_share:
        settings = solution_settings(c, backend, time_limit_s, mip_gap, threads, seed)
        _warn(_solution_warnings(c, solution, settings), False, case, "")
    if not solution.status.has_portfolio:
        if solution.status == Status.INFEASIBLE:
            from portfolio.explain import explain as run_explain

            _err("infeasible: no portfolio satisfies every rule")
            print_explanation(run_explain(c, solution_settings(c, backend, time_limit_s, mip_gap, threads, seed)),
                              _console(sys.stderr))
        else:
            _err(f"{solution.status.value}: {solution.details.message}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


def solution_settings(c: Case, backend, time_limit_s, mip_gap, threads, seed):
    """The case's solver settings with the command line's overrides (for the explanation's checks)."""
    from portfolio import solver_settings

    return solver_settings(c, backend=backend, time_limit_s=time_limit_s, mip_gap=mip_gap, threads=threads, seed=seed)


@main.command()
@CASE_ARG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def explain(case: Path | None, fmt: str) -> None:
    """Why CASE has no portfolio: the rules in conflict, with their numbers, and what to relax by how much."""
    from portfolio.explain import explain as run_explain

    c = _load(case)
    result = run_explain(c)
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        print_explanation(result, _console())


def print_explanation(e, out: Console) -> None:
    """The explanation as a planner reads it (long lines are not broken, so they paste whole)."""
    out.print(escape(e.summary), soft_wrap=True)
    if e.status != "infeasible":
        return
    if not e.minimal:
        out.print("(a check ran out of time: the set may hold a rule that is not needed for the conflict)")
    if e.relaxations:
        out.print("What would make the case feasible:")
        for r in e.relaxations:
            verdict = "makes the case feasible" if r.makes_feasible else "not enough on its own"
            out.print(escape(f"- {r.change} ({verdict})"), soft_wrap=True)


def _solve(c: Case, **overrides) -> Solution:
    """Solve with the case's settings and these overrides; a missing solver exits 1, a broken answer exits 4."""
    from portfolio import BackendUnavailable, VerificationError
    from portfolio import solve as run_solve

    try:
        return run_solve(c, **overrides)
    except BackendUnavailable as err:
        raise click.ClickException(str(err)) from None
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None


def _check_target(target: Path, suffix: str, option: str) -> None:
    """An output path must end in its format's suffix and sit in an existing, writable folder (usage error)."""
    if target.suffix.lower() != suffix:
        raise click.ClickException(f"{option} {target}: the file name must end in {suffix}")
    folder = target.parent
    if not folder.is_dir():
        raise click.ClickException(f"{option} {target}: the folder {folder} does not exist; create it first")
    if target.is_dir():
        raise click.ClickException(f"{option} {target} is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"{option} {target}: the folder {folder} is not writable")


def _write(target: Path, write) -> None:
    """Run `write`; a disk that refuses (full, read-only, gone) is a clear error, exit 1, and never 'wrote'."""
    existed = target.exists()
    try:
        write()
    except OSError as err:
        raise click.ClickException(f"could not write {target}: {err.strerror or err}") from None
    if not target.is_file() or target.stat().st_size == 0:
        raise click.ClickException(f"could not write {target}: the file came out empty")
    _err(f"{'replaced' if existed else 'wrote'} {target}")


def _solution_warnings(c: Case, solution: Solution, settings) -> list:
    """What each equity share costs (one more solve per share); a broken solver answer exits 4 as in _solve."""
    from portfolio import VerificationError
    from portfolio.warnings import solution_warnings

    try:
        return solution_warnings(c, solution, settings)
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None


@main.command()
@CASE_ARG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check(case: Path | None, fmt: str) -> None:
    """Warnings of CASE (those `solve` prints, the cost of each group share from a solve without it) and
    probable overlaps between working groups' proposals, with the evidence."""
    from portfolio import BackendUnavailable, VerificationError
    from portfolio.check import check as run_check

    c = _load(case)
    try:
        result = run_check(c)
    except BackendUnavailable as err:
        raise click.ClickException(str(err)) from None
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        print_check(result, _console())


def print_check(r, out: Console) -> None:
    """Warnings, then the probable overlaps strongest first with their evidence (long lines paste whole)."""
    out.print(f"[bold]{escape(r.case)}[/bold]: {len(r.warnings)} warning(s), {len(r.overlaps)} probable "
              "overlap(s) between working groups' proposals")
    for w in r.warnings:
        out.print(escape(str(w)), soft_wrap=True)
    if not r.overlaps:
        return
    t = Table(title="Probable overlaps, strongest first",
              caption="strength: name similarity + share of barriers in common + share of groups in common (0-3)")
    for col, just in (("#", "right"), ("actions", "left"), ("lead domains", "left"), ("names alike", "right"),
                      ("same barriers", "left"), ("same groups", "left"), ("strength", "right")):
        t.add_column(col, justify=just)
    for k, o in enumerate(r.overlaps, 1):
        t.add_row(str(k), f"{o.a} / {o.b}", f"{o.a_domain} / {o.b_domain}", f"{o.name_similarity:.0%}",
                  "yes" if o.same_barriers else "no", "yes" if o.same_groups else "no", f"{o.strength:.2f}")
    out.print(t)
    for k, o in enumerate(r.overlaps, 1):
        out.print(escape(f"{k}. {o.evidence}"), soft_wrap=True)
    out.print("For each pair: one measure -> give both the same overlap_group (actions.csv); both wanted but "
              "partly the same people -> a synergies.csv row per shared group; different measures -> no change.",
              soft_wrap=True)


def _guard_output(target: Path, case: Path | None) -> None:
    """Never write over a file of the case being read."""
    source = (case or bundled_case_path()).resolve()
    t = target.resolve()
    if t == source or (source.is_dir() and t.parent == source and t.suffix in (".csv", ".yaml", ".yml", ".xlsx", ".xlsm")):
        raise click.UsageError(f"{target} is part of the case {source}; write results elsewhere")


def print_solution(s: Solution, out: Console) -> None:
    """The solution as tables a planner reads; every figure comes from the Solution."""
    d = s.details
    out.print(f"[bold]{s.case}[/bold]: {s.status} ({s.objective})")
    if s.status.has_portfolio:
        t = Table(title=f"Chosen actions ({len(s.selected)} of {d.candidates})",
                  caption="jobs: direct reach x effect of the action, before group caps and synergies")
        for col, just in (("action", "left"), ("name", "left"), ("lead domain", "left"), ("cost EUR", "right"),
                          ("jobs", "right"), ("jobs per EUR 1M", "right")):
            t.add_column(col, justify=just)
        for a in d.actions:
            per = f"{a.jobs_per_meur:,.1f}" if a.jobs_per_meur is not None else "free"
            t.add_row(a.action, a.name, a.lead_domain_name, f"{a.cost_eur:,.0f}", _jobs(a.jobs), per)
        out.print(t)

        years = sorted({r.year for r in d.spend if r.year is not None})
        t = Table(title="Spend vs budget per domain (EUR)", caption="spend / budget")
        t.add_column("domain")
        for label in ["total", *map(str, years)]:
            t.add_column(label, justify="right")
        by_year = {(r.domain, r.year): r for r in d.spend}
        for total in (r for r in d.spend if r.year is None):
            cells = [total, *(by_year.get((total.domain, y)) for y in years)]
            t.add_row(total.name, *(f"{_eur(r.spend_eur)} / {_eur(r.budget_eur)}" if r else "" for r in cells))
        out.print(t)

        t = Table(title="Extra jobs per group", caption="uncapped: direct jobs plus synergies; jobs = min(cap, uncapped)")
        for col in ("group", "name", "jobs", "uncapped", "cap"):
            t.add_column(col, justify="left" if col in ("group", "name") else "right")
        for g in d.groups:
            t.add_row(g.group, g.name, _jobs(g.jobs), _jobs(g.jobs_uncapped), _jobs(g.max_extra_jobs))
        out.print(t)

        if d.priority_barriers:
            t = Table(title="Priority barriers covered")
            for col in ("barrier", "name", "chosen actions", "required"):
                t.add_column(col)
            for b in d.priority_barriers:
                t.add_row(b.barrier, b.name, f"{len(b.actions)}: {', '.join(b.actions)}" if b.actions else "0",
                          str(b.required))
            out.print(t)

        per_job = f" (EUR {s.cost_total_eur / s.jobs_total:,.0f} per extra job)" if s.jobs_total > 0 else ""
        out.print(f"Extra jobs: {_jobs(s.jobs_total)}; total cost EUR {s.cost_total_eur:,.0f}{per_job}")
        if s.employment_rate is not None:
            r = s.employment_rate
            out.print(
                f"Employment rate: before {r.before:.3%}, after {r.after:.3%}, target {r.target:.1%}; "
                f"jobs still missing to the target: {max(0, math.ceil(d.jobs_missing)):,}"
            )
    else:
        out.print(d.message)
    gap = f"{s.gap:.3%}" if s.gap is not None else "n/a"
    bound = f"{s.bound:,.4f}" if s.bound is not None else "none proven"
    out.print(f"Status {s.status}; gap {gap}; bound {bound}; backend {s.backend}; time {s.solve_time_s:.2f} s")
    print_report(s, out)


def print_report(s: Solution, out: Console) -> None:
    """What actually ran: the solver's own words, threads, seed, where the bound came from, reruns, scaling."""
    r = s.details.report
    lines = [f"Solver: {s.details.message}" if s.status.has_portfolio else f"Solver: {r.solver_status}"]
    if r.chosen_by:
        lines.append(f"Chosen: {r.chosen_by}")
    lines.append(f"Ran on {r.threads_used} thread{'s' if r.threads_used != 1 else ''}"
                 + (f" ({r.threads_requested} asked)" if r.threads_used != r.threads_requested else "")
                 + f", seed {r.seed}, time limit {r.time_limit_s:g} s, gap {r.mip_gap:g}"
                 + (f"; bound from {r.bound_source}" if r.bound_source else ""))
    if r.resolution is not None:
        res = r.resolution
        step = f"jobs counted in steps of {res.jobs_resolution:g}" if res.jobs_resolution else "no jobs columns"
        lines.append(f"Integer scaling: {'exact' if res.exact else 'rounded'}, {step}"
                     + (f"; rounded: {'; '.join(res.rounded)}" if res.rounded else ""))
    lines += [f"Rerun: {x}" for x in r.reruns]
    lines += [f"Note: {x}" for x in r.notes]
    for line in lines:
        out.print(line)


def _formats(_ctx, _param, value: str) -> tuple[str, ...]:
    from portfolio.reports import FORMATS

    chosen = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    wrong = [f for f in chosen if f not in FORMATS]
    if wrong or not chosen:
        raise click.BadParameter(f"{', '.join(wrong) or 'nothing'} is not a format; give some of "
                                 f"{','.join(FORMATS)}, separated by commas")
    return chosen


@main.command()
@CASE_ARG
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder to write the report into.")
@click.option("--solution", "solution_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Report this solution JSON (from `solve --out`) instead of solving; it must belong to CASE.")
@click.option("--format", "formats", default="md,csv,xlsx,html", show_default=True, callback=_formats,
              help="Which files to write, comma-separated.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True, help="Language of the labels.")
@click.option("--force", is_flag=True, help="Write into a non-empty DIR, replacing the report's files (others are kept).")
@click.option("--robust", "robust_samples", type=click.IntRange(1, 100_000), metavar="N",
              help="Add an uncertainty section: N Monte Carlo samples of the effects around the plan (seed 0) and "
                   "each chosen action's replacement cost.")
def report(case, out_dir, solution_file, formats, lang, force, robust_samples) -> None:
    """Write the action plan of CASE (default: the bundled case) into DIR: summary, plan, domains, tables, charts."""
    from portfolio import VerificationError, reports
    from portfolio.solution_file import check_claim, load_solution

    c = _load(case)
    try:
        reports.check_target(out_dir, case or bundled_case_path(), force)
        note = None
        if solution_file is not None:
            claim = load_solution(solution_file, c)
            solution = check_claim(c, claim, _finished(_solve(c), "the proof of the solution file's status"))
            note = solution.details.message
        else:
            solution = _finished(_solve(c), "the solve")
        data = reports.build_report(c, solution, note)
        if robust_samples is not None and solution.status.has_portfolio:
            data = data.model_copy(update={"uncertainty": _uncertainty(c, solution, robust_samples)})
        paths = reports.write_report(data, out_dir, formats=formats, lang=lang, force=force,
                                     case_path=case or bundled_case_path())
    except reports.TargetError as err:
        raise (click.UsageError if err.usage else click.ClickException)(str(err)) from None
    except CaseError as err:
        for issue in err.issues:
            _err(str(issue))
        _err(f"{solution_file} cannot be reported for {c.name!r}; nothing was written.")
        raise SystemExit(EXIT_BAD_INPUT) from None
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None
    reports.print_report(data, reports.Labels(lang, data.money_decimals), _console())
    for path in paths:
        _err(f"wrote {path}")
    if not solution.status.has_portfolio:
        _err(f"{solution.status.value}: {solution.details.message}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


def _finished(solution: Solution, what: str) -> Solution:
    """The solution a report is made of; when Ctrl-C stopped its solve, nothing is written and the exit is 130."""
    if solution.details.report.interrupted:
        _err(f"interrupted by Ctrl-C during {what}; no report was written")
        raise SystemExit(EXIT_INTERRUPTED)
    return solution


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="Write one workbook (TARGET/case.xlsx, or TARGET if it ends in .xlsx).")
@click.option("--force", is_flag=True, help="Replace existing case files.")
def init(target: Path, xlsx: bool, force: bool) -> None:
    """Write a small, filled-in template case to edit: a folder of CSV files, or TARGET.xlsx as one workbook."""
    template = load_case(bundled_case_path("template"))
    book = target.suffix.lower() == ".xlsx"
    if book and target.is_dir():
        raise click.UsageError(f"{target} is a folder; give a workbook path or another name")
    if not book and target.exists() and not target.is_dir():
        raise click.UsageError(f"{target} is a file; give a folder (or a path ending in .xlsx for a workbook)")
    path = target if book else target / "case.xlsx" if xlsx else target
    folder = path.parent if path.suffix.lower() == ".xlsx" else path
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise click.ClickException(f"cannot write {path}: {existing} is a file, not a folder")
    try:
        write_case(template, path, overwrite=force)
        readme = target / "README.md"
        if not book and not readme.exists():
            shutil.copyfile(bundled_case_path("template") / "README.md", readme)
    except FileExistsError as err:
        raise click.ClickException(f"{err} (use --force to replace)") from None
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror or err}") from None
    _err(f"wrote a template case to {path}; edit it, then run: portfolio validate {path}")
    _err(f"the case format: {FORMAT_REFERENCE}")


# --------------------------------------------------------------------------- what-if planning


EXECUTOR = click.option(
    "--executor", type=ExecutorAddress(), default="local", show_default=True,
    metavar="local|dask|tcp://HOST:PORT",
    help="Where the solves run: a local process pool, a local Dask cluster, or an existing Dask scheduler "
         "(given up when it does not answer within 10 s).",
)
SWEEP_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
SWEEP_OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False),
                         help="Write each solve's JSON as it finishes, then CSV (and plots) into DIR.")
FORCE = click.option("--force", is_flag=True, help="Write into a non-empty --out folder.")


def _executor(name: str):
    """The executor of --executor; a scheduler that does not answer as Dask does is an error (exit 1)."""
    from portfolio.sweeps import Executor
    from portfolio.sweeps.executor import DASK, LOCAL, SchedulerUnreachable, check_scheduler

    if name not in (LOCAL, DASK):
        try:
            check_scheduler(name)
        except SchedulerUnreachable as err:
            raise click.ClickException(f"--executor {err}") from None
    return Executor(name)


def _sweep_folder(out: Path | None, force: bool) -> Path | None:
    from portfolio.sweeps.output import prepare

    if out is None:
        return None
    try:
        return prepare(out, force)
    except FileExistsError as err:
        raise click.UsageError(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"--out {out}: cannot create the folder ({err.strerror or err})") from None


def _finish(result, fmt: str, show) -> None:
    """Print a sweep's result (JSON or tables); exit 130 when it was interrupted."""
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        show(result, _console())
    if result.interrupted:
        _err("interrupted: the table holds the solves that finished")
        raise SystemExit(EXIT_INTERRUPTED)


def _run_sweep(call):
    """Run a sweep; bad input, a missing solver, a failed solve, early Ctrl-C: exit codes."""
    from portfolio import BackendUnavailable, VerificationError
    from portfolio.core.interrupt import Stopped
    from portfolio.sweeps.executor import SchedulerUnreachable, TaskFailed

    try:
        return call()
    except SchedulerUnreachable as err:  # checked before the run, and gone since
        raise click.ClickException(f"--executor {err}") from None
    except CaseError as err:
        for issue in err.issues:
            _err(str(issue))
        raise SystemExit(EXIT_BAD_INPUT) from None
    except TaskFailed as err:
        if isinstance(err.error, BackendUnavailable):
            raise click.ClickException(str(err.error)) from None
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None
    except BackendUnavailable as err:
        raise click.ClickException(str(err)) from None
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None
    except Stopped as err:
        _err(f"interrupted: {err}; nothing to show")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except KeyboardInterrupt:
        _err("interrupted before anything was finished; nothing to show")
        raise SystemExit(EXIT_INTERRUPTED) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@EXECUTOR
@SWEEP_FORMAT
@SWEEP_OUT
@FORCE
def whatif(paths: tuple[Path, ...], executor: str, fmt: str, out: Path | None, force: bool) -> None:
    """Solve the case and each scenario of SCENARIO.yaml files; compare them: [CASE] SCENARIO.yaml..."""
    from inputs.scenario import read_scenarios, scenario_cases
    from portfolio.sweeps import whatif as run_whatif
    from portfolio.sweeps.output import whatif_csv, write_solution

    case_path = paths[0] if paths[0].is_dir() or paths[0].suffix.lower() in (".xlsx", ".xlsm") else None
    files = paths[1:] if case_path is not None else paths
    if not files:
        raise click.UsageError("give at least one scenario YAML file")
    scenarios, bases = [], set()
    for f in files:
        parsed = _run_sweep(lambda f=f: read_scenarios(f))
        if parsed.base is not None:
            bases.add((f.parent / parsed.base).resolve())
        scenarios.append((f, parsed))
    if case_path is None and len(bases) > 1:
        raise click.UsageError(f"the scenario files name different base cases ({', '.join(map(str, bases))}); "
                               "give the CASE argument")
    case = _load(case_path if case_path is not None else (bases.pop() if bases else None))
    for f, parsed in scenarios:
        _run_sweep(lambda f=f, parsed=parsed: scenario_cases(parsed, case, str(f)))
    folder = _sweep_folder(out, force)
    names = [s.name for _f, parsed in scenarios for s in parsed.scenarios]
    if len(set(names)) != len(names) or "base" in names:
        raise click.UsageError("scenario names must be unique across the files, and not 'base'")
    on_done = (lambda key, sol: write_solution(folder, key, sol)) if folder else None
    result = _run_sweep(lambda: run_whatif(case, [s for _f, p in scenarios for s in p.scenarios],
                                           _executor(executor), on_done))
    if folder:
        _err(f"wrote {whatif_csv(folder, result)} and one JSON per solve in {folder}")
    _finish(result, fmt, print_whatif)


def print_whatif(result, out: Console) -> None:
    t = Table(title="What if: each scenario against the base")
    for col, just in (("scenario", "left"), ("status", "left"), ("jobs", "right"), ("change", "right"),
                      ("cost EUR", "right"), ("change EUR", "right"), ("rate after", "right"), ("in", "left"),
                      ("out", "left")):
        t.add_column(col, justify=just)
    b = result.base
    rate = lambda s: f"{s.employment_rate.after:.3%}" if s.employment_rate and s.employment_rate.after else ""  # noqa: E731
    money = lambda v: "" if v is None else f"{v:,.0f}"  # noqa: E731
    jobs = lambda v: "" if v is None else f"{v:+,.1f}"  # noqa: E731
    t.add_row("base", str(b.status), _jobs(b.jobs_total) if b.jobs_total is not None else "", "",
              money(b.cost_total_eur), "", rate(b), "", "")
    for s in result.scenarios:
        sol = s.solution
        t.add_row(s.name, str(sol.status), _jobs(sol.jobs_total) if sol.jobs_total is not None else "",
                  jobs(s.jobs_change), money(sol.cost_total_eur),
                  "" if s.cost_change_eur is None else f"{s.cost_change_eur:+,.0f}", rate(sol),
                  ", ".join(s.added), ", ".join(s.removed))
    out.print(t)
    domains = list(dict.fromkeys(d for s in result.scenarios for d in s.spend_change_eur))
    if domains:
        t = Table(title="Spend change per domain against the base (EUR)")
        t.add_column("scenario")
        for d in domains:
            t.add_column(d, justify="right")
        for s in result.scenarios:
            t.add_row(s.name, *(f"{s.spend_change_eur[d]:+,.0f}" if d in s.spend_change_eur else "" for d in domains))
        out.print(t)


@main.command()
@CASE_ARG
@click.option("--scale", "scales", type=Points(0, None), metavar="START:STOP:COUNT", default="0.5:1.5:11",
              show_default=True,
              help=f"Budget factors (>= 0): start:stop:count (both ends included) or a comma list; at most "
                   f"{MAX_POINTS:,} points.")
@click.option("--domain", help="Scale only this domain's budgets (totals and years); default: every domain.")
@EXECUTOR
@SWEEP_FORMAT
@SWEEP_OUT
@FORCE
def frontier(case, scales, domain, executor, fmt, out, force) -> None:
    """The most jobs at each scale of the budgets: the budget frontier of CASE."""
    from portfolio.sweeps import frontier as run_frontier
    from portfolio.sweeps.output import frontier_csv, plot_frontier, write_solution

    c = _load(case)
    if domain is not None and domain not in {d.domain for d in c.domains}:
        raise click.BadParameter(f"unknown domain {domain!r}; the case has {', '.join(d.domain for d in c.domains)}",
                                 param_hint="--domain")
    folder = _sweep_folder(out, force)
    on_done = (lambda s, sol: write_solution(folder, f"scale-{s:g}", sol)) if folder else None
    result = _run_sweep(lambda: run_frontier(c, scales, domain, _executor(executor), on_done))
    if folder:
        current = sum(d.budget_eur for d in c.domains if domain is None or d.domain == domain)
        plots = [] if result.interrupted else plot_frontier(folder, result, current)  # not after Ctrl-C
        written = [frontier_csv(folder, result), *plots]
        _err(f"wrote {', '.join(map(str, written))} and one JSON per point")
    _finish(result, fmt, print_frontier)


def print_frontier(result, out: Console) -> None:
    what = f"budget of {result.domain}" if result.domain else "total budget"
    t = Table(title=f"Budget frontier ({what})", caption="carried: a smaller budget's portfolio was better than "
                                                          "what the solver found in time, and is used")
    for col in ("scale", "budget EUR", "jobs", "cost EUR", "status", "gap", "actions"):
        t.add_column(col, justify="left" if col == "status" else "right")
    for p in result.points:
        t.add_row(f"{p.scale:g}", f"{p.budget_eur:,.0f}", "" if p.jobs is None else _jobs(p.jobs),
                  "" if p.cost_eur is None else f"{p.cost_eur:,.0f}", p.status + (" (carried)" if p.carried else ""),
                  "" if p.gap is None else f"{p.gap:.3%}", str(len(p.selected)))
    out.print(t)


@main.command()
@CASE_ARG
@click.option("--step-eur", type=FiniteFloat(0, None, min_open=True), default=1e6, show_default=True,
              help="The step of budget, EUR.")
@click.option("--year", type=int, help="Move only this year's budget (and the total with it).")
@EXECUTOR
@SWEEP_FORMAT
@SWEEP_OUT
@FORCE
def marginal(case, step_eur, year, executor, fmt, out, force) -> None:
    """Where does the next million do most: per domain, jobs won with a step more and lost with a step less."""
    from portfolio.sweeps import marginal as run_marginal
    from portfolio.sweeps.output import marginal_csv, write_solution

    c = _load(case)
    if year is not None and year not in c.years:
        raise click.BadParameter(f"{year} is not a budget year of the case ({', '.join(map(str, c.years)) or 'none'})",
                                 param_hint="--year")
    folder = _sweep_folder(out, force)
    on_done = (lambda key, sol: write_solution(folder, key.replace(":", "_"), sol)) if folder else None
    result = _run_sweep(lambda: run_marginal(c, step_eur, year, _executor(executor), on_done))
    if folder:
        _err(f"wrote {marginal_csv(folder, result)} and one JSON per solve")
    _finish(result, fmt, print_marginal)


def print_marginal(result, out: Console) -> None:
    from portfolio.sweeps.target import jobs_text

    when = f" in {result.year}" if result.year else ""
    t = Table(title=f"Value of EUR {result.step_eur:,.0f} more or less per domain{when}",
              caption=f"base: {result.base_status}, {_jobs(result.base_jobs or 0)} jobs; each figure is the "
                      "difference of two exact solves; next step: the least extra amount that buys any job")
    for col, just in (("domain", "left"), ("+ jobs", "right"), ("- jobs", "right"), ("+ in", "left"),
                      ("+ out", "left"), ("- in", "left"), ("- out", "left"), ("status +/-", "left"),
                      ("next step EUR", "right"), ("its jobs", "right")):
        t.add_column(col, justify=just)
    for d in result.domains:
        t.add_row(d.domain, "" if d.plus_jobs is None else f"{d.plus_jobs:+,.1f}",
                  "" if d.minus_jobs is None else f"{-d.minus_jobs:+,.1f}", ", ".join(d.plus_entering),
                  ", ".join(d.plus_leaving), ", ".join(d.minus_entering), ", ".join(d.minus_leaving),
                  f"{d.plus_status}/{d.minus_status}",
                  "none" if d.next_step_eur is None else f"{d.next_step_eur:,.2f}".removesuffix(".00"),
                  "" if d.next_step_jobs is None else "+" + jobs_text(d.next_step_jobs))
    out.print(t)
    for d in result.domains:
        if d.next_step_note:
            out.print(f"{d.domain} ({d.name}): next step {d.next_step_note}")


@main.command()
@CASE_ARG
@click.option("--rate", type=FiniteFloat(0, 1, min_open=True), help="Target employment rate, e.g. 0.80.")
@click.option("--jobs", type=FiniteFloat(0, None, min_open=True), help="Target number of extra jobs.")
@click.option("--curve", type=Points(0, 1, low_open=True), metavar="START:STOP:COUNT",
              help=f"Sweep target rates start:stop:count (e.g. 0.77:0.80:7; 0 < rate <= 1, at most "
                   f"{MAX_POINTS:,} points) and plot cost against rate.")
@EXECUTOR
@SWEEP_FORMAT
@SWEEP_OUT
@FORCE
def target(case, rate, jobs, curve, executor, fmt, out, force) -> None:
    """The cheapest portfolio that reaches a target (--rate or --jobs), or the shortfall when none can."""
    from portfolio.sweeps import target_curve
    from portfolio.sweeps.output import plot_targets, target_csv, write_solution

    c = _load(case)
    if sum(x is not None for x in (rate, jobs, curve)) != 1:
        raise click.UsageError("give one of --rate, --jobs or --curve")
    if (rate is not None or curve is not None) and c.baseline is None:
        raise click.UsageError("a target rate needs the case's baseline (case.yaml `baseline`); give --jobs")
    rates = curve if curve is not None else [rate]
    folder = _sweep_folder(out, force)
    result = _run_sweep(lambda: target_curve(c, rates, jobs=jobs, executor=_executor(executor)))
    if folder:
        for p in result.points:
            write_solution(folder, "jobs" if p.rate is None else f"rate-{p.rate:g}", p.solution)
        plotted = curve is not None and not result.interrupted  # after Ctrl-C no plot, as for the frontier
        written = [target_csv(folder, result)] + (plot_targets(folder, result) if plotted else [])
        _err(f"wrote {', '.join(map(str, written))} and one JSON per target")
    if curve is None and not result.interrupted:
        point = result.points[0]
        if fmt == "json":
            click.echo(point.model_dump_json(indent=2))
        else:
            print_targets(result, _console())
    else:
        _finish(result, fmt, print_targets)
    if not any(p.reachable for p in result.points):
        _err("no portfolio reaches " + ("the target" if curve is None else "any target of the curve"))
        raise SystemExit(EXIT_NO_PORTFOLIO)


def print_targets(result, out: Console) -> None:
    from portfolio.sweeps.target import jobs_text, target_text

    below = any(p.jobs_target <= 0 for p in result.points)
    caption = ("jobs needed 0: the baseline already reaches the target; the cost is what the rules ask for"
               if below else "unreachable: jobs and rate are those of the portfolio with the most jobs")
    t = Table(title="Targets: the cheapest portfolio that reaches each, or the shortfall", caption=caption)
    for col, just in (("target rate", "right"), ("jobs needed", "right"), ("reachable", "left"),
                      ("cost EUR", "right"), ("jobs", "right"), ("jobs short", "right"),
                      ("rate reached", "right"), ("status", "left")):
        t.add_column(col, justify=just)
    for p in result.points:
        sol = p.solution
        t.add_row("" if p.rate is None else f"{p.rate:.3%}", target_text(max(0.0, p.jobs_target)),
                  {True: "yes", False: "no", None: "undecided"}[p.reachable],
                  f"{sol.cost_total_eur:,.0f}" if p.reachable else "",
                  "" if sol.jobs_total is None else jobs_text(sol.jobs_total),
                  "" if p.shortfall_jobs is None or p.reachable else jobs_text(p.shortfall_jobs),
                  "" if p.rate_reached is None else f"{p.rate_reached:.3%}",
                  "infeasible" if p.reachable is False else
                  sol.status.value + (" (carried)" if p.carried else ""))
    out.print(t)
    for p in result.points:
        out.print(("" if p.rate is None else f"{p.rate:.3%}: ") + p.message)


# --------------------------------------------------------------------------- uncertainty and alternatives


def _uncertainty(c: Case, solution: Solution, samples: int):
    """The report's uncertainty section; Ctrl-C exits 130 and writes nothing."""
    from portfolio.uncertainty import uncertainty_report

    return _run_study(lambda: uncertainty_report(c, solution, samples))


def _run_study(call):
    """Run an uncertainty study as a sweep; a case without a portfolio at its central effects exits 3."""
    from portfolio.uncertainty import NoPortfolio

    try:
        return _run_sweep(call)
    except NoPortfolio as err:
        _err(str(err))
        raise SystemExit(EXIT_NO_PORTFOLIO) from None


@main.command()
@CASE_ARG
@click.option("--samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Effect sets to draw; each is solved exactly.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Seed of the draws: the same seed gives the same numbers, whatever the executor.")
@click.option("--dist", type=click.Choice(["uniform", "triangular", "pert"]), default="triangular", show_default=True,
              help="How an effect is drawn in its range: evenly, peaking at the effect, or PERT (beta, mode the effect).")
@click.option("--correlation", type=click.Choice(["independent", "per-action", "per-barrier"]), default="independent",
              show_default=True, help="One draw per reach row, per action (all its rows), or per first barrier.")
@click.option("--target-jobs", type=FiniteFloat(0, None),
              help="Jobs target of the probability (default: the nominal portfolio's jobs; min_cost: jobs_target).")
@click.option("--optimise", type=click.Choice(["worst_case", "cvar"]),
              help="Also find the robust portfolio and show it beside the nominal one.")
@click.option("--gamma", type=click.IntRange(0, 10_000), default=3, show_default=True,
              help="Worst case: reach rows that may fall to effect_low at once.")
@click.option("--alpha", type=FiniteFloat(0, 1, min_open=True), default=0.1, show_default=True,
              help="CVaR: the share of the worst samples whose mean jobs count.")
@EXECUTOR
@SWEEP_FORMAT
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Write robust.json, frequencies.csv, samples.csv and charts (PNG, SVG) into DIR.")
@FORCE
def robust(case, samples, seed, dist, correlation, target_jobs, optimise, gamma, alpha, executor, fmt, out,
           force) -> None:
    """Monte Carlo over the effect ranges: how often each action is optimal, and the spread of the nominal jobs."""
    from portfolio.uncertainty import study
    from portfolio.uncertainty.output import write_files

    c = _load(case)
    if optimise is not None and c.objective != "max_jobs":
        raise click.UsageError("--optimise maximises jobs; the case's objective is min_cost")
    folder = _sweep_folder(out, force)
    result = _run_study(lambda: study(c, samples, seed, dist, correlation, optimise=optimise, gamma=gamma,
                                      alpha=alpha, target_jobs=target_jobs, executor=_executor(executor)))
    if folder:
        _err(f"wrote {', '.join(str(p) for p in write_files(folder, c, result))}")
    _finish(result, fmt, lambda r, console: print_robust(r, c, console))


def print_robust(result, case: Case, out: Console) -> None:
    """Selection frequencies, the nominal portfolio's jobs over the samples, and the robust portfolio beside it."""
    names = {a.action: a.name for a in case.actions}
    t = Table(title=f"Selection frequency over {result.solved} solved samples ({result.dist}, {result.correlation}, "
                    f"seed {result.seed})", caption="1: in the optimal portfolio of every sample (core); 0: of none")
    for col, just in (("action", "left"), ("name", "left"), ("nominal", "left"), ("frequency", "right")):
        t.add_column(col, justify=just)
    for a in sorted(result.frequency, key=lambda a: (-result.frequency[a], a not in result.selected, a)):
        f = result.frequency[a]
        t.add_row(a, escape(names[a]), "yes" if a in result.selected else "", f"{f:.2f}")
    out.print(t)
    r = result.nominal
    out.print(f"Nominal portfolio ({len(result.selected)} actions, {_jobs(result.jobs)} jobs at the central effects) "
              f"over {result.samples} samples: mean {_jobs(r.mean)}, P5 {_jobs(r.p5)}, P50 {_jobs(r.p50)}, "
              f"P95 {_jobs(r.p95)} (from {_jobs(r.low)} to {_jobs(r.high)}); it reaches {_jobs(result.target_jobs)} "
              f"jobs in {result.p_target:.1%} of the samples.")
    extra = [f"{n} {what}" for n, what in ((result.not_proven, "not proven optimal"),
                                           (result.no_portfolio, "without a portfolio"), (result.failed, "failed"))
             if n]
    out.print(f"Solved {result.solved} of {result.samples} samples exactly" + (f"; {', '.join(extra)}" if extra else ""))
    if result.robust is not None:
        print_robust_portfolio(result.robust, out)


def print_robust_portfolio(r, out: Console) -> None:
    measure = f"worst case, gamma {r.gamma}" if r.optimise == "worst_case" else f"CVaR, alpha {r.alpha:g}"
    t = Table(title=f"Robust portfolio ({measure}) beside the nominal one",
              caption=f"guaranteed: jobs counted whenever at most {r.gamma} reach rows fall to effect_low; "
                      "CVaR: mean jobs of the worst samples")
    t.add_column("")
    portfolios = [p for p in (r.nominal, r.robust) if p is not None]
    for p in portfolios:
        t.add_column(p.name, justify="right")
    value = lambda v: "" if v is None else _jobs(v)  # noqa: E731
    rows = [("jobs at the central effects", [value(p.jobs) for p in portfolios]),
            (f"guaranteed jobs (gamma {r.gamma})", [value(p.guaranteed_jobs) for p in portfolios])]
    if r.alpha is not None:
        rows.append((f"CVaR jobs (alpha {r.alpha:g})", [value(p.cvar_jobs) for p in portfolios]))
    rows += [("P5 over the samples", [value(p.samples.p5 if p.samples else None) for p in portfolios]),
             ("mean over the samples", [value(p.samples.mean if p.samples else None) for p in portfolios]),
             ("cost EUR", [f"{p.cost_eur:,.0f}" for p in portfolios]),
             ("actions", [str(len(p.selected)) for p in portfolios])]
    for label, cells in rows:
        t.add_row(label, *cells)
    out.print(t)
    out.print(f"In the robust portfolio, not the nominal: {', '.join(r.added) or 'none'}; "
              f"left out: {', '.join(r.removed) or 'none'}")
    gap = f", gap {r.gap:.3%}" if r.gap else ""
    out.print(f"Status {r.status}{gap}; backend {r.backend}; time {r.solve_time_s:.2f} s")
    for note in r.notes:
        out.print(f"Note: {escape(note)}")


@main.command()
@CASE_ARG
@click.option("-k", "k", type=click.IntRange(1, 1000), help="How many portfolios (default 5; with --within, at most).")
@click.option("--within", type=FiniteFloat(0, None),
              help="All portfolios whose objective lies within this relative distance of the optimum, e.g. 0.02.")
@SWEEP_FORMAT
def alternatives(case, k, within, fmt) -> None:
    """The k best distinct portfolios (or all within a distance of the optimum) and how each differs from the best."""
    from portfolio.uncertainty import alternatives as run_alternatives

    c = _load(case)
    result = _run_study(lambda: run_alternatives(c, k, within))
    _finish(result, fmt, print_alternatives)


def print_alternatives(result, out: Console) -> None:
    what = f"within {result.within:.2%} of the optimum" if result.within is not None else \
        f"the {len(result.portfolios)} best"
    t = Table(title=f"Alternative portfolios: {what}",
              caption="in/out: actions it holds that the best does not, and actions of the best it leaves out")
    for col, just in (("rank", "right"), ("jobs", "right"), ("cost EUR", "right"), ("status", "left"),
                      ("actions", "right"), ("in", "left"), ("out", "left")):
        t.add_column(col, justify=just)
    for p in result.portfolios:
        t.add_row(str(p.rank), _jobs(p.jobs), f"{p.cost_eur:,.0f}", p.status, str(len(p.selected)),
                  ", ".join(p.added), ", ".join(p.removed))
    out.print(t)
    if result.exhausted:
        out.print("No other portfolio " + ("lies that close." if result.within is not None else "satisfies the rules."))


def _importance(c: Case, solution: Solution, settings):
    """The replacement costs of a solve's actions (`solve --importance`); Ctrl-C exits 130."""
    from portfolio.uncertainty import importance

    result = _run_study(lambda: importance(c, solution, _executor("local"), settings))
    if result.interrupted:
        _err("interrupted: the replacement costs were not all computed")
        raise SystemExit(EXIT_INTERRUPTED)
    return result


def _with_importance(text: str, result) -> str:
    """The solve's JSON with the replacement costs added under `importance` (an extension of the contract)."""
    import json

    return json.dumps({**json.loads(text), "importance": result.model_dump(mode="json")}, indent=2)


def print_importance(result, out: Console) -> None:
    """Each chosen action's replacement cost, the largest first."""
    cost = result.objective == "min_cost"
    t = Table(title="Replacement cost of each chosen action",
              caption="locked out, the rest re-optimised exactly; " + (
                  "extra cost of the cheapest portfolio without it" if cost else "jobs lost against the portfolio"))
    for col, just in (("action", "left"), ("name", "left"), ("extra cost EUR" if cost else "jobs lost", "right"),
                      ("status without it", "left")):
        t.add_column(col, justify=just)
    for a in result.actions:
        loss = a.objective_change if cost else a.jobs_lost
        shown = "indispensable" if a.indispensable else "" if loss is None else f"{loss:,.0f}" if cost else _jobs(loss)
        t.add_row(a.action, escape(a.name) + (" (locked in)" if a.locked_in else ""), shown, a.status)
    out.print(t)


def run() -> None:
    """The `portfolio` command: `main`, then a quick exit.

    Once a command has returned, everything it writes is written and closed (files through atomic_write, the
    answer on stdout), so the interpreter's teardown, which frees a large case, the formulation and the solver
    libraries one object at a time (0.07-0.17 s at 2,000 actions), is skipped: stdout and stderr are flushed and
    the process ends with the command's exit code. A bug still raises its traceback as usual.
    """
    try:
        main()  # standalone mode: always ends in SystemExit
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:  # sys.exit("message"): print it as Python would
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nobody is left to read it
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
