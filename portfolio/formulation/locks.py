"""Rule 8, locks: actions that must or must not be chosen."""

from __future__ import annotations

from models import Case
from portfolio.formulation.model import Formulation


def add_locks(form: Formulation, case: Case) -> None:
    x = form.action_columns
    for a in case.rules.locked_in:
        form.add_row(f"locked_in[{a}]", {x[a]: 1}, lower=1)
    for a in case.rules.locked_out:
        form.add_row(f"locked_out[{a}]", {x[a]: 1}, upper=0)
