"""Rule 6, max_actions: a limit on the number of chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule


class MaxActions(Rule):
    name = "max_actions"
    summary = "at most `max_actions` actions are chosen"

    def applies(self, data: CaseData) -> bool:
        return data.case.rules.max_actions is not None

    def add(self, form: Formulation, data: CaseData) -> None:
        if self.applies(data):
            form.add_row("max_actions", {j: 1 for j in form.action_columns.values()},
                         upper=data.case.rules.max_actions, rule=self.name)

    def check(self, data: CaseData, result: Outcome):
        if self.applies(data):
            yield self.rule_check("max_actions", (), len(result.chosen), "<=", data.case.rules.max_actions)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return not self.applies(data) or len(chosen) <= data.case.rules.max_actions

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        return phrase("rule.max_actions", n=data.case.rules.max_actions)

    def conflicts(self, data: CaseData):
        rules = data.case.rules
        locked = set(rules.locked_in)
        if self.applies(data) and len(locked) > rules.max_actions:
            yield phrase("rule.max_actions.locked", rule=self.name, lock="locked_in", n=len(locked),
                         most=rules.max_actions)
