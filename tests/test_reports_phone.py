"""report.html and progress.html on a phone (issue 23, point 6): in headless Chromium at 420 px wide the page
is no wider than the screen (tables and charts scroll inside their own box) and no chart text renders below
10 px. Chromium is driven over its DevTools pipe (--remote-debugging-pipe), which needs no extra library.
Skipped (with the reason) where Chromium is not installed."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

import portfolio
from inputs import bundled_case_path, load_case
from portfolio.monitor import monitor
from portfolio.reports import build_report, write_report
from portfolio.reports.progress_write import write_progress
from test_monitor import HEADER, as_planned
from test_reports_browser import _browser, _offline

pytestmark = pytest.mark.browser

PHONE_PX = 420
MIN_TEXT_PX = 10

# What the page measures of itself: its width against the screen's, the widest element that sticks out, and
# the smallest rendered size of any chart text (its font size times the scale at which its SVG is drawn).
MEASURE = """(() => {
  const page = document.documentElement;
  let widest = null;
  for (const e of document.body.querySelectorAll('*')) {
    const box = e.getBoundingClientRect();
    if (box.right > page.clientWidth + 0.5 && !e.closest('.scroll, figure.chart, table')) {
      widest = widest || (e.tagName + '.' + e.className + ': ' + Math.round(box.right));
    }
  }
  const texts = [];
  for (const svg of document.querySelectorAll('figure svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      texts.push([parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent]);
    }
  }
  texts.sort((a, b) => a[0] - b[0]);
  return JSON.stringify({scroll: page.scrollWidth, client: page.clientWidth, inner: innerWidth, widest,
                         texts: texts.length, smallest: texts[0] || null});
})()"""


class DevTools:
    """Chromium's DevTools protocol over the pipe of --remote-debugging-pipe: JSON messages ended by NUL."""

    def __init__(self, browser: str, profile: Path):
        to_browser, self._theirs_in = os.pipe()
        self._theirs_out, from_browser = os.pipe()

        def fds() -> None:  # the browser reads commands on fd 3 and writes answers on fd 4
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [*_offline(), browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4, to_browser, from_browser), preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0

    def send(self, method: str, session: str | None = None, **params) -> dict:
        """Send one command and return its result (events in between are dropped)."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params, **({"sessionId": session} if session
                                                                             else {})}
        os.write(self._theirs_in, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._theirs_out, 1 << 16)
                assert chunk, "Chromium closed its DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                return answer["result"]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self._theirs_in)
        os.close(self._theirs_out)


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    """measure(page): what `page` measures of itself in a 420 px wide phone screen."""
    browser = _browser()
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`), so the pages were not opened at "
                    "phone width")
    tools = DevTools(browser, tmp_path_factory.mktemp("profile"))

    def measure(page: Path) -> dict:
        target = tools.send("Target.createTarget", url="about:blank")["targetId"]
        session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tools.send("Emulation.setDeviceMetricsOverride", session, width=PHONE_PX, height=900,
                   deviceScaleFactor=1, mobile=True)
        tools.send("Page.navigate", session, url=page.resolve().as_uri())
        deadline = time.monotonic() + 60
        while tools.send("Runtime.evaluate", session, expression="document.readyState")["result"].get(
                "value") != "complete":
            assert time.monotonic() < deadline, f"{page} did not load"
            time.sleep(0.1)
        found = tools.send("Runtime.evaluate", session, expression=MEASURE)["result"]["value"]
        tools.send("Target.closeTarget", targetId=target)
        return json.loads(found)

    yield measure
    tools.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """report.html (Dutch) and progress.html of the bundled case: name -> path."""
    case = load_case(bundled_case_path())
    solution = portfolio.solve(case)
    root = tmp_path_factory.mktemp("phone")
    write_report(build_report(case, solution), root / "report", formats=["html"])
    from models.progress import ProgressRow

    rows = [ProgressRow(**{k: v for k, v in zip(HEADER, row) if v != ""})
            for row in as_planned(case, solution.plan)]
    write_progress(monitor(case, solution.plan, rows, 2027), root / "progress", lang="nl")
    return {"report": root / "report" / "report.html", "progress": root / "progress" / "progress.html"}


@pytest.mark.parametrize("name", ["report", "progress"])
def test_the_page_is_no_wider_than_a_phone(phone, pages, name):
    m = phone(pages[name])
    assert m["inner"] == PHONE_PX and m["client"] <= PHONE_PX
    wide = f"{name}: {m['scroll']} px wide on a {m['client']} px screen ({m['widest']})"
    assert m["scroll"] <= m["client"], wide
    assert m["widest"] is None


@pytest.mark.parametrize("name", ["report", "progress"])
def test_no_chart_text_is_smaller_than_10_px_on_a_phone(phone, pages, name):
    m = phone(pages[name])
    assert m["texts"] > 20
    size, text = m["smallest"]
    assert size >= MIN_TEXT_PX - 0.01, f"{name}: {text!r} renders at {size:.1f} px"
