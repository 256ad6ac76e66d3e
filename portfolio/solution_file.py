"""A solution JSON written by `solve --out`, read back for one case: checked to belong to it, every figure recomputed."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from pydantic import ValidationError

from models import Case, CaseError, Issue, SolveReport, Solution, Status
from models.casedata import CaseData
from portfolio.solve import assemble
from portfolio.verify import evaluate

# Recorded figures must match the recomputation this closely (relative): JSON keeps 17 significant digits.
_SAME = 1e-9
_FIELDS = ("jobs_total", "cost_total_eur", "objective_value")


def load_solution(path: str | os.PathLike, case: Case) -> Solution:
    """The solution in `path` as a Solution of `case`, recomputed from the case and its chosen actions.

    Raises CaseError (located at the file and key) when the file is not a solution JSON, names another case,
    chooses actions the case does not have, breaks a rule of the case, or records figures that the case's
    data no longer give (the case was edited after the solve).
    """
    path = Path(path)
    where = str(path)

    def fail(key: str | None, message: str) -> CaseError:
        return CaseError([Issue(where, None, key, message)])

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(None, "does not exist; give a file written by `portfolio solve --out FILE`") from None
    except IsADirectoryError:
        raise fail(None, "is a folder; give a file written by `portfolio solve --out FILE`") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise fail(None, f"is not a solution JSON ({err}); give a file written by `portfolio solve --out`") from None
    if not isinstance(raw, dict):
        raise fail(None, "is not a solution JSON: expected an object with the keys of `solve --format json`")
    missing = [k for k in Solution.model_fields if k != "details" and k not in raw]
    if missing:
        raise fail(missing[0], f"missing; a solution JSON has the keys {', '.join(missing)}")
    try:
        status = Status(raw["status"])
    except ValueError:
        raise fail("status", f"{raw['status']!r} is not a status ({', '.join(s.value for s in Status)})") from None
    if raw["case"] != case.name:
        raise fail("case", f"is {raw['case']!r}, but the case is {case.name!r}; this solution belongs to another case")
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
    ev = evaluate(case, selected, data) if status.has_portfolio else None
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
        report = SolveReport(
            backend=str(raw["backend"]), solver_status=f"read from {path.name}", time_limit_s=1.0, mip_gap=0.0,
            threads_requested=1, threads_used=1, seed=0, notes=(f"recomputed from {path.name}; the solver's "
                                                                 "settings are not part of the solution file",),
        )
        return assemble(data, ev, status=status, bound=_number(raw["bound"]), gap=_number(raw["gap"]),
                        backend=str(raw["backend"]), solve_time_s=float(raw["solve_time_s"]), report=report,
                        message=f"read from {path.name}")
    except (ValidationError, TypeError, ValueError) as err:
        raise fail(None, f"is not a valid solution JSON: {err}") from None


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
