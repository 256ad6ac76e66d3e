"""The jobs target of the min_cost objective: the portfolio creates at least `jobs_target` extra jobs."""

from __future__ import annotations

import math

from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule


class Target(Rule):
    name = "target"
    summary = "with min_cost, the portfolio creates at least `jobs_target` extra jobs"

    def applies(self, data: CaseData) -> bool:
        return data.case.objective == "min_cost" and data.case.jobs_target is not None

    def add(self, form: Formulation, data: CaseData) -> None:
        if self.applies(data):
            form.add_row("jobs_target", {j: 1 for j in form.group_columns.values()}, lower=data.case.jobs_target,
                         rule=self.name)

    def check(self, data: CaseData, result: Outcome):
        if self.applies(data):
            yield self.rule_check("jobs_target", (), result.jobs_total, ">=", data.case.jobs_target)

    def describe(self, data: CaseData, subject: Subject) -> str:
        return f"the portfolio must create at least {data.case.jobs_target:,.0f} extra jobs"

    def conflicts(self, data: CaseData):
        if self.applies(data):
            most = math.fsum(data.most_counted(g.group) for g in data.case.groups)
            if most < data.case.jobs_target:
                limits = "max_extra_jobs, and the last points of their saturation curves" if data.curves else \
                    "max_extra_jobs"
                yield (f"jobs_target: the target of {data.case.jobs_target:,.0f} jobs exceeds the sum of the groups' "
                       f"{limits} ({most:,.0f})")
