"""The local web page (`portfolio serve`) through Starlette's TestClient: the token, cross-site posts,
escaping, uploads, the figures against `portfolio whatif`, downloads, solves side by side, cancel; and the
command itself (its address, its warning off the loopback, Ctrl-C)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx2
import markupsafe
import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the 'web' extra is not installed")
from starlette.testclient import TestClient  # noqa: E402

import cli  # noqa: E402
from conftest import FLANDERS, TEMPLATE, edit_csv  # noqa: E402
from inputs import load_case, write_workbook  # noqa: E402
from inputs.scenario import read_scenarios  # noqa: E402
from portfolio.commandline.serve import is_loopback  # noqa: E402
from portfolio.reports import Labels  # noqa: E402
from portfolio.web.app import UPLOAD_LIMIT_BYTES, create_app  # noqa: E402
from test_signals import _descendants, _stat  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script>"


def _open(case_path: Path = TEMPLATE) -> TestClient:
    """A client of a fresh page over `case_path` that has followed the token link once (the cookie is set)."""
    app = create_app(load_case(case_path), case_path.name)
    client = TestClient(app).__enter__()
    client.get(f"/?token={app.state.server.token}")
    return client


@pytest.fixture
def page():
    client = _open()
    yield client
    client.__exit__(None, None, None)


def _csrf(client: TestClient) -> dict[str, str]:
    """The page's CSRF header, read from the page as htmx reads it."""
    return {"X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text)[1]}


def _finished(client: TestClient, fragment: str, seconds: float = 120) -> str:
    """Follow a pending fragment's polls (as htmx does) until the job's answer comes."""
    deadline = time.monotonic() + seconds
    while 'class="pending"' in fragment:
        assert time.monotonic() < deadline, "the job did not finish"
        fragment = client.get(re.search(r'hx-get="([^"]+)"', fragment)[1]).text
    return fragment


def _solve(client: TestClient, form: dict[str, str]) -> str:
    return _finished(client, client.post("/solve", data=form, headers=_csrf(client)).text)


def _figure(fragment: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', fragment)[1]


# -- access ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/base"), ("GET", "/compare"),
                                          ("GET", "/static/htmx.min.js"), ("POST", "/solve"),
                                          ("GET", "/?token=wrong")])
def test_without_the_token_every_request_is_refused_with_403(method, path):
    app = create_app(load_case(TEMPLATE), "template")
    with TestClient(app) as client:
        answer = client.request(method, path)
    assert answer.status_code == 403
    assert "portfolio serve" in answer.text


def test_the_token_link_sets_a_strict_http_only_cookie_and_leaves_the_address_bar(page):
    app_token = page.app.state.server.token
    fresh = TestClient(page.app)
    answer = fresh.get(f"/?token={app_token}&lang=en", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/?lang=en"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("portfolio_token="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert page.get("/").status_code == 200


def test_a_post_without_the_page_csrf_token_or_from_another_site_is_refused(page):
    form = {"name": "x"}
    assert page.post("/solve", data=form).status_code == 403
    assert page.post("/solve", data=form, headers={"X-CSRF-Token": "guessed"}).status_code == 403
    foreign = {**_csrf(page), "Origin": "http://evil.example"}
    assert page.post("/solve", data=form, headers=foreign).status_code == 403


def test_every_script_style_and_image_of_every_page_is_served_by_the_page_itself(page):
    for path in ("/", "/compare", "/frontier"):
        html = page.get(path).text
        urls = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*?(?:src|href)="([^"]*)"', html)
        assert urls, path
        for url in urls:
            assert url.startswith("/") and not url.startswith("//"), (path, url)
            assert page.get(url).status_code == 200, url
        assert "Content-Security-Policy" in page.get(path).headers


def test_a_script_in_an_action_name_is_shown_as_text(template_dir):
    edit_csv(template_dir / "actions.csv", 2, "name", SCRIPT)
    client = _open(template_dir)
    try:
        html = client.get("/").text
        result = _solve(client, {"name": SCRIPT, "lock:T01": "in"})
    finally:
        client.__exit__(None, None, None)
    for text in (html, result):
        assert SCRIPT not in text
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped in html and escaped in result


# -- uploads -----------------------------------------------------------------------------------------------

def _upload(client: TestClient, name: str, content: bytes):
    return client.post("/upload", files={"workbook": (name, content)}, headers=_csrf(client))


def test_an_upload_over_the_limit_is_refused_with_413(page):
    answer = _upload(page, "big.xlsx", b"0" * (UPLOAD_LIMIT_BYTES + 1))
    assert answer.status_code == 413
    assert "5 MB" in answer.text


def test_an_upload_that_is_not_a_workbook_says_so(page):
    assert ".xlsx" in _upload(page, "case.csv", b"a,b\n").text
    assert "is not" in _upload(page, "case.xlsx", b"not a zip").text or "cannot" in _upload(
        page, "case.xlsx", b"not a zip").text


