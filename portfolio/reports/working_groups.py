"""Feedback per working group: every proposal with its fate in the plan (chosen, or the reason it is not, as
actions.csv of the report gives it) and the probable overlaps with other groups' proposals."""

from __future__ import annotations

from models import Case, Solution
from models.casedata import CaseData
from models.proposals import GroupFeedback, ProposalFate
from portfolio.proposals import cross_group_overlaps, proposers, working_groups
from portfolio.reports.reasons import reasons


def group_feedback(case: Case, solution: Solution, data: CaseData | None = None) -> tuple[GroupFeedback, ...]:
    """One GroupFeedback per working group of `case` (in the order of their first action), each listing every
    action the group proposed; a solution without a portfolio leaves every proposal out with no reason."""
    data = data or CaseData.of(case)
    chosen = set(solution.selected)
    why = reasons(data, solution.plan) if solution.status.has_portfolio else {}
    starts = solution.start_year or {}
    overlaps = cross_group_overlaps(case, data)
    pages = []
    for group in working_groups(case):
        mine = [a for a in case.actions if group in proposers(a.proposed_by)]
        ids = {a.action for a in mine}
        fates = []
        for a in mine:
            reason = why.get(a.action)
            fates.append(ProposalFate(
                action=a.action, name=a.name, chosen=a.action in chosen, start_year=starts.get(a.action),
                reason=reason.code if reason else None,
                reason_detail=reason.model_dump(exclude_none=True) if reason else None))
        pages.append(GroupFeedback(group=group, proposals=tuple(fates),
                                   overlaps=tuple(o for o in overlaps if o.a in ids or o.b in ids)))
    return tuple(pages)
