"""Case -> Formulation: the exact integer program of spec section 2, one rule at a time."""

from __future__ import annotations

from typing import Literal

from models import Case
from portfolio.casedata import CaseData
from portfolio.formulation.budget import add_budget
from portfolio.formulation.coverage import add_coverage
from portfolio.formulation.equity import add_equity
from portfolio.formulation.jobs import add_jobs, add_selection
from portfolio.formulation.locks import add_locks
from portfolio.formulation.max_actions import add_max_actions
from portfolio.formulation.model import Formulation
from portfolio.formulation.objective import set_objective
from portfolio.formulation.overlap import add_overlap
from portfolio.formulation.participation import add_participation
from portfolio.formulation.requires import add_requires

JobsModel = Literal["auto", "exact", "relaxed"]


def build(case: Case, jobs_model: JobsModel = "auto", data: CaseData | None = None) -> Formulation:
    """The integer program of `case`.

    `jobs_model`: "exact" forces jobs[g] = min(cap, uncapped); "relaxed" only
    bounds it from above (exact at the optimum unless the equity rule is used);
    "auto" is exact exactly when an equity share is set. `data` saves
    re-aggregating the case when the caller already has it.
    """
    data = data or CaseData.of(case)
    exact = jobs_model == "exact" or (
        jobs_model == "auto" and any(s > 0 for s in case.rules.min_group_share.values())
    )
    form = Formulation(sense="max")
    add_selection(form, case)
    add_jobs(form, case, data, exact=exact)
    add_budget(form, case, data)
    add_overlap(form, data)
    add_requires(form, case)
    add_coverage(form, case, data)
    add_participation(form, case, data)
    add_max_actions(form, case)
    add_equity(form, case)
    add_locks(form, case)
    set_objective(form, case, data)
    return form