def test_a_bad_workbook_shows_the_messages_of_validate_and_no_server_path(page, tmp_path, monkeypatch):
    book = tmp_path / "plan.xlsx"
    case = load_case(TEMPLATE)
    bad = case.model_copy(update={"domains": tuple(d.model_copy(update={"budget_eur": -5.0}) if i == 0 else d
                                                   for i, d in enumerate(case.domains))})
    write_workbook(bad, book)
    monkeypatch.chdir(tmp_path)
    validate = CliRunner().invoke(cli.main, ["validate", "plan.xlsx"])
    assert validate.exit_code == 1
    expected = [line for line in validate.stderr.splitlines() if line.startswith("plan.xlsx")]
    assert expected
    shown = _upload(page, "plan.xlsx", book.read_bytes()).text
    for line in expected:
        assert str(markupsafe.escape(line)) in shown
    assert "/tmp" not in shown and str(tmp_path) not in shown


def test_a_good_workbook_becomes_this_browser_case_only(page, tmp_path):
    book = tmp_path / "mine.xlsx"
    case = load_case(TEMPLATE)
    write_workbook(case.model_copy(update={"name": "Mijn case"}), book)
    answer = _upload(page, "mine.xlsx", book.read_bytes())
    assert answer.status_code == 204 and answer.headers["HX-Refresh"] == "true"
    assert "Mijn case" in page.get("/").text
    other = TestClient(page.app)
    other.get(f"/?token={page.app.state.server.token}")
    assert "Mijn case" not in other.get("/").text


# -- figures, downloads ------------------------------------------------------------------------------------

def test_the_page_figures_equal_portfolio_whatif_with_the_downloaded_scenario(page, tmp_path):
    form = {"name": "werk meer", "budget:werk:2026": "2500000", "lock:T03": "out", "max_actions": "6"}
    result = _solve(page, form)
    whatif_id = re.search(r'data-whatif="([^"]+)"', result)[1]
    scenario = tmp_path / "scenario.yaml"
    scenario.write_bytes(page.get(f"/whatifs/{whatif_id}/scenario.yaml").content)
    assert read_scenarios(scenario).scenarios[0].name == "werk meer"
    done = CliRunner().invoke(cli.main, ["whatif", str(TEMPLATE), str(scenario), "--format", "json"])
    assert done.exit_code == 0, done.stderr
    solved = json.loads(done.stdout)["scenarios"][0]
    L = Labels("nl")
    assert _figure(result, "jobs") == L.jobs(solved["solution"]["jobs_total"])
    assert _figure(result, "cost") == L.eur(solved["solution"]["cost_total_eur"])
    for action in solved["added"]:
        assert f'<span class="tag">{action} ' in result
    assert solved["added"] or solved["removed"] or solved["jobs_change"] != 0  # the form changed something


def test_the_report_download_holds_html_xlsx_and_md(page):
    result = _solve(page, {"name": "r", "budget:welzijn:2027": "900000"})
    whatif_id = re.search(r'data-whatif="([^"]+)"', result)[1]
    answer = page.get(f"/whatifs/{whatif_id}/report.zip")
    assert answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    wanted = ("report.html", "report.xlsx", "summary.md", "action-plan.md")
    assert {f"report/{name}" for name in wanted} <= set(names)
    charts = page.get(f"/whatifs/{whatif_id}/charts").text
    assert charts.count("<svg") >= 2


def test_the_comparison_shows_up_to_four_scenarios_and_marks_what_differs(page):
    ids = []
    for i, budget in enumerate(("500000", "1000000", "1500000", "2000000", "4000000")):
        result = _solve(page, {"name": f"s{i}", "budget:werk:2026": budget})
        ids.append(re.search(r'data-whatif="([^"]+)"', result)[1])
    table = page.get("/compare", params=[("id", i) for i in ids]).text
    heads = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert heads[1:] == ["s0", "s1", "s2", "s3"]
    assert 'class="diff"' in table
    assert "vier" in table  # the fifth was left out, and the page says so


def test_two_solves_at_once_each_get_their_own_answer(page):
    csrf = _csrf(page)
    forms = [{"name": "laag", "budget:werk:2026": "1000000"}, {"name": "hoog", "budget:werk:2026": "3000000"}]
    pending = [page.post("/solve", data=form, headers=csrf).text for form in forms]  # both running
    results = [_finished(page, fragment) for fragment in pending]
    assert [re.search(r"Resultaat: ([^<]+)<", r)[1] for r in results] == ["laag", "hoog"]
    assert _figure(results[0], "jobs") != _figure(results[1], "jobs")


