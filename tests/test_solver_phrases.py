"""What a solve says about itself (issue 23, point 5): the English each message had before it became a phrase
(models.phrase) is the text the JSON and str() still carry, and the phrase says it in Dutch too."""

from __future__ import annotations

import functools
import re

import pytest

from conftest import TEMPLATE
from inputs import load_case
from models import SolverSettings, Status
from models.solver import SolveReport
from portfolio.backends import RawResult, available, get_backend
from portfolio.backends.base import RawStatus, SolverRun
from portfolio.core.phrases import english, say
from portfolio.core.phrases.solver import SENTENCES, said
from portfolio.formulation.build import build
from portfolio.instances.generate import derive, hard_case
from portfolio.solve import make_solution, solve
from portfolio.verify import evaluate
from test_reports_dutch import english_fragments, english_in

needs = {b: pytest.mark.skipif(b not in available(), reason=f"{b} is not installed")
         for b in ("cbc", "cpsat", "scip")}


@functools.cache
def template():
    return load_case(TEMPLATE)


def words(solution) -> str:
    """The message of `solution` and its phrase said in English: they must be one text."""
    d = solution.details
    assert d.words is not None, d.message
    assert english(d.words) == d.message
    return d.message


@pytest.mark.parametrize("backend, message", [
    ("highs", "HiGHS: Optimal"),
    pytest.param("cbc", "CBC: Optimal solution found; cbc's optimum confirmed by highs", marks=needs["cbc"]),
    pytest.param("cpsat", "CP-SAT: OPTIMAL", marks=needs["cpsat"]),
    pytest.param("scip", "SCIP: OPTIMAL", marks=needs["scip"]),
])
def test_an_optimum_says_what_it_said_before(backend, message):
    found = solve(template(), backend=backend)
    assert words(found) == message
    report = found.details.report
    if backend == "cbc":  # confirmed by HiGHS: the bound is the claim's, proven
        beyond = report.bound_source.removeprefix("highs: nothing better than ").removesuffix(" exists")
        assert float(beyond) > found.objective_value and report.bound_source == (
            f"highs: nothing better than {float(beyond):.10g} exists")
        assert [english(p) for p in report.phrases] == [report.notes[-1], report.bound_source]


@pytest.mark.parametrize("backend, message", [
    ("highs", "HiGHS: Time limit reached"),
    pytest.param("cbc", "CBC: Stopped on time limit", marks=needs["cbc"]),
    pytest.param("cpsat", "CP-SAT: UNKNOWN", marks=needs["cpsat"]),
])
def test_a_stop_at_the_time_limit_says_what_it_said_before(backend, message):
    stopped = solve(hard_case(0), backend=backend, time_limit_s=0.001, mip_gap=0)
    assert stopped.status == Status.NO_SOLUTION
    assert words(stopped) == message


def test_an_infeasible_case_says_its_conflicts_or_that_the_rules_cannot_all_hold():
    t = template()
    obvious = solve(derive(t, objective="min_cost", jobs_target=5000), backend="highs")
    assert obvious.status == Status.INFEASIBLE
    assert words(obvious) == ("jobs_target: the target of 5,000 jobs exceeds the sum of the groups' "
                              "max_extra_jobs (1,500)")
    hidden = solve(derive(t, rules={"max_actions": 0}), backend="highs")
    assert words(hidden) == "the rules cannot all hold at once (no single obvious cause found)"
    assert say(hidden.details.words, "nl") == ("de regels kunnen niet allemaal tegelijk gelden (geen enkele "
                                               "duidelijke oorzaak gevonden)")


def _raw(status: RawStatus, values=None, message="X: words") -> RawResult:
    """A rounded model's answer, as a backend that solves one (CP-SAT) returns it."""
    settings = SolverSettings()
    report = SolveReport(backend="x", solver_status=message, time_limit_s=settings.time_limit_s,
                         mip_gap=settings.mip_gap, threads_requested=1, threads_used=1, seed=0)
    return RawResult(status, values, None, None, 0.1, message, exact=False, report=report)


