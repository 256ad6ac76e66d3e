"""Working groups in a merged case: who proposed each action, and the probable overlaps across groups."""

from __future__ import annotations

from models import Case
from models.casedata import CaseData
from models.warnings import Overlap
from portfolio.overlaps import MIN_SIMILARITY, probable_overlaps


def proposers(proposed_by: str | None) -> tuple[str, ...]:
    """The working groups of an action's `proposed_by` (several separated by ';'); () when it has none."""
    return tuple(p.strip() for p in (proposed_by or "").split(";") if p.strip())


def working_groups(case: Case) -> tuple[str, ...]:
    """Every working group that proposed an action of `case`, in the order of their first action."""
    return tuple(dict.fromkeys(g for a in case.actions for g in proposers(a.proposed_by)))


def cross_group_overlaps(case: Case, data: CaseData | None = None, *,
                         min_similarity: float = MIN_SIMILARITY) -> list[Overlap]:
    """The probable overlaps (portfolio.overlaps) between actions of different working groups: pairs whose
    proposers have none in common, strongest first. Actions of the base (no proposer) count as a group."""
    by = {a.action: frozenset(proposers(a.proposed_by)) for a in case.actions}
    return [o for o in probable_overlaps(case, data, min_similarity=min_similarity) if not by[o.a] & by[o.b]]
