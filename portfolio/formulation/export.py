"""The formulation as a HiGHS model object, and its export as LP or MPS files with readable names.

HiGHS (highspy, a dependency of the toolkit) is the library that writes both
file formats; the HiGHS backend solves the very same object.
"""

from __future__ import annotations

import os
from pathlib import Path

import highspy

from portfolio.core.quiet import quiet
from portfolio.formulation.model import Formulation

# The LP format does not allow `[`, `]` or `-` in names.
LP_NAME = str.maketrans({"[": "(", "]": ")", "-": "~"})


def highs_model(form: Formulation, names: bool = False, lp_names: bool = False) -> highspy.Highs:
    """A silent highspy.Highs holding `form`; infinite bounds become HiGHS's infinity.

    With `names`, columns and rows carry their formulation names (translated for
    the LP format with `lp_names`).
    """
    with quiet():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    n = len(form.columns)
    h.addVars(n, *form.column_bounds(highspy.kHighsInf))
    h.changeColsCost(n, list(range(n)), [c.objective for c in form.columns])
    integer = [j for j, c in enumerate(form.columns) if c.integer]
    if integer:
        h.changeColsIntegrality(len(integer), integer, [highspy.HighsVarType.kInteger] * len(integer))
    start, index, value = form.csr()
    if form.rows:
        h.addRows(len(form.rows), *form.row_bounds(highspy.kHighsInf), len(index), start[:-1], index, value)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if form.sense == "max" else highspy.ObjSense.kMinimize)
    if names:
        fix = (lambda n: n.translate(LP_NAME)) if lp_names else (lambda n: n)
        for j, c in enumerate(form.columns):
            h.passColName(j, fix(c.name))
        for i, r in enumerate(form.rows):
            h.passRowName(i, fix(r.name))
    return h


def write_model(form: Formulation, path: str | os.PathLike) -> None:
    """Write the formulation as an LP or MPS file (by extension), with readable names.

    MPS keeps the names as they are (`budget[werk,2027]`). LP files show
    `budget(werk,2027)` and `~` for `-`. Raises OSError when HiGHS cannot write.
    """
    with quiet():
        h = highs_model(form, names=True, lp_names=Path(path).suffix.lower() == ".lp")
        status = h.writeModel(str(path))
    if status == highspy.HighsStatus.kError:
        raise OSError(f"HiGHS could not write {path}")
