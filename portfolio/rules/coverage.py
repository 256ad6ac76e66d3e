"""Rule 4, priority coverage: each priority barrier addressed by enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.rules.counting import AtLeastChosen


class Coverage(AtLeastChosen):
    name = "coverage"
    summary = "each priority barrier is addressed by at least `min_actions_per_priority_barrier` chosen actions"
    prefix = "cover"
    kind = "barrier"

    def need(self, data: CaseData) -> int:
        return data.case.rules.min_actions_per_priority_barrier

    def members(self, data: CaseData) -> dict[str, list[str]]:
        return {b.barrier: data.addressing[b.barrier] for b in data.case.priority_barriers}

