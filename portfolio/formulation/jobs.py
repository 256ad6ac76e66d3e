"""Selection columns and the exact extra-jobs model: jobs_g = min(max_extra_jobs_g, direct + synergies)."""

from __future__ import annotations

import math

from models.casedata import CaseData
from portfolio.formulation.model import Formulation

RULE = "jobs"  # rows of the jobs-counting model (not a rule of the plan)


def add_selection(form: Formulation, data: CaseData) -> None:
    """One binary `select[a]` per action."""
    for a in data.case.actions:
        form.action_columns[a.action] = form.add_column(f"select[{a.action}]", 0, 1, integer=True)


def add_synergy_products(form: Formulation, data: CaseData, exact: bool = True) -> dict[tuple[str, str], int]:
    """`both[a,b]` for every pair with a synergy: select[a] * select[b], or a bound on it that is exact where
    it matters.

    With `exact`, three rows force the product for either sign, so neither a positive nor a negative synergy
    can be gamed (the equity rule needs every group's jobs counted exactly). Without, each sign needs only the
    side that bounds it: `both <= select[a]`, `both <= select[b]` for a positive synergy (more jobs is what the
    solver wants, and no more than the product is allowed), `both >= select[a] + select[b] - 1` for a negative
    one. Any value the solver picks then counts at most the true jobs, and the true product is always a
    choice, so the optimum and the set of feasible portfolios are those of the exact model, with a third or
    two thirds fewer rows. A pair with synergies of both signs keeps all three.
    """
    signs: dict[tuple[str, str], set[bool]] = {}
    for (a, b, _group), extra in data.synergy.items():
        signs.setdefault((a, b), set()).add(extra > 0)
    products: dict[tuple[str, str], int] = {}
    for (a, b), sign in signs.items():
        xa, xb = form.action_columns[a], form.action_columns[b]
        w = form.add_column(f"both[{a},{b}]", 0, 1, integer=False)
        form.products[w] = (xa, xb)
        tag = {"rule": RULE, "subject": (a, b)}
        if exact or True in sign:
            form.add_row(f"both_le[{a},{b},{a}]", {w: 1, xa: -1}, upper=0, **tag)
            form.add_row(f"both_le[{a},{b},{b}]", {w: 1, xb: -1}, upper=0, **tag)
        if exact or False in sign:
            form.add_row(f"both_ge[{a},{b}]", {w: 1, xa: -1, xb: -1}, lower=-1, **tag)
        products[a, b] = w
    if products:
        form.features.add("synergy")
    return products


def add_jobs(form: Formulation, data: CaseData, exact: bool) -> None:
    """Column `jobs[g]` per group, equal to min(cap, uncapped jobs) for the chosen actions.

    `uncapped[g]` rows tie jobs[g] to at most the direct jobs plus synergies; the
    cap is the column's upper bound. That is exact at the optimum of either
    objective. With `exact`, a binary `at_cap[g]` and two big-M rows also force
    jobs[g] >= min(cap, uncapped), as the equity rule needs: otherwise a solver
    could under-count other groups to meet a share. Big-M values are the tight
    spans of the uncapped expression, computed from its coefficients.
    """
    products = add_synergy_products(form, data, exact)
    case = data.case
    terms: dict[str, dict[int, float]] = {g.group: {} for g in case.groups}
    for (a, g), jobs in data.direct_jobs.items():
        j = form.action_columns[a]
        terms[g][j] = terms[g].get(j, 0.0) + jobs
    for (a, b, g), extra in data.synergy.items():
        j = products[a, b]
        terms[g][j] = terms[g].get(j, 0.0) + extra
    form.exact_jobs = exact
    for group in case.groups:
        g, cap = group.group, group.max_extra_jobs
        expr = terms[g]
        low = math.fsum(v for v in expr.values() if v < 0)
        high = math.fsum(v for v in expr.values() if v > 0)
        z = form.add_column(f"jobs[{g}]", min(0.0, low), min(cap, high), integer=False)
        form.group_columns[g] = z
        uncapped = {z: 1.0, **{j: -v for j, v in expr.items()}}
        tag = {"rule": RULE, "subject": (g,)}
        if high <= cap:  # the cap never binds: jobs equal the uncapped sum
            form.add_row(f"uncapped[{g}]", uncapped, lower=0, upper=0, **tag)
            continue
        form.add_row(f"uncapped[{g}]", uncapped, upper=0, **tag)
        if exact and low < cap:
            u = form.add_column(f"at_cap[{g}]", 0, 1, integer=True)
            form.add_row(f"jobs_ge_cap[{g}]", {z: 1.0, u: -(cap - low)}, lower=low, **tag)
            form.add_row(f"jobs_ge_uncapped[{g}]", {**uncapped, u: high - cap}, lower=0, **tag)
        elif exact:  # low >= cap: the cap always binds
            form.add_row(f"jobs_ge_cap[{g}]", {z: 1.0}, lower=cap, **tag)
