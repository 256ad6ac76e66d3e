"""Rule 2, overlap: at most one chosen action per overlap group."""

from __future__ import annotations

from collections import Counter

from models.casedata import CaseData
from models.phrase import Phrase, joined, phrase
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule


class Overlap(Rule):
    name = "overlap"
    summary = "at most one action of each overlap group is chosen"

    def applies(self, data: CaseData) -> bool:
        return any(len(members) > 1 for members in data.overlap.values())

    def add(self, form: Formulation, data: CaseData) -> None:
        for group, members in data.overlap.items():
            if len(members) > 1:
                form.add_row(self.row_name("overlap", (group,)), {form.action_columns[a]: 1 for a in members},
                             upper=1, rule=self.name, subject=(group,))

    def check(self, data: CaseData, result: Outcome):
        for group, members in data.overlap.items():
            yield self.rule_check(self.row_name("overlap", (group,)), (group,),
                                  sum(a in result.chosen for a in members), "<=", 1)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return all(len(chosen.intersection(members)) <= 1 for members in data.overlap.values())

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        members = data.overlap.get(str(subject[0]), [])
        return phrase("rule.overlap", group=str(subject[0]), actions=joined(members))

    def conflicts(self, data: CaseData):
        case = data.case
        by_group = Counter(case.action(a).overlap_group for a in case.rules.locked_in if case.action(a).overlap_group)
        for group, n in by_group.items():
            if n > 1:
                yield phrase("rule.overlap.locked", row=self.row_name("overlap", (group,)), lock="locked_in",
                             n=n, group=group)


def independent(actions: list[str], data: CaseData) -> list[str]:
    """The actions left when each overlap group counts once (the first of each group is kept)."""
    seen: set[str] = set()
    out = []
    for a in actions:
        group = data.case.action(a).overlap_group
        if group is None or group not in seen:
            out.append(a)
            if group is not None:
                seen.add(group)
    return out

