"""A solution JSON written by `solve --out`, read back for one case: checked to belong to it, every figure
recomputed, and its recorded status a claim that a solve of the case proves or not (`check_claim`)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from pydantic import ValidationError

from inputs.textfile import read_text_file
from models import Case, CaseError, Issue, SolveReport, Solution, Status
from models.solution import PHASED_FIELDS
from models.casedata import CaseData
from models.solver import BACKEND_NAMES
from models.phrase import Phrase, pct, phrase
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import state
from portfolio.formulation.objectives import objective
from portfolio.solve import assemble, gap
from portfolio.verify import VerificationError, evaluate

# Recorded figures must match the recomputation this closely (relative): JSON keeps 17 significant digits.
_SAME = 1e-9
_FIELDS = ("jobs_total", "cost_total_eur", "objective_value")
# A recorded gap must match the one its objective and bound give this closely (absolute, a fraction).
_GAP_SAME = 1e-9


def _read_json(path: Path, fail) -> dict:
    text = read_text_file(path, "give a file written by `portfolio solve --out FILE`")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(None, f"is not a solution JSON ({err}); give a file written by `portfolio solve --out`") from None
    except RecursionError:
        raise fail(None, "is not a solution JSON: it is nested too deeply; give a file written by "
                         "`portfolio solve --out`") from None
    if not isinstance(raw, dict):
        raise fail(None, "is not a solution JSON: expected an object with the keys of `solve --format json`")
    return raw


def _failing(path: Path):
    def fail(key: str | None, message: str) -> CaseError:
        return CaseError([Issue(str(path), None, key, message)])
    return fail


def read_plan(path: str | os.PathLike, case: Case) -> dict[str, int] | list[str]:
    """The plan recorded in a solution JSON of `case`: action -> start year (phased case) or the chosen ids.

    Only what the plan decided is read, not checked against the rules: the case may have changed since (a
    budget cut is why one re-plans). Raises CaseError (file and key) for a file that is no solution JSON, a
    plan without a portfolio, actions the case does not have, or start years that are not whole numbers.
    """
    path = Path(path)
    fail = _failing(path)
    raw = _read_json(path, fail)
    for key in ("status", "selected", *(("start_year",) if case.phased else ())):
        if key not in raw:
            raise fail(key, "missing; give a file written by `portfolio solve --out` for this case")
    if raw["status"] not in (Status.OPTIMAL.value, Status.FEASIBLE.value):
        raise fail("status", f"is {raw['status']!r}: this solution has no plan to follow")
    selected = raw["selected"]
    if not isinstance(selected, list) or not all(isinstance(a, str) for a in selected):
        raise fail("selected", "must be a list of action ids")
    unknown = sorted(set(selected) - {a.action for a in case.actions})
    if unknown:
        raise fail("selected", f"names actions the case does not have: {', '.join(unknown)}")
    return _plan(raw, selected, case, fail) if case.phased else list(selected)


def load_solution(path: str | os.PathLike, case: Case) -> Solution:
    """The solution in `path` as a Solution of `case`, recomputed from the case and its chosen actions.

    Raises CaseError (located at the file and key) when the file is not a solution JSON, names another case,
    chooses actions the case does not have, breaks a rule of the case, or records figures that the case's
    data no longer give (the case was edited after the solve).
    """
    path = Path(path)
    fail = _failing(path)
    raw = _read_json(path, fail)
    keys = [k for k, f in Solution.model_fields.items() if not f.exclude and (case.phased or k not in PHASED_FIELDS)]
    missing = [k for k in keys if k not in raw]
    if "case" in raw and raw["case"] != case.name:  # before the keys: another case may lack this one's
        raise fail("case", f"is {raw['case']!r}, but the case is {case.name!r}; "
                           "this solution belongs to another case")
    if missing:
        raise fail(missing[0], f"missing; a solution JSON has the keys {', '.join(missing)}")
    try:
        status = Status(raw["status"])
    except ValueError:
        raise fail("status", f"{raw['status']!r} is not a status ({', '.join(s.value for s in Status)})") from None
    if raw["backend"] not in BACKEND_NAMES:
        raise fail("backend", f"{raw['backend']!r} is not a backend of this toolkit "
                              f"({', '.join(BACKEND_NAMES)})")
    if raw["objective"] != case.objective:
        raise fail("objective", f"is {raw['objective']!r}, but the case asks {case.objective!r}")
    selected = raw["selected"]
    if not isinstance(selected, list) or not all(isinstance(a, str) for a in selected):
        raise fail("selected", "must be a list of action ids")
    data = CaseData.of(case)
    unknown = sorted(set(selected) - set(data.actions))
    if unknown:
        raise fail("selected", f"names actions the case does not have: {', '.join(unknown)}; "
                               "this solution belongs to another case or version")
    plan = _plan(raw, selected, case, fail) if case.phased and status.has_portfolio else selected
    try:
        ev = evaluate(case, plan, data) if status.has_portfolio else None
    except ValueError as err:
        raise fail("start_year", f"{err}; the case changed after the solve") from None
    if ev is not None:
        if not ev.feasible:
            broken = "; ".join(f"{c.name}: {c.value:,.2f} {c.sense} {c.limit:,.2f}" for c in ev.violations)
            raise fail("selected", f"breaks rules of this case ({broken}); the case changed after the solve")
        for key in _FIELDS:
            recorded, now = raw.get(key), getattr(ev, key, None) if key != "objective_value" else (
                ev.objective_value(case.objective))
            if not _same(recorded, now):
                raise fail(key, f"records {recorded!r}, but the case's data give {now!r}; "
                                "the case changed after the solve, so solve it again")
    elif selected:
        raise fail("selected", f"lists actions although the status is {status.value}")
    try:
        bound, recorded_gap = _number(raw["bound"]), _number(raw["gap"])
    except (TypeError, ValueError) as err:
        raise fail(None, f"is not a valid solution JSON: {err}") from None
    value = ev.objective_value(case.objective) if ev else None
    _check_bound_and_gap(case, status, value, bound, recorded_gap, fail)
    try:
        report = SolveReport(
            backend=str(raw["backend"]), solver_status=f"read from {path.name}", time_limit_s=1.0, mip_gap=0.0,
            threads_requested=1, threads_used=1, seed=0, notes=(f"recomputed from {path.name}; the solver's "
                                                                 "settings are not part of the solution file",),
        )
        return assemble(data, ev, status=status, bound=bound, gap=recorded_gap,
                        backend=str(raw["backend"]), solve_time_s=float(raw["solve_time_s"]), report=report,
                        message=f"read from {path.name}")
    except (ValidationError, TypeError, ValueError) as err:
        raise fail(None, f"is not a valid solution JSON: {err}") from None


def _plan(raw: dict, selected: list[str], case: Case, fail) -> dict[str, int]:
    """The recorded start year of each selected action of a phased case (refused through `fail`)."""
    starts = raw["start_year"]
    if not isinstance(starts, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in starts.values()):
        raise fail("start_year", "must map each selected action to its start year (a whole number)")
    if set(starts) != set(selected):
        odd = sorted(set(starts) ^ set(selected))
        raise fail("start_year", f"does not name the selected actions exactly (differs in {', '.join(odd)})")
    return {a: starts[a] for a in selected}


def _check_bound_and_gap(case: Case, status: Status, value: float | None, bound: float | None,
                         recorded: float | None, fail) -> None:
    """Refuse (through `fail(key, message)`) a status, bound and gap that contradict each other or the
    objective `value` of the recomputed portfolio (None: no portfolio)."""
    if recorded is not None and recorded < 0:
        raise fail("gap", f"is {recorded!r}, negative; a gap is a fraction from 0 up")
    if value is None:
        if recorded is not None:
            raise fail("gap", f"is {recorded!r} although the status {status.value} has no portfolio; "
                              "it must be null")
        if status == Status.INFEASIBLE and bound is not None:
            raise fail("bound", f"is {bound!r} although the status is infeasible; it must be null")
        return
    if bound is None:
        if recorded is not None:
            raise fail("gap", f"is {recorded!r} without a bound; a gap needs a proven bound (else null)")
        if status == Status.OPTIMAL:
            raise fail("bound", "is null although the status is optimal; an optimum comes with its bound")
        return
    sense = objective(case.objective).sense
    try:
        expected = gap(value, bound, sense)
    except ValueError:
        side = "below" if sense == "max" else "above"
        raise fail("bound", f"is {bound!r}, {side} the objective {value!r}: on the wrong side of the "
                            f"objective for {case.objective}; a proven bound never is") from None
    if recorded is None or abs(recorded - expected) > _GAP_SAME:
        raise fail("gap", f"is {recorded!r}, but the objective and the bound give {expected!r}")
    tolerance = case.solver.mip_gap
    if status == Status.OPTIMAL and expected > tolerance + _GAP_SAME:
        raise fail("status", f"is optimal with a gap of {expected:.4%}, beyond the case's mip_gap of "
                             f"{tolerance:.4%}; an optimum is proven within it")


def check_claim(case: Case, recorded: Solution, proof: Solution) -> Solution:
    """`recorded` (from `load_solution`) with the status, bound and gap that `proof`, a solve of `case`,
    proves.

    Equal objectives within the proof's mip_gap: optimal, proven for this case, with the proof's bound. A
    better portfolio in the proof: feasible, with the proven bound and the gap recomputed. No proof (time
    limit): feasible (or no_solution), "as recorded, not proven for this case". The message says which, and
    what the file recorded. Raises CaseError when the file records infeasible but the case has a portfolio;
    VerificationError when the proof contradicts the recorded portfolio, which keeps every rule (a solver
    bug).
    """
    name = recorded.details.message.removeprefix("read from ")

    def claim(verdict) -> Phrase:
        return phrase("solver.claim", name=name, status=state(recorded.status), backend=recorded.backend,
                      verdict=verdict)

    by_words = f"a solve with {proof.backend}"
    by = phrase("solver.claim.by", backend=proof.backend)
    if not recorded.status.has_portfolio:
        if proof.status.has_portfolio and recorded.status == Status.INFEASIBLE:
            found = f"is infeasible, but {by_words} found a portfolio ({proof.objective_value!r}); solve it again"
            raise CaseError([Issue(name, None, "status", found)])
        if proof.status.has_portfolio:
            verdict = phrase("solver.claim.found", by=by, objective=case.objective, value=repr(proof.objective_value))
        elif proof.status == Status.INFEASIBLE:
            verdict = phrase("solver.claim.infeasible")
        else:
            verdict = phrase("solver.claim.as_recorded")
        status = Status.INFEASIBLE if proof.status == Status.INFEASIBLE else Status.NO_SOLUTION
        return _judged(recorded, status, None, None, claim(verdict), None)
    if proof.status == Status.INFEASIBLE:
        raise VerificationError(f"{by_words} found it infeasible, but the portfolio of {name} keeps every rule")
    value, bound, sense = recorded.objective_value, proof.bound, objective(case.objective).sense
    try:
        proven_gap = gap(value, bound, sense)
    except ValueError as err:
        raise VerificationError(f"{by_words} proved a bound the portfolio of {name} beats: {err}") from None
    source = f"a solve of this case with {proof.backend}" if bound is not None else None
    if proven_gap is not None and proven_gap <= proof.details.report.mip_gap:
        return _judged(recorded, Status.OPTIMAL, bound, proven_gap,
                       claim(phrase("solver.claim.optimal", by=by, bound=repr(bound))), source)
    better = proof.status.has_portfolio and (proof.objective_value > value if sense == "max"
                                             else proof.objective_value < value)
    if better:
        verdict = phrase("solver.claim.better", objective=case.objective, value=repr(proof.objective_value),
                         recorded=repr(value), gap=pct(proven_gap, 4), by=by)
    elif proven_gap is not None:
        verdict = phrase("solver.claim.as_recorded_gap", gap=pct(proven_gap, 4), by=by)
    else:
        verdict = phrase("solver.claim.as_recorded")
    return _judged(recorded, Status.FEASIBLE, bound, proven_gap, claim(verdict), source)


def _judged(recorded: Solution, status: Status, bound: float | None, proven_gap: float | None, message: Phrase,
            source: str | None) -> Solution:
    """`recorded` with the derived status, proven bound and gap, the message saying so (in English, and as the
    phrase a report says in its language), the bound's source."""
    report = recorded.details.report.model_copy(update={"bound_source": source})
    return recorded.model_copy(update={
        "status": status, "bound": bound, "gap": proven_gap,
        "details": recorded.details.model_copy(update={"message": english(message), "words": message,
                                                        "report": report}),
    })


def _number(value) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _same(recorded, now) -> bool:
    if recorded is None or now is None:
        return recorded is now
    try:
        return abs(float(recorded) - now) <= _SAME * max(1.0, abs(now))
    except (TypeError, ValueError):
        return False
