"""The seeded phased cases of portfolio/instances/phased.py: valid, feasible, and keeping the options they are
given."""

from __future__ import annotations

import pytest

import portfolio
from portfolio.instances.phased import phased_case


@pytest.mark.parametrize("seed", [3, 7, 9])
def test_a_phased_case_with_max_actions_is_feasible_and_keeps_the_limit(seed):
    """The witness plan respects max_actions, so the generator never fails its own check."""
    case = phased_case(seed, n_actions=25, n_years=3, n_groups=3, n_domains=3, n_barriers=4, max_actions=8)
    assert case.rules.max_actions == 8
    found = portfolio.solve(case, backend="highs")
    assert found.status.value == "optimal" and len(found.selected) <= 8
