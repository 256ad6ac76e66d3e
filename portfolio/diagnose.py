"""Plain-words reasons why a case has no portfolio, found by direct counting (no solver), rule by rule."""

from __future__ import annotations

from models import Case
from models.casedata import CaseData
from models.phrase import Phrase
from portfolio.rules import DEFAULT_RULES, RuleSet


def obvious_conflicts(case: Case, data: CaseData | None = None,
                      rules: RuleSet = DEFAULT_RULES) -> list[Phrase]:
    """Conflicts of `rules` that can be seen without solving, as phrases (portfolio.core.phrases.say writes
    them): each entry names the rules involved."""
    data = data or CaseData.of(case)
    return [reason for rule in rules for reason in rule.conflicts(data)]
