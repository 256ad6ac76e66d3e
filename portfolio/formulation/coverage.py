"""Rule 4, priority coverage: each priority barrier addressed by enough chosen actions."""

from __future__ import annotations

from models import Case
from portfolio.casedata import CaseData
from portfolio.formulation.model import Formulation


def add_coverage(form: Formulation, case: Case, data: CaseData) -> None:
    need = case.rules.min_actions_per_priority_barrier
    if need <= 0:
        return
    for b in case.priority_barriers:
        # Kept even when no action addresses the barrier: the empty row makes the conflict visible.
        coefs = {form.action_columns[a]: 1 for a in data.addressing[b.barrier]}
        form.add_row(f"cover[{b.barrier}]", coefs, lower=need)
