"""Rule 5, domain participation: each domain leads enough chosen actions."""

from __future__ import annotations

from models import Case
from portfolio.casedata import CaseData
from portfolio.formulation.model import Formulation


def add_participation(form: Formulation, case: Case, data: CaseData) -> None:
    need = case.rules.min_actions_per_domain
    if need <= 0:
        return
    for d in case.domains:
        coefs = {form.action_columns[a]: 1 for a in data.led_by[d.domain]}
        form.add_row(f"lead[{d.domain}]", coefs, lower=need)
