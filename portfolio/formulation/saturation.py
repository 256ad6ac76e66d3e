"""The jobs of a group with a saturation curve (spec 4.2): jobs[g] = min(cap, f(direct + synergies)), exactly.

Write u for the group's uncapped jobs (a linear expression in the selection, start and product columns) and
h(u) = min(cap, f(u)). h is concave and piecewise linear, so it is the smallest of its pieces' lines L_k
(models.saturation.Curve.pieces). Over the range [low, high] that u can take (the sums of its negative and of
its positive coefficients) only the pieces meeting that range matter: the others' lines lie on or above h
there, so dropping them changes no minimum.

The rows, with z = jobs[g]:

- `z <= L_k(u)` per relevant piece with a slope (`saturation[g,k]`), and the bounds h(low) <= z <= h(high),
  which hold the flat piece (the cap, or the curve after its last point). With a single relevant piece,
  `z = L(u)` instead, and nothing else is needed.
  These rows give z <= min_k L_k(u) = h(u). That alone is exact when every rule and the objective want more
  jobs (max_jobs, the jobs target, a floor): the optimum puts z on h(u).
- With `exact` (the equity rule, where counting another group's jobs short could meet a share), binaries
  choose the piece u lies on: `on_piece[g,k]` for every relevant piece but the first, at most one of them
  (`saturation_piece[g]`), the first chosen when none is. For the chosen piece k, `saturation_ge[g,k]` reads
  z >= L_k(u); for the others it is z >= L_k(u) - M_k with M_k = max(L_k - h) over [low, high], which is
  the larger of its values at low and high (L_k - h is convex) rounded up, so it never binds. One row more,
  `saturation_chord[g]`, holds z at or above a line through or below the ends of h over [low, high] (its
  slope rounded to 0.01, for CP-SAT's integers): h is concave, so it lies above that line everywhere
  between, and the row cuts off no true count; it only tightens the relaxation the binaries start from
  (measured on a 60-action case with equity and five curves: HiGHS 31 s to 13 s, CBC 79 s to 12 s).

Why this is exact: at any feasible point z <= h(u) <= L_k(u) and z >= L_k(u) for the chosen k, so
L_k(u) = h(u) = z; and for any choice of the other columns, z = h(u) with the piece u lies on chosen is
feasible. So the feasible portfolios, and each one's jobs, are those of the definition, for every objective
and every rule.
"""

from __future__ import annotations

import math

from models.saturation import Curve, Piece
from portfolio.formulation.model import Formulation

RULE = "jobs"


def add_saturated_jobs(form: Formulation, group: str, cap: float, curve: Curve, uncapped: dict[int, float],
                       exact: bool) -> int:
    """Add `jobs[group]` = min(cap, curve(sum of uncapped[j] * column j)) and its rows; return the column.

    `uncapped` maps columns to jobs (persons); `exact` forces the equality (see the module docstring),
    else jobs[group] is only held at or below it.
    """
    low = math.fsum(v for v in uncapped.values() if v < 0)
    high = math.fsum(v for v in uncapped.values() if v > 0)
    pieces = curve.pieces(cap)
    relevant = [p for p in pieces if p.start < high and p.end > low] or [
        next(p for p in pieces if p.start <= low <= p.end)]
    least, most = (min(p.at(u) for p in pieces) for u in (low, high))  # h(low), h(high)
    z = form.add_column(f"jobs[{group}]", least, most, integer=False)
    tag = {"rule": RULE, "subject": (group,)}
    if len(relevant) == 1:
        if relevant[0].slope != 0:
            form.add_row(f"saturation[{group}]", _line(z, relevant[0], uncapped), lower=relevant[0].intercept,
                         upper=relevant[0].intercept, **tag)
        return z
    for k, p in enumerate(relevant):
        if p.slope != 0:
            form.add_row(f"saturation[{group},{k}]", _line(z, p, uncapped), upper=p.intercept, **tag)
    if not exact:
        return z
    if high > low:
        slope = round((most - least) / (high - low), 2)
        below = math.floor(min(least - slope * low, most - slope * high) * 1e6) / 1e6
        form.add_row(f"saturation_chord[{group}]", {z: 1.0, **{j: -slope * v for j, v in uncapped.items()}},
                     lower=below, **tag)
    on = {k: form.add_column(f"on_piece[{group},{k}]", 0, 1, integer=True) for k in range(1, len(relevant))}
    if len(on) > 1:
        form.add_row(f"saturation_piece[{group}]", dict.fromkeys(on.values(), 1.0), upper=1, **tag)
    for k, p in enumerate(relevant):
        m = math.ceil(max(p.at(low) - least, p.at(high) - most))
        coefs = _line(z, p, uncapped)
        if k == 0:
            form.add_row(f"saturation_ge[{group},0]", {**coefs, **dict.fromkeys(on.values(), m)},
                         lower=p.intercept, **tag)
        else:
            form.add_row(f"saturation_ge[{group},{k}]", {**coefs, on[k]: -m}, lower=p.intercept - m, **tag)
    return z


def _line(z: int, piece: Piece, uncapped: dict[int, float]) -> dict[int, float]:
    """Coefficients of z - slope * u (the row's bound is the piece's intercept)."""
    return {z: 1.0, **{j: -piece.slope * v for j, v in uncapped.items()}}
