"""Rule 4, priority coverage: each priority barrier addressed by enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, joined, phrase
from portfolio.formulation.model import Subject
from portfolio.rules.base import named
from portfolio.rules.counting import AtLeastChosen


class Coverage(AtLeastChosen):
    name = "coverage"
    summary = "each priority barrier is addressed by at least `min_actions_per_priority_barrier` chosen actions"
    prefix = "cover"

    def need(self, data: CaseData) -> int:
        return data.case.rules.min_actions_per_priority_barrier

    def members(self, data: CaseData) -> dict[str, list[str]]:
        return {b.barrier: data.addressing[b.barrier] for b in data.case.priority_barriers}

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        barrier = str(subject[0])
        candidates = data.addressing.get(barrier, [])
        who = named(data, "barrier", barrier)
        if not candidates:
            return phrase("rule.coverage.none", barrier=who, need=self.need(data))
        return phrase("rule.coverage", barrier=who, need=self.need(data), candidates=joined(candidates))

    def shortfall(self, data: CaseData, subject: str, need: int, usable: int) -> Phrase:
        return phrase("rule.coverage.short", row=self.row_name(self.prefix, (subject,)), barrier=subject,
                      need=need, usable=usable)
