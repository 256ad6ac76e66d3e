"""The what-if form: its fields from a case, and a models.scenario.Scenario from what was sent (only the
changes), as YAML that inputs.scenario.read_scenarios reads back."""

from __future__ import annotations

import math
from collections.abc import Mapping

import yaml
from pydantic import ValidationError

from models import Case
from models.scenario import BudgetChange, RuleChanges, Scenario


class FormError(ValueError):
    """What is wrong with the form, one line per field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def budget_fields(case: Case) -> list[tuple[str, str, int | None, float]]:
    """(field name, domain, year or None, EUR) for each budget the form shows: per domain and year when the
    case has budgets.csv, else per domain."""
    if case.budgets:
        return [(f"budget:{b.domain}:{b.year}", b.domain, b.year, b.budget_eur)
                for d in case.domains for b in case.budgets if b.domain == d.domain]
    return [(f"budget:{d.domain}", d.domain, None, d.budget_eur) for d in case.domains]


def scenario_from_form(case: Case, form: Mapping[str, str]) -> Scenario:
    """The scenario the form describes: every field that differs from `case`. Raises FormError."""
    problems: list[str] = []

    def number(key: str, whole: bool = False) -> float | None:
        text = (form.get(key) or "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or (whole and not value.is_integer()):
            problems.append(f"{key}: {text!r} is not a {'whole ' if whole else ''}number >= 0")
            return None
        return value

    budgets = []
    for key, domain, year, eur in budget_fields(case):
        value = number(key)
        if value is not None and value != eur:
            budgets.append(BudgetChange(domain=domain, year=year, amount_eur=value))
    lock_in, lock_out = [], []
    for a in case.actions:
        choice = form.get(f"lock:{a.action}", "")
        if choice == "in" and a.action not in case.rules.locked_in:
            lock_in.append(a.action)
        elif choice == "out" and a.action not in case.rules.locked_out:
            lock_out.append(a.action)
    shares = {}
    for g in (g for g in case.groups if f"share:{g.group}" in form):  # a field not sent is left as it is
        percent = number(f"share:{g.group}")
        share = None if percent is None else percent / 100
        if share is not None and share > 1:
            problems.append(f"share:{g.group}: {percent:g} is more than 100 %")
        elif share != case.rules.min_group_share.get(g.group):
            shares[g.group] = share
    most = number("max_actions", whole=True)
    rules = {"min_group_share": shares}
    if "max_actions" in form and most is None and case.rules.max_actions is not None:
        rules["no_max_actions"] = True
    elif most is not None and most != case.rules.max_actions:
        rules["max_actions"] = int(most)
    target = number("jobs_target")
    if problems:
        raise FormError(problems)
    try:
        return Scenario(name=(form.get("name") or "").strip() or "scenario", budgets=tuple(budgets),
                        lock_in=tuple(lock_in), lock_out=tuple(lock_out), rules=RuleChanges(**rules),
                        **({"objective": "min_cost", "jobs_target": target} if target else {}))
    except ValidationError as err:
        raise FormError([f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]) from None


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as a YAML file of one scenario, as `portfolio whatif CASE FILE` reads it."""
    return yaml.safe_dump({"scenarios": [scenario.model_dump(mode="json", exclude_defaults=True)]},
                          allow_unicode=True, sort_keys=False)
