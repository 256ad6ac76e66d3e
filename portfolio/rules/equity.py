"""Rule 7, equity: a group's jobs are at least its share of the total jobs."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, pct, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, named


class Equity(Rule):
    name = "equity"
    summary = "each group in `min_group_share` gets at least that share of the total extra jobs"

    def applies(self, data: CaseData) -> bool:
        return bool(data.case.rules.min_group_share)

    def needs_exact_jobs(self, data: CaseData) -> bool:
        # With a positive share a solver could under-count other groups to meet it.
        return any(s > 0 for s in data.case.rules.min_group_share.values())

    def add(self, form: Formulation, data: CaseData) -> None:
        z = form.group_columns
        for g, share in data.case.rules.min_group_share.items():
            # A share of 0 still means jobs_g >= 0, which negative synergies could otherwise break.
            coefs = {j: -share for j in z.values()}
            coefs[z[g]] = 1 - share
            form.add_row(self.row_name("share", (g,)), coefs, lower=0, rule=self.name, subject=(g,))
            form.features.add("equity")

    def check(self, data: CaseData, result: Outcome):
        for g, share in data.case.rules.min_group_share.items():
            yield self.rule_check(self.row_name("share", (g,)), (g,), result.jobs_by_group[g], ">=",
                                  share * result.jobs_total)

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        g = str(subject[0])
        share = data.case.rules.min_group_share.get(g, 0.0)
        return phrase("rule.equity", group=named(data, "group", g), share=pct(share, 1))
