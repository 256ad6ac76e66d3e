"""Rule 4, priority coverage: each priority barrier addressed by enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
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

    def describe(self, data: CaseData, subject: Subject) -> str:
        barrier = str(subject[0])
        candidates = ", ".join(data.addressing.get(barrier, [])) or "none"
        return (f"priority barrier {named(data, 'barrier', barrier)} needs {self.need(data)} chosen action(s) "
                f"addressing it (candidates: {candidates})")

    def shortfall(self, data: CaseData, subject: str, need: int, usable: int) -> str:
        return (f"cover[{subject}]: priority barrier {subject!r} needs {need} chosen actions but only "
                f"{usable} usable actions without overlap address it")
