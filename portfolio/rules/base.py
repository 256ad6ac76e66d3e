"""What a rule of the plan is: one component that adds its rows, checks a portfolio and explains itself."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar

from models import RuleCheck
from models.casedata import CaseData
from models.phrase import Phrase, eur_short, joined, phrase
from portfolio.core.outcome import Outcome
from portfolio.core.phrases import english
from portfolio.core.tolerances import holds
from portfolio.formulation.model import Formulation, Subject


class Rule(ABC):
    """One rule of the case format.

    `add` writes the rule's rows into a formulation, each tagged with the rule's
    `name` and its subject (a domain and year, a barrier, an action ...);
    `check` recomputes the same rule for a chosen portfolio without any solver;
    `describe` says one instance of the rule in a planner's words; `conflicts`
    names what makes the rule impossible that can be seen without solving. Both give phrases
    (models.phrase, sentences of portfolio/core/phrases/rules.py), said in the reader's language.
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
    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        """One instance of the rule in plain words, with its numbers (a rule of a caller's own may give a
        str)."""

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        """A quick test on the chosen actions alone, for enumeration: False only if `check` would fail.
        Rules that need the jobs or the spend to decide keep the default, True."""
        return True

    def conflicts(self, data: CaseData) -> Iterable[Phrase]:
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
    """Money as planners read it in English, with every digit that matters: EUR 2.40M when that is exact,
    else EUR 2,395,000 or EUR 379,999.99 (cents only when there are any); a phrase's field is `eur_short`."""
    return english(eur_short(value))


def also(fact: Phrase, more) -> Phrase:
    """`fact; more; ...`: a fact followed by the `more` facts that explain it (the fact alone when none)."""
    more = [m for m in more if m]
    return phrase("rule.also", fact=fact, more=joined(more, "semicolon")) if more else fact


def named(data: CaseData, kind: str, ident: str) -> str:
    """`Name (id)` of a domain, group, barrier or action of the case."""
    case = data.case
    table = {"domain": case.domains, "group": case.groups, "barrier": case.barriers, "action": case.actions}[kind]
    for row in table:
        if getattr(row, kind) == ident:
            return f"{row.name} ({ident})"
    return ident
