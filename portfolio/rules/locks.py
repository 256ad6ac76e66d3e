"""Rule 8, locks: actions that must, or must not, be chosen."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, named

# subject[1] of a lock, and the row prefix it gets
KINDS = {"in": "locked_in", "out": "locked_out"}


class Locks(Rule):
    name = "locks"
    summary = "locked-in actions are chosen, locked-out actions are not"

    def applies(self, data: CaseData) -> bool:
        return bool(data.case.rules.locked_in or data.case.rules.locked_out)

    def _locks(self, data: CaseData):
        for a in data.case.rules.locked_in:
            yield a, "in"
        for a in data.case.rules.locked_out:
            yield a, "out"

    def add(self, form: Formulation, data: CaseData) -> None:
        for a, kind in self._locks(data):
            bounds = {"lower": 1} if kind == "in" else {"upper": 0}
            form.add_row(self.row_name(KINDS[kind], (a,)), {form.action_columns[a]: 1}, **bounds,
                         rule=self.name, subject=(a, kind))

    def check(self, data: CaseData, result: Outcome):
        for a, kind in self._locks(data):
            yield self.rule_check(self.row_name(KINDS[kind], (a,)), (a, kind), int(a in result.chosen), "==",
                                  1 if kind == "in" else 0)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        rules = data.case.rules
        return chosen.issuperset(rules.locked_in) and chosen.isdisjoint(rules.locked_out)

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        a, kind = map(str, subject)
        return phrase(f"rule.locks.{kind}", action=named(data, "action", a))
