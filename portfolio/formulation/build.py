"""Case -> Formulation: the exact integer program of the case format, one rule of its rule set at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from models import Case
from models.casedata import CaseData
from portfolio.formulation.jobs import add_jobs, add_selection, add_starts
from portfolio.formulation.model import Formulation
from portfolio.formulation.objectives import objective
from portfolio.rules import DEFAULT_RULES, Rule, RuleSet

JobsModel = Literal["auto", "exact", "relaxed"]


def build(case: Case, jobs_model: JobsModel = "auto", data: CaseData | None = None,
          extra_rules: Sequence[Rule] = (), rules: RuleSet = DEFAULT_RULES) -> Formulation:
    """The integer program of `case`.

    `jobs_model`: "exact" forces jobs[g] = min(cap, uncapped); "relaxed" only
    bounds it from above (exact at the optimum unless a rule needs exact
    counting, as the equity rule does); "auto" is exact exactly when a rule of
    the case needs it. `data` saves re-indexing the case when the caller has it.
    `rules`: the rules of the plan (verify with the same set); `extra_rules` are added after them for this
    formulation only (a robust rule, exclusion cuts); verify them with `evaluate(..., extra_rules=)`.
    Raises ValueError when an extra rule's name is already in `rules`.
    """
    data = data or CaseData.of(case)
    rules = rules.with_(*extra_rules)
    exact = jobs_model == "exact" or (jobs_model == "auto" and any(r.needs_exact_jobs(data) for r in rules))
    obj = objective(case.objective)
    form = Formulation(sense=obj.sense)
    add_selection(form, data)
    add_starts(form, data)
    add_jobs(form, data, exact=exact)
    for rule in rules:
        rule.add(form, data)
    obj.set(form, data)
    return form
