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
        if data.phased:
            self._add_phased(form, data)
            return
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

    def _add_phased(self, form: Formulation, data: CaseData) -> None:
        """Spec 4.1: each start year puts an action's run-year costs in calendar years; what falls after the
        horizon is charged to no budget. One row per domain over the horizon, one per budget year."""
        total: dict[str, dict[int, float]] = {d.domain: {} for d in data.case.domains}
        yearly: dict[tuple[str, int], dict[int, float]] = {}
        for (a, s), j in form.start_columns.items():
            within, _after = data.start_costs(a, s)
            for (d, t), e in within.items():
                total[d][j] = total[d].get(j, 0.0) + e
                row = yearly.setdefault((d, t), {})
                row[j] = row.get(j, 0.0) + e
        for d in data.case.domains:
            if total[d.domain]:
                form.add_row(self.row_name("budget", (d.domain,)), total[d.domain], upper=d.budget_eur,
                             rule=self.name, subject=(d.domain,))
        for b in data.case.budgets or ():
            if coefs := yearly.get((b.domain, b.year)):
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
        if data.phased:  # only starts known without solving: start_in, or a one-year window
            known = {a: y for a, y in data.case.rules.start_in.items()}
            known.update({a: data.windows[a][0] for a in locked if len(data.windows[a]) == 1 and a not in known})
            locked = known
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
