"""Rule start_in (spec 4.1): in a phased case, an action named in `rules.start_in` is chosen and starts in
that year."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, named


class StartIn(Rule):
    name = "start_in"
    summary = "an action of rules.start_in is chosen and starts in its year"

    def applies(self, data: CaseData) -> bool:
        return data.phased and bool(data.case.rules.start_in)

    def add(self, form: Formulation, data: CaseData) -> None:
        if not data.phased:
            return
        for a, year in data.case.rules.start_in.items():
            form.add_row(self.row_name("start_in", (a, year)), {form.start_columns[a, year]: 1}, lower=1,
                         rule=self.name, subject=(a, year))

    def check(self, data: CaseData, result: Outcome):
        if not data.phased:
            return
        for a, year in data.case.rules.start_in.items():
            yield self.rule_check(self.row_name("start_in", (a, year)), (a, year), int(result.starts.get(a) == year),
                                  "==", 1)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return not data.phased or chosen.issuperset(data.case.rules.start_in)

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        a, year = str(subject[0]), subject[1]
        return phrase("rule.start_in", action=named(data, "action", a), year=str(year),
                      setting="rules.start_in")

    def conflicts(self, data: CaseData):
        if not data.phased:
            return
        blocked = set(data.case.rules.locked_out)
        for a, year in sorted(data.case.rules.start_in.items()):
            if a in blocked:
                yield phrase("rule.start_in.locked_out", row=f"start_in[{a}]", lock=f"locked_out[{a}]",
                             action=a, year=year)
