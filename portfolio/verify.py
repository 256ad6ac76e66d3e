"""Solver-free checker: recompute jobs, costs and every rule of a rule set from the case and the chosen
actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models import Case, RuleCheck
from models.casedata import CaseData
from portfolio.core.outcome import Outcome, outcome
from portfolio.formulation.objectives import objective
from portfolio.rules import DEFAULT_RULES, Rule, RuleSet


class VerificationError(RuntimeError):
    """A portfolio broke a rule. Coming from a solver, that is a bug, never an answer."""


@dataclass(frozen=True)
class Evaluation:
    """Everything recomputed for one portfolio: its outcome and one check per rule instance."""

    outcome: Outcome
    checks: tuple[RuleCheck, ...]

    @property
    def selected(self) -> tuple[str, ...]:
        return self.outcome.selected

    @property
    def jobs_uncapped(self) -> dict[str, float]:
        return self.outcome.jobs_uncapped

    @property
    def jobs_by_group(self) -> dict[str, float]:
        return self.outcome.jobs_by_group

    @property
    def jobs_total(self) -> float:
        return self.outcome.jobs_total

    @property
    def spend_by_domain(self) -> dict[str, float]:
        return self.outcome.spend.by_domain

    @property
    def cost_total_eur(self) -> float:
        return self.outcome.cost_total_eur

    @property
    def violations(self) -> tuple[RuleCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)

    @property
    def feasible(self) -> bool:
        return all(c.ok for c in self.checks)

    def objective_value(self, name: str) -> float:
        return objective(name).value(self.outcome)


def evaluate(case: Case, selected: Iterable[str], data: CaseData | None = None,
             extra_rules: Sequence[Rule] = (), rules: RuleSet = DEFAULT_RULES) -> Evaluation:
    """Recompute the portfolio `selected` (action ids) and check every rule (those of `rules`, then
    `extra_rules`). Raises KeyError for an unknown id, ValueError when an extra rule's name is in `rules`."""
    data = data or CaseData.of(case)
    result = outcome(data, selected)
    checks = tuple(c for rule in rules.with_(*extra_rules) for c in rule.check(data, result))
    return Evaluation(result, checks)


def verify(case: Case, selected: Iterable[str], data: CaseData | None = None,
           extra_rules: Sequence[Rule] = (), rules: RuleSet = DEFAULT_RULES) -> Evaluation:
    """Evaluate and insist every rule holds; raise VerificationError naming each broken rule."""
    ev = evaluate(case, selected, data, extra_rules, rules)
    if ev.violations:
        broken = "; ".join(f"{c.name}: {c.value:g} {c.sense} {c.limit:g} fails" for c in ev.violations)
        raise VerificationError(f"portfolio {list(ev.selected)} breaks the rules: {broken}")
    return ev
