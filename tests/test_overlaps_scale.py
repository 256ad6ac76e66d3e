"""The overlap check at merge scale (issue 20, point 4): the fast search finds exactly the pairs, with exactly the
similarities, that the plain pairwise definition with the standard library's difflib gives, on the bundled case
and on generated proposals of working groups. Its speed is measured in benchmarks/bench_overlaps.py."""

from __future__ import annotations

import difflib
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import inputs
from models import Case
from portfolio.instances.proposals import proposals_case
from portfolio.overlaps import MIN_SIMILARITY, probable_overlaps, similarity
from tests.conftest import FLANDERS
from tests.test_overlaps import plain_search


def pairwise(case: Case) -> set[tuple[str, str, float]]:
    """Every pair of actions tested one by one (tests/test_overlaps.py), with the standard library's difflib."""
    with patch("tests.test_overlaps.similarity", lambda a, b: difflib.SequenceMatcher(None, a, b).ratio()
               if a and b else 0.0):
        return plain_search(case)


def found(case: Case) -> set[tuple[str, str, float]]:
    return {(o.a, o.b, o.name_similarity) for o in probable_overlaps(case)}


def test_the_bundled_case_gives_what_the_pairwise_check_gives():
    case = inputs.load_case(FLANDERS)
    assert found(case) == pairwise(case)
    assert len(found(case)) == 5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_proposals_give_what_the_pairwise_check_gives(seed):
    case = proposals_case(inputs.load_case(FLANDERS), groups=5, per_group=25, measures=30, seed=seed,
                          n_barriers=4, n_groups=3)
    fast = found(case)
    assert fast == pairwise(case)
    assert sum(s >= MIN_SIMILARITY for _a, _b, s in fast) > 10  # alike names, not only alike sets


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc de", max_size=90), st.text(alphabet="abc de", max_size=90))
def test_the_ratio_is_difflibs(a: str, b: str):
    assert similarity(a, b) == (difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0)
