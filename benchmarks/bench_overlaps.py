"""The overlap check at merge scale (issue 20, point 4): five working groups of 400 proposals each.

`pool`: the groups draw their proposals from one pool of 1,000 measures, each in its own words (1,830 probable
overlaps); `dense` (slow): from 50 measures only, so every proposal is one of about 40 versions of its measure
and most pairs across groups are findings (29,525), each needing its exact name ratio."""

from __future__ import annotations

import functools

import pytest

import inputs
from portfolio.instances.proposals import proposals_case
from portfolio.overlaps import probable_overlaps

POOLS = {"pool": 1000, "dense": 50}


@functools.cache
def case(shape: str):
    return proposals_case(inputs.load_case(), groups=5, per_group=400, measures=POOLS[shape])


@pytest.mark.parametrize("shape", ["pool", pytest.param("dense", marks=pytest.mark.slow)])
def test_probable_overlaps(benchmark, shape):
    subject = case(shape)
    benchmark.group = "overlap check, 5 groups x 400 proposals"
    found = benchmark.pedantic(probable_overlaps, args=(subject,), rounds=3 if shape == "pool" else 1)
    benchmark.extra_info.update(actions=len(subject.actions), overlaps=len(found),
                                names_alike=sum(o.names_alike for o in found))
