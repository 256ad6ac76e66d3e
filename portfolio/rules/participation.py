"""Rule 5, domain participation: each domain leads enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.formulation.model import Subject
from portfolio.rules.base import named
from portfolio.rules.counting import AtLeastChosen


class Participation(AtLeastChosen):
    name = "participation"
    summary = "each domain leads at least `min_actions_per_domain` chosen actions"
    prefix = "lead"

    def need(self, data: CaseData) -> int:
        return data.case.rules.min_actions_per_domain

    def members(self, data: CaseData) -> dict[str, list[str]]:
        return {d.domain: data.led_by[d.domain] for d in data.case.domains}

    def describe(self, data: CaseData, subject: Subject) -> str:
        domain = str(subject[0])
        led = ", ".join(data.led_by.get(domain, [])) or "none"
        return f"{named(data, 'domain', domain)} must lead {self.need(data)} chosen action(s) (it leads: {led})"

    def shortfall(self, data: CaseData, subject: str, need: int, usable: int) -> str:
        return (f"lead[{subject}]: domain {subject!r} must lead {need} chosen actions but leads only "
                f"{usable} usable actions without overlap")