def test_a_rounded_model_says_what_it_said_before():
    t = template()
    form = build(t)
    best = solve(t, backend="highs")
    chosen = set(best.selected)
    values = [0.0] * len(form.columns)
    for a, j in form.action_columns.items():
        values[j] = 1.0 if a in chosen else 0.0
    optimal = make_solution(t, form, _raw(RawStatus.OPTIMAL, values, "HiGHS: Optimal"), "x")
    assert optimal.status == Status.FEASIBLE
    assert words(optimal) == "HiGHS: Optimal; optimal for the rounded model, not proven for the exact one"
    assert say(optimal.details.words, "nl") == ("HiGHS: optimaal; optimaal voor het afgeronde model, niet "
                                                "bewezen voor het exacte")
    everything = [1.0 if j in form.action_columns.values() else 0.0 for j in range(len(form.columns))]
    broken = ", ".join(c.name for c in evaluate(t, list(form.action_columns)).violations)
    breaks = make_solution(t, form, _raw(RawStatus.FEASIBLE, everything), "x")
    assert breaks.status == Status.NO_SOLUTION
    assert words(breaks) == f"x solved a rounded model whose answer breaks {broken}; use another backend"
    infeasible = make_solution(t, form, _raw(RawStatus.INFEASIBLE), "x")
    assert infeasible.status == Status.NO_SOLUTION
    assert words(infeasible) == "x found its rounded model infeasible; the exact model was not decided"


@needs["cbc"]
def test_a_claim_of_cbc_checked_or_not_says_what_it_said_before():
    t = template()
    form = build(t)
    settings = SolverSettings(time_limit_s=30)
    cbc = get_backend("cbc")
    best = get_backend("highs").solve(form, settings)
    without = form.copy()  # a worse portfolio: the optimum with one of its actions left out
    a = next(a for a, j in form.action_columns.items() if best.values[j] > 0.5)
    without.set_column_bounds(form.columns[form.action_columns[a]].name, 0, 0)
    worse = get_backend("highs").solve(without, settings).values
    claimed = form.objective_value(worse)
    claim = SolverRun("optimal", "CBC: Optimal solution found", worse, None, "CBC log")
    beaten = cbc.result(form, settings, cbc.confirmed(form, settings, claim, 0.0), 0.0)
    assert beaten.message == (f"CBC: Optimal solution found; cbc claimed optimality of {claimed:.10g}; highs found "
                              f"{best.objective:.10g} and proved it optimal: the portfolio is its")
    unchecked = cbc.result(form, settings, cbc.confirmed(form, settings, claim, 0.0, check=False), 0.0)
    assert unchecked.message == "CBC: Optimal solution found (not confirmed)"
    assert beaten.report.notes[-1] == beaten.message.removeprefix("CBC: Optimal solution found; ")
    assert unchecked.report.notes[-1] == (f"cbc claimed optimality of {claimed:.10g}; the race's other solver "
                                          "decides, so the portfolio is reported as found, not proven")
    short = cbc.result(form, settings, cbc.confirmed(form, settings.model_copy(update={"time_limit_s": 1}), claim,
                                                     5.0), 0.0)
    assert short.report.notes[-1] == (f"cbc claimed optimality of {claimed:.10g}; no time was left to confirm it, "
                                      "so the portfolio is reported as found, not proven")
    for raw in (beaten, unchecked, short):
        assert english(raw.words) == raw.message
        assert english(raw.report.phrases[0]) == raw.report.notes[-1]
        assert not english_in(say(raw.report.phrases[0], "nl"), english_fragments())
    assert say(unchecked.words, "nl") == "CBC: optimale oplossing gevonden (niet bevestigd)"
    assert "vond" in say(beaten.words, "nl") and "claimed" not in say(beaten.words, "nl")


@pytest.mark.parametrize("key", sorted(k for k in SENTENCES if k.startswith("solver.status.")))
def test_each_status_word_of_a_solver_is_said_as_the_solver_wrote_it_and_in_dutch(key):
    nl, en = SENTENCES[key]
    words_ = said(f"HiGHS: {en}")
    assert english(words_) == f"HiGHS: {en}"
    assert say(words_, "nl") == f"HiGHS: {nl}"
    assert not english_in(say(words_, "nl"), english_fragments())


def test_words_the_catalogue_does_not_know_stay_the_solvers():
    assert said("CBC: infeasible before solving: row r has no terms") == "CBC: infeasible before solving: row r " \
                                                                         "has no terms"
    assert said("no colon here") == "no colon here"


@pytest.fixture(scope="module")
def stopped_folders(tmp_path_factory):
    """Case folders of solves without a portfolio: the hard case (a tiny time limit stops it) and an infeasible
    case with no obvious cause."""
    from inputs import write_case

    root = tmp_path_factory.mktemp("cases")
    write_case(hard_case(0), root / "hard")
    write_case(derive(template(), rules={"max_actions": 0}), root / "infeasible")
    return root


