"""Rule 1, budget: spend per domain within its budget, and per (domain, year) with budgets.csv."""

from __future__ import annotations

from models import Case
from portfolio.casedata import CaseData
from portfolio.formulation.model import Formulation


def add_budget(form: Formulation, case: Case, data: CaseData) -> None:
    x = form.action_columns
    for d in case.domains:
        coefs = {x[a]: eur for (a, dom), eur in data.cost.items() if dom == d.domain}
        if coefs:
            form.add_row(f"budget[{d.domain}]", coefs, upper=d.budget_eur)
    for b in case.budgets or ():
        coefs = {x[a]: eur for (a, dom, y), eur in data.cost_year.items() if dom == b.domain and y == b.year}
        if coefs:
            form.add_row(f"budget[{b.domain},{b.year}]", coefs, upper=b.budget_eur)
