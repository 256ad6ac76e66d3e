"""The jobs target of the min_cost objective: the portfolio creates at least `jobs_target` extra jobs."""

from __future__ import annotations

import math

from models.casedata import CaseData
from models.phrase import Phrase, fixed, phrase
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

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        return phrase("rule.target", jobs=fixed(data.case.jobs_target, 0))

    def conflicts(self, data: CaseData):
        if self.applies(data):
            most = math.fsum(data.most_counted(g.group) for g in data.case.groups)
            if most < data.case.jobs_target:
                yield phrase("rule.target.curves" if data.curves else "rule.target.caps",
                             setting="jobs_target", target=fixed(data.case.jobs_target, 0),
                             cap="max_extra_jobs", most=fixed(most, 0))
