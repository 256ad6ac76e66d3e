"""The rules of the plan, one component per file, and the immutable rule sets that build, verify and diagnose
apply.

To add a rule to the format: write a subclass of `Rule` in its own file (rows,
check, description, obvious conflicts) and put an instance in DEFAULT_RULES
below; from outside the package, pass `DEFAULT_RULES.with_(rule)` to the solve
or sweep. The order of a set is the order of the rows in the formulation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from portfolio.formulation.jobs import RULE as JOBS_RULE
from portfolio.rules.base import Rule
from portfolio.rules.budget import Budget
from portfolio.rules.coverage import Coverage
from portfolio.rules.equity import Equity
from portfolio.rules.locks import Locks
from portfolio.rules.max_actions import MaxActions
from portfolio.rules.overlap import Overlap
from portfolio.rules.participation import Participation
from portfolio.rules.requires import Requires
from portfolio.rules.start_in import StartIn
from portfolio.rules.target import Target


@dataclass(frozen=True)
class RuleSet:
    """An ordered set of rules with distinct names: a value that never changes once made.

    It pickles (rule instances are small objects), so it travels with each task of a sweep to the worker
    processes, and the workers build and verify with exactly these rules. Raises ValueError for a repeated
    name.
    """

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(self.rules))
        names = [r.name for r in self.rules]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise ValueError(f"a rule named {name!r} is already in the set")

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rules)

    def named(self, name: str) -> Rule:
        """The rule called `name` (KeyError if none)."""
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(f"no rule {name!r}; rules are {', '.join(self.names)}")

    def with_(self, *added: Rule) -> RuleSet:
        """A new set: these rules after the others (this set when none).
        Raises ValueError when a name is already in the set."""
        return RuleSet((*self.rules, *added)) if added else self


DEFAULT_RULES = RuleSet((
    Budget(),
    Overlap(),
    Requires(),
    Coverage(),
    Participation(),
    MaxActions(),
    Equity(),
    Locks(),
    StartIn(),
    Target(),
))

# Rows that count jobs (jobs[g] = min(cap, direct + synergies)) belong to the model, not to a rule of the plan.
JOBS_MODEL = JOBS_RULE


__all__ = ["DEFAULT_RULES", "JOBS_MODEL", "Rule", "RuleSet"]
