"""The web page in Debian's headless Chromium, driven by Playwright: load, change a budget, solve, compare two
scenarios, download the report and the scenario (whose `portfolio whatif` figures are the page's), the
token, a script in a case text, nothing from elsewhere, and a phone's width. Skipped (saying why) without
Chromium."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from conftest import TEMPLATE, edit_csv
from portfolio.reports import Labels

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api",
                                 reason="Playwright is not installed (the 'dev' extra)")

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script>"
PHONE_PX = 420


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    """The template case with `<script>alert(1)</script>` as the name of its first action."""
    folder = tmp_path_factory.mktemp("web") / "case"
    shutil.copytree(TEMPLATE, folder)
    edit_csv(folder / "actions.csv", 2, "name", SCRIPT)
    return folder


@pytest.fixture(scope="module")
def url(case):
    """`portfolio serve` over `case`: the address it printed (with its token); stopped with Ctrl-C after."""
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", str(case), "--no-browser", "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`; .ci/run installs it where it "
                    "can), so the web page was not opened in a browser")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, url):
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.alerts = []
    tab.on("dialog", lambda dialog: (tab.alerts.append(dialog.message), dialog.dismiss()))
    tab.goto(url)
    tab.wait_for_selector("#summary .kpis")
    yield tab
    context.close()


def _solve(page, name: str, budget_eur: str) -> str:
    """Fill the what-if form (a name, the 2026 budget of werk), solve, wait for the result; its id."""
    page.fill("input[name=name]", name)
    page.fill("input[name='budget:werk:2026']", budget_eur)
    page.click("#whatif-form button[type=submit]")
    article = page.wait_for_selector(f"article.whatif:has(h3:text-is('Resultaat: {name}'))", timeout=60_000)
    return article.get_attribute("data-whatif")


def test_a_changed_budget_solved_in_the_page_gives_the_figures_of_portfolio_whatif(page, case, tmp_path):
    page.fill("input[name='budget:werk:2026']", "2500000")
    slider = float(page.input_value("#budget\\:werk\\:2026-slider"))
    assert abs(slider - 2_500_000) <= float(page.get_attribute("#budget\\:werk\\:2026-slider", "step"))
    _solve(page, "meer werk", "2500000")
    jobs = page.inner_text(".whatif [data-figure=jobs]")
    cost = page.inner_text(".whatif [data-figure=cost]")
    with page.expect_download() as download:
        page.click("text=Scenario als YAML")
    scenario = tmp_path / "scenario.yaml"
    download.value.save_as(scenario)
    done = CliRunner().invoke(cli.main, ["whatif", str(case), str(scenario), "--format", "json"])
    assert done.exit_code == 0, done.stderr
    solution = json.loads(done.stdout)["scenarios"][0]["solution"]
    L = Labels("nl")
    assert (jobs, cost) == (L.jobs(solution["jobs_total"]), L.eur(solution["cost_total_eur"]))
    page.wait_for_selector(".whatif .charts svg")


def test_two_scenarios_side_by_side_and_the_report_download(page, tmp_path):
    _solve(page, "krap", "1000000")
    _solve(page, "ruim", "3000000")
    with page.expect_download() as download:
        page.locator("article.whatif", has_text="Resultaat: ruim").locator("text=Rapport").click()
    report = tmp_path / "report.zip"
    download.value.save_as(report)
    assert "report/report.html" in zipfile.ZipFile(report).namelist()
    page.click("nav >> text=Scenario's naast elkaar")
    heads = page.locator("table.compare thead th").all_inner_texts()
    assert heads[-2:] == ["krap", "ruim"]
    assert page.locator("table.compare td.diff").count() > 0


def test_a_script_in_an_action_name_is_text_and_never_runs(page):
    page.click("text=Acties vastzetten")
    assert page.locator(".locks td", has_text=SCRIPT).count() == 1
    _solve(page, SCRIPT, "3000000")
    assert page.alerts == []


def test_without_the_token_the_page_answers_403(browser, url):
    context = browser.new_context()
    answer = context.new_page().goto(url.split("?")[0])
    assert answer.status == 403
    context.close()


def test_nothing_is_loaded_from_elsewhere(browser, url):
    context = browser.new_context()
    tab = context.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(url)
    tab.wait_for_selector("#summary .kpis")
    tab.goto(url.split("?")[0] + "/frontier")
    origin = url.split("/?")[0]
    assert requested and all(u.startswith(origin + "/") for u in requested), requested
    context.close()


def test_at_a_phone_width_nothing_runs_off_the_screen(browser, url):
    context = browser.new_context(viewport={"width": PHONE_PX, "height": 800})
    tab = context.new_page()
    tab.goto(url)
    tab.wait_for_selector("#summary .kpis")
    tab.click("text=Acties vastzetten")
    _solve(tab, "telefoon", "2000000")
    tab.wait_for_selector(".whatif .charts svg")
    widths = {"/": tab.evaluate("document.documentElement.scrollWidth")}
    for path in ("/compare", "/frontier"):
        tab.goto(url.split("/?")[0] + path)
        widths[path] = tab.evaluate("document.documentElement.scrollWidth")
    assert all(width <= PHONE_PX for width in widths.values()), widths
    context.close()
