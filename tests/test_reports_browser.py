"""report.html in headless Chromium with the network off: the page loads, every chart has drawn content, and a
screenshot of it is not blank. Skipped (with the reason in the summary) where Chromium is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

import portfolio
from conftest import FLANDERS
from inputs import load_case
from portfolio.reports import build_report, write_report

pytestmark = pytest.mark.browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NAVY = np.array([0x1F, 0x3A, 0x5F]) / 255  # the masthead's colour: the inline CSS applied


def _browser() -> str | None:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def _offline() -> list[str]:
    """A command prefix that runs the browser without any network: a fresh network namespace where allowed."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []  # then the proxy flags below still send every request nowhere


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "out"
    case = load_case(FLANDERS)
    write_report(build_report(case, portfolio.solve(case)), out, formats=["html"])
    return out / "report.html"


def _opener(page: Path, tmp_path_factory):
    """Run headless Chromium, offline, on `page` with extra flags; return its standard output."""
    browser = _browser()
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`; .ci/run installs it where it can), "
                    "so the HTML report was not opened in a browser")
    profile = tmp_path_factory.mktemp("profile")

    def run(*flags: str) -> str:
        command = [*_offline(), browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                   f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


@pytest.fixture(scope="module")
def open_page(page, tmp_path_factory):
    return _opener(page, tmp_path_factory)


def test_the_page_loads_offline_and_every_chart_has_drawn_content(open_page):
    dom = open_page("--dump-dom")
    assert "<h1>Vlaanderen 2026-2029</h1>" in dom and 'id="summary"' in dom
    charts = re.findall(r'<figure class="chart" id="chart-(\w+)">(.*?)</figure>', dom, flags=re.S)
    assert [name for name, _ in charts] == ["timeline", "years", "spend", "jobs", "rate"]  # a phased case
    for name, body in charts:
        assert "<svg" in body, name
        shapes = re.findall(r'<path[^>]*\sd="([^"]+)"[^>]*>', body)
        data = re.findall(r'<path[^>]*\sd="[^"]+"[^>]*fill: #0072b2', body)  # bars in the data colour
        assert len(shapes) >= 5 and data, f"chart {name}: {len(shapes)} paths, {len(data)} in the data colour"
        assert len(re.findall(r"<text\b", body)) >= 3, f"chart {name} has no labels"


def test_a_screenshot_of_the_page_is_not_blank(open_page, tmp_path):
    shot = tmp_path / "report.png"
    open_page(f"--screenshot={shot}", "--window-size=1280,2400")
    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (2400, 1280)
    grey = pixels.mean(axis=2)
    assert grey.std() > 0.05 and (grey < 0.9).mean() > 0.02, "the screenshot is blank"
    top = pixels[40, 10:1270]
    assert np.abs(top - NAVY).max(axis=1).min() < 0.03, "the masthead is not drawn: the inline CSS did not apply"


def test_the_page_asks_for_nothing_from_the_network(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r'\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', html)
    assert "@import" not in html and "<script" not in html and "<link" not in html
    assert not re.search(r"url\((?!#)", html)  # only references inside the page (the charts' clip paths)
    assert "default-src 'none'" in html  # the page may not load anything, even if a future edit tried


@pytest.fixture(scope="module")
def phased(tmp_path_factory):
    """report.html of the bundled case made phased (tests/test_reports_phased.py), its plan, and a browser."""
    from test_reports_phased import phased_flanders

    folder = phased_flanders(tmp_path_factory.mktemp("phased") / "case")
    case = load_case(folder)
    solution = portfolio.solve(case)
    out = tmp_path_factory.mktemp("html") / "out"
    write_report(build_report(case, solution), out, formats=["html"], lang="en")
    return solution.plan, _opener(out / "report.html", tmp_path_factory)


def test_a_phased_page_draws_the_timeline_and_the_jobs_per_year_in_the_browser(phased):
    """The DOM Chromium built: the timeline has a cell for each chosen action in each year from its start, and
    none before; the jobs-per-year chart a bar per year and the path; both drawn and labelled."""
    plan, run = phased
    dom = run("--dump-dom")
    charts = dict(re.findall(r'<figure class="chart" id="chart-(\w+)">(.*?)</figure>', dom, flags=re.S))
    assert {"timeline", "years"} <= set(charts)
    timeline = charts["timeline"]
    cells = set(re.findall(r'<g id="timeline-(\w+)-(\d{4})"', timeline))
    assert cells == {(a, str(y)) for a, start in plan.items() for y in range(start, 2030)}
    for a in plan:
        assert re.search(rf"<text[^>]*>{a} ", timeline), f"{a} is not labelled on the timeline"
    assert all(re.search(rf"<text[^>]*>{y}</text>", timeline) for y in range(2026, 2030))
    years = charts["years"]
    assert set(re.findall(r'<g id="years-(\d{4})"', years)) == {"2026", "2027", "2028", "2029"}
    assert "Path to the target" in years and len(re.findall(r'<path[^>]*fill: #0072b2', years)) >= 4
    starts = dict(re.findall(r'<tr id="timeline-(\w+)">.*?<td class="num">(\d{4})</td>', dom, flags=re.S))
    assert starts == {a: str(s) for a, s in plan.items()}
