"""Small phased cases written out by hand, for the tests of explanations, warnings and uncertainty."""

from __future__ import annotations

from models import Case

YEARS = (2026, 2027, 2028)
DOMAINS = {"werk": "Werk", "mow": "Mobiliteit en Openbare Werken"}


def small_phased(actions: dict[str, dict], budgets: dict[tuple[str, int], float] | None = None,
                 totals: dict[str, float] | None = None, rules: dict | None = None, years=YEARS,
                 **settings) -> Case:
    """A phased case with the domains werk and mow, one group `g` (cap 1,000), one barrier.

    `actions`: id -> domain, start window (first, last), run-year costs (EUR per year of running, from 1),
    jobs (reach x effect in g), optional requires, ramp, effect_low. `budgets`: (domain, year) -> EUR
    (default EUR 10 per year each); `totals`: domain -> EUR over the horizon (default the sum of its years).
    """
    budgets = budgets or {(d, t): 10.0 for d in DOMAINS for t in years}
    totals = totals or {d: sum(v for (dd, _t), v in budgets.items() if dd == d) for d in DOMAINS}
    rows = {"actions": [], "costs": [], "reach": []}
    for a, spec in actions.items():
        first, last = spec.get("window", (years[0], years[0]))
        rows["actions"].append({"action": a, "name": f"Action {a}", "lead_domain": spec["domain"],
                                "barriers": "b", "requires": spec.get("requires", ()),
                                "earliest_start": first, "latest_start": last, "ramp": spec.get("ramp", ())})
        for k, eur in enumerate(spec.get("costs", (1.0,)), start=1):
            rows["costs"].append({"action": a, "domain": spec["domain"], "cost_eur": eur, "run_year": k})
        effect = spec.get("effect", 0.5)
        reach = {"action": a, "group": "g", "reach": spec.get("jobs", 10.0) / effect, "effect": effect}
        if "effect_low" in spec:
            reach["effect_low"] = spec["effect_low"]
        rows["reach"].append(reach)
    return Case.model_validate({
        "name": "small phased", "objective": settings.pop("objective", "max_jobs"),
        "domains": [{"domain": d, "name": n, "budget_eur": totals[d]} for d, n in DOMAINS.items()],
        "budgets": [{"domain": d, "year": t, "budget_eur": v} for (d, t), v in budgets.items()],
        "groups": [{"group": "g", "name": "Group g", "population": 100000, "max_extra_jobs": 1000}],
        "barriers": [{"barrier": "b", "name": "Barrier b", "priority": False}],
        "rules": {"min_actions_per_priority_barrier": 0, **(rules or {})},
        **rows, **settings,
    })
