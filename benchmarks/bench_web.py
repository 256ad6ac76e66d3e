"""The web page with a warm server (issue 21: a changed budget to updated figures in under 1 s on the bundled
case): from the form's POST to the answer with the key figures, through Starlette's TestClient, the worker
process already started and the case solved once; beside it the same solve in this process."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import measure

pytest.importorskip("starlette", reason="the 'web' extra is not installed")
from starlette.testclient import TestClient  # noqa: E402

import portfolio  # noqa: E402
from inputs import load_case  # noqa: E402
from inputs.overlay import apply_scenario  # noqa: E402
from portfolio.web.app import create_app  # noqa: E402
from portfolio.web.scenario_form import scenario_from_form  # noqa: E402

# WEWIS's 2027 budget in turn at these amounts (EUR): each round solves a case the round before did not
BUDGETS = itertools.cycle(["27000000", "33000000", "36000000", "24000000"])


@pytest.fixture(scope="module")
def warm():
    """A client of the page over the bundled case, its base solved (the worker warm)."""
    app = create_app(load_case(), "flanders")
    with TestClient(app) as client:
        client.get(f"/?token={app.state.server.token}")
        csrf = {"X-CSRF-Token": app.state.server.csrf}
        fragment = client.get("/base").text
        while 'class="pending"' in fragment:
            fragment = client.get("/base").text
        yield client, csrf


def _figures(client, csrf, budget: str) -> str:
    fragment = client.post("/solve", data={"name": "b", "budget:werk:2027": budget}, headers=csrf).text
    while 'class="pending"' in fragment:
        fragment = client.get(re.search(r'hx-get="([^"]+)"', fragment)[1]).text
    return re.search(r'data-figure="jobs">([^<]*)<', fragment)[1]


def test_web_budget_change_to_figures(benchmark, warm):
    client, csrf = warm
    jobs = measure(benchmark, lambda: _figures(client, csrf, next(BUDGETS)))
    benchmark.extra_info.update(case="flanders", jobs=jobs[-1])


def test_web_same_solve_in_process(benchmark):
    case = load_case()
    changed = apply_scenario(case, scenario_from_form(case, {"name": "b", "budget:werk:2027": "33000000"}))
    portfolio.solve(changed, race=False)  # imports done before the clock runs
    solutions = measure(benchmark, lambda: portfolio.solve(changed, race=False))
    benchmark.extra_info.update(case="flanders", jobs=solutions[-1].jobs_total)
