"""The objective: maximise total extra jobs, or minimise total cost for a jobs target."""

from __future__ import annotations

from dataclasses import replace

from models import Case
from portfolio.casedata import CaseData
from portfolio.formulation.model import Formulation


def set_objective(form: Formulation, case: Case, data: CaseData) -> None:
    if case.objective == "max_jobs":
        form.sense = "max"
        for j in form.group_columns.values():
            form.columns[j] = replace(form.columns[j], objective=1.0)
        return
    form.sense = "min"
    for a, j in form.action_columns.items():
        form.columns[j] = replace(form.columns[j], objective=data.cost_total[a])
    form.add_row("jobs_target", {j: 1 for j in form.group_columns.values()}, lower=case.jobs_target)
