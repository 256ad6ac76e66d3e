"""Every numerical tolerance of the library, in one place, with what it is for.

The solvers' own feasibility tolerances are about 1e-6 (HiGHS, CBC, SCIP), so
the checker accepts the same and no more.
"""

from __future__ import annotations

# A rule `value <= limit` holds when value <= limit + FEASIBILITY * max(1, |limit|) (relative).
FEASIBILITY = 1e-6

# A proven bound may lie this far (relative) on the wrong side of the incumbent before it counts as a
# contradiction; closer, it is a rounding of the solver's and the bound is taken as the objective.
BOUND = 1e-6

# A binary column counts as chosen above this value.
CHOSEN = 0.5

# "Is an integer" for integer scaling (CP-SAT): within this relative distance of a whole number.
INTEGRAL = 1e-9

# A row without coefficients is decided before solving: 0 must lie within its bounds, within this.
EMPTY_ROW = 1e-9

# Smallest |objective| by which a relative gap is divided.
GAP_DENOMINATOR = 1e-9


def slack(limit: float, tolerance: float = FEASIBILITY) -> float:
    """How far past `limit` a value may lie and still satisfy it: relative, at least absolute."""
    return tolerance * max(1.0, abs(limit))


def holds(value: float, sense: str, limit: float, tolerance: float = FEASIBILITY) -> bool:
    """`value sense limit` (sense '<=', '>=' or '==') within the tolerance."""
    s = slack(limit, tolerance)
    if sense == "<=":
        return value <= limit + s
    if sense == ">=":
        return value >= limit - s
    if sense == "==":
        return abs(value - limit) <= s
    raise ValueError(f"unknown sense {sense!r}")
