"""The shape that coverage and participation share: per subject, at least `need` chosen actions among its members."""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

from models.casedata import CaseData
from models.phrase import Phrase, joined, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, named
from portfolio.rules.overlap import independent


class AtLeastChosen(Rule):
    """For each subject (a barrier, a domain ...), at least `need` of its member actions are chosen.

    Its words are the sentences `rule.<name>` (with the members), `rule.<name>.none` (without any) and
    `rule.<name>.short` (fewer usable members than needed), whose subject field is called `kind`.
    """

    prefix: ClassVar[str]  # row names are prefix[subject]
    kind: ClassVar[str]  # what a subject is: "barrier", "domain"

    @abstractmethod
    def need(self, data: CaseData) -> int:
        """How many chosen members each subject needs (0: the rule is off)."""

    @abstractmethod
    def members(self, data: CaseData) -> dict[str, list[str]]:
        """Subject -> the actions that count for it, for every subject the rule applies to."""

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        s = str(subject[0])
        members = self.members(data).get(s, [])
        said = {self.kind: named(data, self.kind, s), "need": self.need(data)}
        if not members:
            return phrase(f"rule.{self.name}.none", **said)
        return phrase(f"rule.{self.name}", members=joined(members), **said)

    def shortfall(self, data: CaseData, subject: str, need: int, usable: int) -> Phrase:
        """Plain words for a subject with fewer usable actions than it needs."""
        return phrase(f"rule.{self.name}.short", row=self.row_name(self.prefix, (subject,)),
                      **{self.kind: subject}, need=need, usable=usable)

    def applies(self, data: CaseData) -> bool:
        return self.need(data) > 0 and bool(self.members(data))

    def add(self, form: Formulation, data: CaseData) -> None:
        if not self.applies(data):
            return
        need = self.need(data)
        for subject, actions in self.members(data).items():
            # Kept even when no action counts: the empty row makes the conflict visible.
            form.add_row(self.row_name(self.prefix, (subject,)), {form.action_columns[a]: 1 for a in actions},
                         lower=need, rule=self.name, subject=(subject,))

    def check(self, data: CaseData, result: Outcome):
        if not self.applies(data):
            return
        need = self.need(data)
        for subject, actions in self.members(data).items():
            yield self.rule_check(self.row_name(self.prefix, (subject,)), (subject,),
                                  sum(a in result.chosen for a in actions), ">=", need)

    def conflicts(self, data: CaseData):
        if not self.applies(data):
            return
        need = self.need(data)
        blocked = set(data.case.rules.locked_out)
        for subject, actions in self.members(data).items():
            usable = len(independent([a for a in actions if a not in blocked], data))
            if usable < need:
                yield self.shortfall(data, subject, need, usable)
