"""Rule 7, equity: a group's jobs are at least its share of the total jobs."""

from __future__ import annotations

from models import Case
from portfolio.formulation.model import Formulation


def add_equity(form: Formulation, case: Case) -> None:
    z = form.group_columns
    for g, share in case.rules.min_group_share.items():
        # A share of 0 still means jobs_g >= 0, which negative synergies could otherwise break.
        coefs = {j: -share for j in z.values()}
        coefs[z[g]] = 1 - share
        form.add_row(f"share[{g}]", coefs, lower=0)
        form.features.add("equity")