@pytest.mark.parametrize("folder, extra, dutch, english_words", [
    ("hard", ["--backend", "highs", "--time-limit", "0.001", "--gap", "0"], "HiGHS: tijdslimiet bereikt",
     "Time limit reached"),
    ("infeasible", ["--backend", "highs"], "de regels kunnen niet allemaal tegelijk gelden",
     "cannot all hold"),
])
def test_solve_lang_nl_says_the_solvers_message_in_dutch(stopped_folders, folder, extra, dutch, english_words):
    from click.testing import CliRunner

    from cli import main

    done = CliRunner().invoke(main, ["solve", str(stopped_folders / folder), "--lang", "nl", *extra])
    assert done.exit_code == 3, done.output
    assert dutch in done.stdout and english_words not in done.stdout
    english = CliRunner().invoke(main, ["solve", str(stopped_folders / folder), "--lang", "en", *extra])
    assert english_words in english.stdout
    if folder == "hard":
        assert f"no_solution: {dutch}" in done.stderr and "Solver: HiGHS: tijdslimiet bereikt" in done.stdout


def _reached_text(sol, proof: str) -> str:
    from portfolio.sweeps.target import jobs_text

    return (f"{len(sol.selected)} actions for EUR {sol.cost_total_eur:,.0f}, {jobs_text(sol.jobs_total)} extra "
            f"jobs reach the target{proof}")


def _target_points():
    """A point of each kind of a target curve of the template (baseline 75 %, at most 590 extra jobs): below
    the baseline, reachable, unreachable, carried from a higher target, undecided, and on a case without any
    portfolio."""
    from portfolio.sweeps import Executor, target_curve
    from portfolio.sweeps.target import _result, monotone

    case = template()
    inline = Executor(progress=False)
    below, reached, short = target_curve(case, [0.74, 0.752, 0.78], executor=inline).points
    high = target_curve(case, [0.755], executor=inline).points[0]
    poor = solve(case.model_copy(update={"objective": "max_jobs"}))
    stopped = reached.model_copy(update={"solution": poor.model_copy(update={"status": Status.FEASIBLE})})
    carried = monotone(case, [stopped, high])[0]
    hard = solve(hard_case(0), backend="highs", time_limit_s=0.001, mip_gap=0)
    undecided = _result(case, None, 100.0, hard, None)
    none = target_curve(derive(case, rules={"max_actions": 0}), [0.752], executor=inline).points[0]
    return dict(below=below, reached=reached, short=short, carried=carried, undecided=undecided, none=none)


def test_each_kind_of_target_point_says_what_it_said_before():
    from portfolio.sweeps.target import jobs_text

    p = _target_points()
    sol = p["below"].solution
    assert p["below"].message == (f"the baseline already reaches the target: no extra jobs are needed; the rules "
                                  f"still ask for {len(sol.selected)} actions for EUR {sol.cost_total_eur:,.0f}, "
                                  f"{jobs_text(sol.jobs_total)} extra jobs (the cheapest portfolio, proven)")
    assert p["reached"].message == _reached_text(p["reached"].solution, " (the cheapest portfolio, proven)")
    short = p["short"]
    assert short.message == (f"within the budgets and rules the rate reaches at most {short.rate_reached:.3%}; "
                             f"{jobs_text(short.shortfall_jobs)} jobs short of the target of "
                             f"{short.jobs_target:,.10g}")
    assert p["carried"].message == _reached_text(p["carried"].solution, "") + (
        " (carried from a higher target: a cheaper portfolio may exist)")
    assert p["carried"].solution.details.message.startswith("carried: the cheapest portfolio of the target of ")
    assert p["undecided"].message == "undecided: no_solution; HiGHS: Time limit reached"
    assert p["none"].message == ("no portfolio keeps the case's rules: the rules cannot all hold at once (no "
                                 "single obvious cause found)")
    for point in p.values():
        assert english(point.words) == point.message
        assert not english_in(say(point.words, "nl"), english_fragments()), say(point.words, "nl")


