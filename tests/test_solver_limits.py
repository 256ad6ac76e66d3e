"""Every backend gives the brute-force answer for cases whose numbers sit just below the validation limits.

The limits (models/checks.py, docs/case-format.md section 2) keep each number where every backend was
measured to compute exactly, with a margin; above them a case is refused. These cases use the largest
values the limits allow, in the shapes that went wrong above them: costs near the cost limit (in whole
euros and with cents), budgets near the budget limit, reach and caps near the persons limit with small
caps beside them, and synergies near the synergy limit next to caps of a few hundred jobs.
"""

from __future__ import annotations

import pytest

import portfolio
from models import Action, Barrier, Case, Cost, Domain, Group, Reach, Rules, Synergy
from models.checks import ACTION_COST_LIMIT_EUR, BUDGET_LIMIT_EUR, PERSONS_LIMIT, SYNERGY_LIMIT
from models.solver import BACKEND_NAMES
from portfolio.brute_force import brute_force

COST = ACTION_COST_LIMIT_EUR
# (reach, effect) per action and group, costs per action and domain: chosen so that the budgets bind
# and several portfolios come close, and every number is near its limit where one is.
ACTIONS = {
    "a1": ({"big": (9_999_999, 0.31), "small": (250, 0.2)}, {"d1": 0.999_999_97 * COST}),
    "a2": ({"big": (8_765_432, 0.29)}, {"d1": 0.734_567_89 * COST, "d2": 0.265_432_1 * COST}),
    "a3": ({"small": (900, 0.25)}, {"d2": 0.912_345_67 * COST}),
    "a4": ({"big": (7_654_321, 0.33), "small": (400, 0.1)}, {"d1": 0.456_789_01 * COST, "d2": 0.543_210_9 * COST}),
    "a5": ({"small": (600, 0.3)}, {"d1": 0.333_333_33 * COST}),
    "a6": ({"big": (9_500_000, 0.3)}, {"d2": 0.999_999_99 * COST}),
}


def limit_case(objective: str = "max_jobs", cents: bool = False, shares: bool = False) -> Case:
    def eur(x: float) -> float:
        return round(x, 2) if cents else float(round(x))

    return Case(
        name="just below the limits",
        objective=objective,
        jobs_target=5_600_000.5 if objective == "min_cost" else None,
        domains=(
            Domain(domain="d1", name="D1", budget_eur=eur(1.5 * COST + 0.37)),
            Domain(domain="d2", name="D2", budget_eur=eur(0.999 * BUDGET_LIMIT_EUR)),  # never binds
        ),
        groups=(
            Group(group="big", name="Big", population=int(PERSONS_LIMIT) - 1, max_extra_jobs=0.61 * PERSONS_LIMIT),
            Group(group="small", name="Small", population=2_000, max_extra_jobs=310),
        ),
        barriers=(Barrier(barrier="b", name="B", priority=True),),
        actions=tuple(Action(action=a, name=a, lead_domain="d1", barriers=("b",)) for a in ACTIONS),
        costs=tuple(
            Cost(action=a, domain=d, cost_eur=eur(x)) for a, (_, costs) in ACTIONS.items() for d, x in costs.items()
        ),
        reach=tuple(
            Reach(action=a, group=g, reach=r, effect=e) for a, (reach, _) in ACTIONS.items() for g, (r, e) in reach.items()
        ),
        synergies=(
            Synergy(action_a="a3", action_b="a5", group="small", extra_jobs=SYNERGY_LIMIT - 1),  # far above the cap 310
            Synergy(action_a="a1", action_b="a4", group="big", extra_jobs=-(SYNERGY_LIMIT - 1)),
            Synergy(action_a="a2", action_b="a6", group="big", extra_jobs=987_654.3),
        ),
        rules=Rules(min_group_share={"small": 0.00004} if shares else {}),
    )


VARIANTS = {
    "max_jobs": {},
    "max_jobs with cents": {"cents": True},
    "max_jobs with an equity share": {"shares": True},
    "min_cost": {"objective": "min_cost"},
    "min_cost with cents": {"objective": "min_cost", "cents": True},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("backend", BACKEND_NAMES)
def test_every_backend_gives_the_brute_force_answer_just_below_the_limits(backend: str, variant: str):
    case = limit_case(**VARIANTS[variant])
    best, chosen = brute_force(case)
    assert best is not None and 0 < len(chosen) < len(ACTIONS), "the case should need a real choice"
    solution = portfolio.solve(case, backend=backend, time_limit_s=60)
    assert solution.status == "optimal", solution.details.message
    assert solution.objective_value == pytest.approx(best, rel=1e-9)


def test_the_limit_case_is_at_the_limits():
    """Guard the fixture: its numbers stay near the limits, so the test above keeps its meaning."""
    case = limit_case()
    assert max(c.cost_eur for c in case.costs) > 0.99 * ACTION_COST_LIMIT_EUR
    assert max(d.budget_eur for d in case.domains) > 0.99 * BUDGET_LIMIT_EUR
    assert max(r.reach for r in case.reach) > 0.99 * PERSONS_LIMIT
    assert max(abs(s.extra_jobs) for s in case.synergies) > 0.99 * SYNERGY_LIMIT
