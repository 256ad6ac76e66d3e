"""Rule 1, budget: each domain's spend within its budget over the horizon, and per year with budgets.csv."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.core.tolerances import slack
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, eur, named


class Budget(Rule):
    name = "budget"
    summary = "each domain spends at most its budget, over the horizon and in each budget year"

    def add(self, form: Formulation, data: CaseData) -> None:
        x = form.action_columns
        for d in data.case.domains:
            coefs = {x[a]: e for a, e in data.cost_by_domain[d.domain].items()}
            if coefs:
                form.add_row(self.row_name("budget", (d.domain,)), coefs, upper=d.budget_eur,
                             rule=self.name, subject=(d.domain,))
        for b in data.case.budgets or ():
            coefs = {x[a]: e for a, e in data.cost_by_domain_year.get((b.domain, b.year), {}).items()}
            if coefs:
                form.add_row(self.row_name("budget", (b.domain, b.year)), coefs, upper=b.budget_eur,
                             rule=self.name, subject=(b.domain, b.year))

    def check(self, data: CaseData, result: Outcome):
        spend = result.spend
        for d in data.case.domains:
            yield self.rule_check(self.row_name("budget", (d.domain,)), (d.domain,),
                                  spend.by_domain[d.domain], "<=", d.budget_eur)
        for b in data.case.budgets or ():
            subject = (b.domain, b.year)
            yield self.rule_check(self.row_name("budget", subject), subject, spend.in_year(b.domain, b.year),
                                  "<=", b.budget_eur)

    def describe(self, data: CaseData, subject: Subject) -> str:
        domain = str(subject[0])
        if len(subject) == 1:
            limit = next(d.budget_eur for d in data.case.domains if d.domain == domain)
            return f"{named(data, 'domain', domain)} may spend at most {eur(limit)} over the horizon"
        year = int(subject[1])
        limit = next(b.budget_eur for b in data.case.budgets or () if (b.domain, b.year) == (domain, year))
        return f"{named(data, 'domain', domain)} may spend at most {eur(limit)} in {year}"

    def conflicts(self, data: CaseData):
        locked = data.case.rules.locked_in
        spend = data.spend(locked)
        for d in data.case.domains:
            used = spend.by_domain[d.domain]
            if used > d.budget_eur + slack(d.budget_eur):
                yield (f"budget[{d.domain}] and locked_in: locked-in actions cost {eur(used)}, "
                       f"budget is {eur(d.budget_eur)}")
        for b in data.case.budgets or ():
            used = spend.in_year(b.domain, b.year)
            if used > b.budget_eur + slack(b.budget_eur):
                yield (f"budget[{b.domain},{b.year}] and locked_in: locked-in actions cost {eur(used)}, "
                       f"budget is {eur(b.budget_eur)}")
