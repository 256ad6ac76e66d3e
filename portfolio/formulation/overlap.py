"""Rule 2, overlap: at most one chosen action per overlap group."""

from __future__ import annotations

from portfolio.casedata import CaseData
from portfolio.formulation.model import Formulation


def add_overlap(form: Formulation, data: CaseData) -> None:
    for group, members in data.overlap.items():
        if len(members) > 1:
            form.add_row(f"overlap[{group}]", {form.action_columns[a]: 1 for a in members}, upper=1)
