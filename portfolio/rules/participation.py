"""Rule 5, domain participation: each domain leads enough chosen actions."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, joined, phrase
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

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        domain = str(subject[0])
        led, who = data.led_by.get(domain, []), named(data, "domain", domain)
        if not led:
            return phrase("rule.participation.none", domain=who, need=self.need(data))
        return phrase("rule.participation", domain=who, need=self.need(data), led=joined(led))

    def shortfall(self, data: CaseData, subject: str, need: int, usable: int) -> Phrase:
        return phrase("rule.participation.short", row=self.row_name(self.prefix, (subject,)), domain=subject,
                      need=need, usable=usable)
