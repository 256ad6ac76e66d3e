"""Shared cases of the benchmarks: built once per session, the same for every backend."""

from __future__ import annotations

import functools
from pathlib import Path

import inputs
from portfolio.instances.generate import hard_case, random_case
from portfolio.instances.orlib import mknap_case, read_mknap
from models import Case

ORLIB = Path(__file__).resolve().parent / "data" / "orlib-mkp"  # kept in the repository with its source


@functools.cache
def flanders() -> tuple[Case, str]:
    """The bundled Flemish case (the second item names it in the benchmark's extra_info)."""
    return inputs.load_case(), "flanders"


def generated(n: int, *, equity: bool = True) -> Case:
    """A generated case of `n` actions; with `equity` also per-year budgets, synergies and shares."""
    if equity:
        return random_case(
            n, n_actions=n, n_groups=6, n_domains=5, n_barriers=10, per_year=True, equity=True, tightness=0.4
        )
    return random_case(
        n,
        n_actions=n,
        n_groups=6,
        n_domains=5,
        n_barriers=10,
        synergies=False,
        negative_synergies=False,
        tightness=0.4,
    )


@functools.cache
def case(name: str) -> Case:
    """Benchmark case by name: flanders, mknap1-7, mknapcb1-<k>, gen<n>, plain<n>, hard."""
    if name == "flanders":
        return flanders()[0]
    if name.startswith("mknap"):
        stem, k = name.rsplit("-", 1)
        return mknap_case(read_mknap(ORLIB / f"{stem}.txt")[int(k) - 1])
    if name.startswith("gen"):
        return generated(int(name[3:]))
    if name.startswith("plain"):
        return generated(int(name[5:]), equity=False)
    if name == "hard":
        return hard_case(0)
    raise KeyError(name)
