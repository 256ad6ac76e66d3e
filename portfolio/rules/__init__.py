"""The rules of the plan, one component per file, and the registry that build, verify and diagnose iterate.

To add a rule: write a subclass of `Rule` in its own file (rows, check,
description, obvious conflicts) and put an instance in RULES below (or, from
outside the package, `register` it). The order of RULES is the order of the
rows in the formulation; build, verify, diagnose and the brute-force
enumeration read RULES each time they run.
"""

from __future__ import annotations

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
from portfolio.rules.target import Target

RULES: list[Rule] = [
    Budget(),
    Overlap(),
    Requires(),
    Coverage(),
    Participation(),
    MaxActions(),
    Equity(),
    Locks(),
    Target(),
]

# Rows that count jobs (jobs[g] = min(cap, direct + synergies)) belong to the model, not to a rule of the plan.
JOBS_MODEL = JOBS_RULE


def register(new: Rule) -> None:
    """Add a rule to the registry (after the others); its name must be new."""
    if any(r.name == new.name for r in RULES):
        raise ValueError(f"a rule named {new.name!r} is already registered")
    RULES.append(new)


def unregister(name: str) -> None:
    """Remove a registered rule (KeyError if none)."""
    RULES.remove(rule(name))


def rule(name: str) -> Rule:
    """The registered rule called `name` (KeyError if none)."""
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(f"no rule {name!r}; rules are {', '.join(r.name for r in RULES)}")


__all__ = ["JOBS_MODEL", "RULES", "Rule", "register", "rule", "unregister"]