def test_a_domain_frontier_is_the_sweeps_frontier_drawn_as_svg(page):
    from portfolio.sweeps.executor import Executor
    from portfolio.sweeps.frontier import frontier
    from portfolio.web.app import FRONTIER_SCALES

    shown = _finished(page, page.post("/frontier", data={"domain": "werk"}, headers=_csrf(page)).text)
    assert "<svg" in shown
    swept = frontier(load_case(TEMPLATE), FRONTIER_SCALES, "werk", Executor(progress=False))
    L = Labels("nl")
    cell = r'<td class="num">([^<]*)</td>'
    rows = [jobs for _scale, _budget, jobs in re.findall(f"<tr>{cell}{cell}{cell}", shown)]
    assert rows == [L.jobs(p.jobs) for p in swept.points]
    drawn = " ".join(re.findall(r"<!-- (.*?) -->", shown))  # matplotlib keeps each text as a comment
    werk = next(d.name for d in load_case(TEMPLATE).domains if d.domain == "werk")
    for words in (f"budget van {werk} (€ mln)", L["frontier.y"], L["frontier.current"]):
        assert words in drawn, (words, drawn)
    for english in ("EUR million", "current budget", "Budget frontier"):
        assert english not in drawn, english


def test_the_page_speaks_english_when_asked_and_keeps_to_it(page):
    assert "What if" in page.get("/?lang=en").text
    assert "Scenarios side by side" in page.get("/compare").text  # the choice is kept in a cookie
    assert "Wat als" in page.get("/?lang=nl").text


def test_serve_lang_sets_the_language_until_a_browser_picks_one():
    app = create_app(load_case(TEMPLATE), "template", lang="en")
    with TestClient(app) as client:
        client.get(f"/?token={app.state.server.token}")
        assert "What if" in client.get("/").text
        assert "Wat als" in client.get("/?lang=nl").text


# -- cancel, the command -----------------------------------------------------------------------------------

def _workers_of(pid: int) -> set[int]:
    return {p for p in _descendants(pid) if "_serve" in (Path("/proc") / str(p) / "cmdline").read_text()}


def test_cancel_ends_the_solving_process_within_a_second():
    client = _open(FLANDERS)
    try:
        _finished(client, client.get("/base").text)  # its worker is idle now: the frontier's only one
        pending = client.post("/frontier", data={"domain": "werk"}, headers=_csrf(client)).text
        job = re.search(r'/jobs/([^/"]+)', pending)[1]
        time.sleep(1.0)
        busy = _workers_of(os.getpid())
        assert busy
        start = time.monotonic()
        answer = client.post(f"/jobs/{job}/cancel", headers=_csrf(client))
        took = time.monotonic() - start
        assert answer.status_code == 200 and "Gestopt" in answer.text
        assert took < 1.0, f"cancel took {took:.2f} s"
        assert not [p for p in busy if _stat(p) is not None and _stat(p)[0] != "Z"]
    finally:
        client.__exit__(None, None, None)


def test_the_loopback_is_recognised():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("192.0.2.1") and not is_loopback("no-such-host.invalid")


def test_another_host_is_warned_about_and_an_address_it_cannot_take_is_one_line():
    done = subprocess.run([sys.executable, "-m", "cli", "serve", str(TEMPLATE), "--no-browser", "--host",
                           "192.0.2.1", "--port", "0"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("warning: listening on 192.0.2.1, not on the loopback")
    assert "cannot listen on 192.0.2.1:0" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("presses", [1, 2], ids=["Ctrl-C", "Ctrl-C twice"])
def test_serve_prints_a_loopback_address_with_its_token_and_ctrl_c_ends_it_and_its_solves(tmp_path, presses):
    command = [sys.executable, "-m", "cli", "serve", str(FLANDERS), "--no-browser", "--port", "0"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=open(tmp_path / "stderr", "w"),
                            text=True, start_new_session=True,  # its own group, as a terminal gives it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen: set[int] = set()
    try:
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{40,}", url), url
        base = url.split("/?")[0]
        assert httpx2.get(base + "/").status_code == 403
        with httpx2.Client(base_url=base, follow_redirects=True) as browser:
            csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', browser.get(url).text)[1]
            browser.post("/frontier", data={"domain": "werk"}, headers={"X-CSRF-Token": csrf})
            deadline = time.monotonic() + 30
            while not (workers := _workers_of(proc.pid)) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert workers
        seen = _descendants(proc.pid)
        time.sleep(0.5)
        start = time.monotonic()
        for _ in range(presses):
            os.killpg(proc.pid, signal.SIGINT)
            time.sleep(0.05)
        proc.wait(timeout=30)
        took = time.monotonic() - start
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = (tmp_path / "stderr").read_text()
    assert took < 2.0, f"the server took {took:.2f} s to stop"
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert not [p for p in seen if _stat(p) is not None]
