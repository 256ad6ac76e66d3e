"""Rule 6, max_actions: a limit on the number of chosen actions."""

from __future__ import annotations

from models import Case
from portfolio.formulation.model import Formulation


def add_max_actions(form: Formulation, case: Case) -> None:
    if case.rules.max_actions is not None:
        form.add_row("max_actions", {j: 1 for j in form.action_columns.values()}, upper=case.rules.max_actions)
