"""Selection columns and the exact extra-jobs model: jobs_g = min(max_extra_jobs_g, direct + synergies), or with a
saturation curve f_g, min(max_extra_jobs_g, f_g(direct + synergies))."""

from __future__ import annotations

import math

from models.casedata import CaseData
from portfolio.formulation.model import Formulation
from portfolio.formulation.saturation import add_saturated_jobs

RULE = "jobs"  # rows of the jobs-counting model (not a rule of the plan)


def add_selection(form: Formulation, data: CaseData) -> None:
    """One binary `select[a]` per action."""
    for a in data.case.actions:
        form.action_columns[a.action] = form.add_column(f"select[{a.action}]", 0, 1, integer=True)


def add_starts(form: Formulation, data: CaseData) -> None:
    """Phased case (spec 4.1): `start[a,s]` per action and year of a window of two or more years, tied to the
    selection by `starts[a]`: select[a] = sum_s start[a,s], so at most one start and every rule on the
    selection keeps its rows. A one-year window needs no column: its start is the selection."""
    if not data.phased:
        return
    form.features.add("phased")
    for a in data.case.actions:
        x = form.action_columns[a.action]
        window = data.windows[a.action]
        if len(window) == 1:
            form.start_columns[a.action, window[0]] = x
            continue
        coefs = {x: 1.0}
        for s in window:
            j = form.start_columns[a.action, s] = form.add_column(f"start[{a.action},{s}]", 0, 1, integer=True)
            coefs[j] = -1.0
        form.add_row(f"starts[{a.action}]", coefs, lower=0, upper=0, rule=RULE, subject=(a.action,))


def started_by(form: Formulation, data: CaseData, action: str, year: int) -> dict[int, float]:
    """The expression that is 1 when `action` is chosen and has started by `year` (empty: it cannot have)."""
    if not data.phased:
        return {form.action_columns[action]: 1.0}
    return {form.start_columns[action, s]: 1.0 for s in data.windows[action] if s <= year}


def _running_at_target(form: Formulation, data: CaseData, action: str) -> int | None:
    """A column that is 1 when `action` runs in the target year: its selection, when every start in its window
    is by then, else a `started[a]` column equal to the starts up to the target year (None: it never runs)."""
    expr = started_by(form, data, action, data.target if data.phased else 0)
    if not expr:
        return None
    if not data.phased or len(expr) == len(data.windows[action]):
        return form.action_columns[action]
    name = f"started[{action}]"
    try:
        return form._find(name, "column")
    except KeyError:
        pass
    j = form.add_column(name, 0, 1, integer=True)  # integral anyway; binary keeps it a product factor for CP-SAT
    form.add_row(f"started_by_target[{action}]", {j: 1.0, **{k: -v for k, v in expr.items()}}, lower=0, upper=0,
                 rule=RULE, subject=(action,))
    return j


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
        xa, xb = _running_at_target(form, data, a), _running_at_target(form, data, b)
        if xa is None or xb is None:
            continue  # in a phased case, one of them cannot run by the target year: the synergy never counts
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
    """Column `jobs[g]` per group, equal to min(cap, uncapped jobs) for the chosen actions, or for a group with a
    saturation curve f to min(cap, f(uncapped)) (portfolio.formulation.saturation).

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
        if data.phased:
            for s in data.windows[a]:
                share = data.ramp_at(a, data.target - s + 1)
                if share > 0:
                    j = form.start_columns[a, s]
                    terms[g][j] = terms[g].get(j, 0.0) + jobs * share
        else:
            j = form.action_columns[a]
            terms[g][j] = terms[g].get(j, 0.0) + jobs
    for (a, b, g), extra in data.synergy.items():
        if (a, b) not in products:
            continue
        j = products[a, b]
        terms[g][j] = terms[g].get(j, 0.0) + extra
    form.exact_jobs = exact
    for group in case.groups:
        g, cap = group.group, group.max_extra_jobs
        expr = terms[g]
        if g in data.curves:
            form.group_columns[g] = add_saturated_jobs(form, g, cap, data.curves[g], expr, exact)
            form.features.add("saturation")
            continue
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