def test_the_next_steps_notes_say_what_they_said_before_and_in_dutch():
    """The value of a step (sweep marginal): each domain's note about its next step, on the template (no amount
    helps: an overlap group binds, or every action fits), on a random case (a step proven) and that case
    with every group capped at the base's jobs."""
    from portfolio.instances.generate import random_case
    from portfolio.sweeps import Executor, marginal

    inline = Executor(progress=False)
    case = random_case(5, n_actions=9, n_groups=2, n_domains=3, per_year=True, tightness=0.45)
    base = solve(case)
    capped = case.model_copy(update={"groups": tuple(
        g.model_copy(update={"max_extra_jobs": base.jobs_by_group[g.group]}) for g in case.groups)})
    notes = [d for c, step in ((template(), 1e6), (case, 1e5), (capped, 1e5))
             for d in marginal(c, step, executor=inline).domains]
    assert {d.next_step_note for d in notes} >= {
        "no amount helps: with room here the best portfolio still has 590.0 jobs; at their limit: overlap[opvang]",
        "no amount helps: every action of the domain already fits its budget",
        "the least amount, proven; the jobs are optimal",
        "no amount helps: the groups' caps (max_extra_jobs) allow 581.1 extra jobs and the base reaches 581.1",
    }
    for d in notes:
        assert english(d.next_step_words) == d.next_step_note
        assert not english_in(say(d.next_step_words, "nl"), english_fragments()), say(d.next_step_words, "nl")
    skipped = marginal(case, 1e5, executor=inline, next_steps=False).domains[0]
    assert skipped.next_step_note == "not computed" and say(skipped.next_step_words, "nl") == "niet berekend"


@needs["cpsat"]
def test_what_ran_is_said_in_the_terminals_language():
    """print_run of a CP-SAT solve of data it must round: the solver's words, the scaling line, in Dutch and
    exactly as before in English."""
    from test_solver_contract import ugly_case

    found = solve(ugly_case(), backend="cpsat")
    res = found.details.report.resolution
    assert res is not None and not res.exact
    shown = {lang: _run_shown(found, lang) for lang in ("en", "nl")}
    assert f"Integer scaling: rounded, jobs counted in steps of {res.jobs_resolution:g}; rounded: " in shown["en"]
    assert "Schaal naar gehele getallen: afgerond, jobs geteld in stappen van" in shown["nl"]
    assert "Integer scaling" not in shown["nl"] and "optimaal voor het afgeronde model" in shown["nl"]
    assert found.details.message == (f"CP-SAT: OPTIMAL on a rounded model ({'; '.join(res.rounded)}); optimal for "
                                     "the rounded model, not proven for the exact one")
    assert "Solver: CP-SAT: optimaal op een afgerond model (" in shown["nl"]


def test_the_note_on_start_years_is_said_as_before_and_in_dutch():
    """The second solve of a phased optimum (the plan whose jobs come earliest) notes itself: the same English,
    and a Dutch line with no English fragment of the catalogue."""
    from portfolio.instances.phased import phased_case

    found = solve(phased_case(24, 7), backend="highs")
    notes = [n for n in found.details.report.notes if n.startswith("start years:")]
    assert len(notes) == 1, found.details.report.notes
    assert notes[0].startswith(f"start years: among plans of these actions with this {found.objective} value, the "
                               "one whose jobs come earliest (a second solve by highs, ")
    shown = {lang: _run_shown(found, lang) for lang in ("en", "nl")}
    assert notes[0] in shown["en"]
    assert "startjaren" in shown["nl"] and not english_in(shown["nl"], english_fragments()), shown["nl"]


@pytest.mark.parametrize("command", [["solve", "--backend", "highs"], ["target", "--rate", "0.76"]])
def test_the_status_lines_on_stderr_follow_the_language(stopped_folders, command):
    """solve and target on an infeasible case: the line on stderr that says there is no portfolio is Dutch in
    a Dutch terminal (no English fragment of the labels, the terminal's words or the phrases) and as before in
    English."""
    from click.testing import CliRunner

    from cli import main
    from portfolio.present.words import TERMINAL

    folder = str(stopped_folders / "infeasible")
    fragments = english_fragments((*SENTENCES.values(), *TERMINAL.values()))
    dutch = CliRunner().invoke(main, [*command, folder, "--lang", "nl"])
    english = CliRunner().invoke(main, [*command, folder, "--lang", "en"])
    assert dutch.exit_code == english.exit_code == 3, dutch.output
    names = r"\S+\.(?:csv|yaml)\S*|\b[\w.]*_\w*\b"  # file:row:column and setting keys stay as written
    assert not english_in(re.sub(names, " ", dutch.stderr), fragments), dutch.stderr
    said = "infeasible: no portfolio satisfies every rule" if command[0] == "solve" else \
        "no portfolio reaches the target"
    assert said in english.stderr


def _run_shown(found, lang: str) -> str:
    """What print_run shows of the solve `found` in a terminal of `lang` (the language is English after)."""
    import io

    from rich.console import Console

    from portfolio.present.solve import print_run
    from portfolio.present.text import use_language

    use_language(lang)
    try:
        out = io.StringIO()
        print_run(found, Console(file=out, width=400, highlight=False))
        return out.getvalue()
    finally:
        use_language("en")
