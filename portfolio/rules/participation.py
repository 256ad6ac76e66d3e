"""Rule 5, domain participation: each domain leads enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.rules.counting import AtLeastChosen


class Participation(AtLeastChosen):
    name = "participation"
    summary = "each domain leads at least `min_actions_per_domain` chosen actions"
    prefix = "lead"
    kind = "domain"

    def need(self, data: CaseData) -> int:
        return data.case.rules.min_actions_per_domain

    def members(self, data: CaseData) -> dict[str, list[str]]:
        return {d.domain: data.led_by[d.domain] for d in data.case.domains}

