"""What a rule of the plan is: one component that adds its rows, checks a portfolio and explains itself."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar

from models import RuleCheck
from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.core.tolerances import holds
from portfolio.formulation.model import Formulation, Subject


class Rule(ABC):
    """One rule of the case format.

    `add` writes the rule's rows into a formulation, each tagged with the rule's
    `name` and its subject (a domain and year, a barrier, an action ...);
    `check` recomputes the same rule for a chosen portfolio without any solver;
    `describe` says one instance of the rule in a planner's words; `conflicts`
    names what makes the rule impossible that can be seen without solving.
    A new rule is one subclass in its own file plus its place in DEFAULT_RULES (or in a RuleSet of
    the caller's).
    """

    name: ClassVar[str]  # rule id in rows, checks and explanations, e.g. "budget"
    summary: ClassVar[str]  # what the rule demands, in one line

    def applies(self, data: CaseData) -> bool:
        """Whether the case uses this rule at all."""
        return True

    def needs_exact_jobs(self, data: CaseData) -> bool:
        """True when the rule could be met by under-counting jobs, so jobs[g] must be forced exact."""
        return False

    @abstractmethod
    def add(self, form: Formulation, data: CaseData) -> None:
        """Add the rule's rows to `form`."""

    @abstractmethod
    def check(self, data: CaseData, result: Outcome) -> Iterable[RuleCheck]:
        """Each instance of the rule, recomputed for one portfolio."""

    @abstractmethod
    def describe(self, data: CaseData, subject: Subject) -> str:
        """One instance of the rule in plain words, with its numbers."""

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        """A quick test on the chosen actions alone, for enumeration: False only if `check` would fail.
        Rules that need the jobs or the spend to decide keep the default, True."""
        return True

    def conflicts(self, data: CaseData) -> Iterable[str]:
        """Reasons, visible without solving, why the rule cannot hold; each names the rules involved."""
        return ()

    # helpers shared by the rules
    def row_name(self, prefix: str, subject: Subject) -> str:
        return f"{prefix}[{','.join(map(str, subject))}]" if subject else prefix

    def rule_check(self, name: str, subject: Subject, value: float, sense: str, limit: float) -> RuleCheck:
        """A recomputed rule instance: does `value sense limit` hold within the feasibility tolerance?"""
        return RuleCheck(
            name=name, rule=self.name, subject=tuple(str(s) for s in subject),
            value=value, sense=sense, limit=limit, ok=holds(value, sense, limit),
        )


def eur(value: float) -> str:
    """Money as planners read it, with every digit that matters: EUR 2.40M when that is exact, else
    EUR 2,395,000 or EUR 379,999.99 (cents only when there are any)."""
    if abs(value) >= 1e6 and round(value / 1e4) * 1e4 == value:
        return f"EUR {value / 1e6:,.2f}M"
    if value != round(value):
        return f"EUR {value:,.2f}"
    return f"EUR {value:,.0f}"


def named(data: CaseData, kind: str, ident: str) -> str:
    """`Name (id)` of a domain, group, barrier or action of the case."""
    case = data.case
    table = {"domain": case.domains, "group": case.groups, "barrier": case.barriers, "action": case.actions}[kind]
    for row in table:
        if getattr(row, kind) == ident:
            return f"{row.name} ({ident})"
    return ident
