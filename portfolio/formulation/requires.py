"""Rule 3, requires: an action is chosen only with the actions it requires."""

from __future__ import annotations

from models import Case
from portfolio.formulation.model import Formulation


def add_requires(form: Formulation, case: Case) -> None:
    x = form.action_columns
    for a in case.actions:
        for b in a.requires:
            form.add_row(f"requires[{a.action},{b}]", {x[a.action]: 1, x[b]: -1}, upper=0)
