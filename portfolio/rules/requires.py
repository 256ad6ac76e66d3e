"""Rule 3, requires: an action is chosen only together with the actions it requires."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, named


class Requires(Rule):
    name = "requires"
    summary = "an action is chosen only with every action it requires"

    def applies(self, data: CaseData) -> bool:
        return any(a.requires for a in data.case.actions)

    def add(self, form: Formulation, data: CaseData) -> None:
        x = form.action_columns
        for a in data.case.actions:
            for b in a.requires:
                form.add_row(self.row_name("requires", (a.action, b)), {x[a.action]: 1, x[b]: -1}, upper=0,
                             rule=self.name, subject=(a.action, b))

    def check(self, data: CaseData, result: Outcome):
        chosen = result.chosen
        for a in data.case.actions:
            for b in a.requires:
                yield self.rule_check(self.row_name("requires", (a.action, b)), (a.action, b),
                                      int(a.action in chosen) - int(b in chosen), "<=", 0)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return all(b in chosen for a in data.case.actions if a.action in chosen for b in a.requires)

    def describe(self, data: CaseData, subject: Subject) -> str:
        a, b = map(str, subject)
        return f"{named(data, 'action', a)} can only be chosen together with {named(data, 'action', b)}"

    def conflicts(self, data: CaseData):
        rules = data.case.rules
        blocked = set(rules.locked_out)
        for a in sorted(set(rules.locked_in)):
            for b in data.case.action(a).requires:
                if b in blocked:
                    yield f"requires[{a},{b}] and locked_out[{b}]: {a!r} is locked in but requires locked-out {b!r}"
