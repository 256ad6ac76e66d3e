"""The local web page: a Starlette app over the library. Every request needs the server's token; every figure
comes from the same overlay, solve, comparison, frontier and report code as the command line."""

from __future__ import annotations

import asyncio
import io
import re
import secrets
import tempfile
import threading
import zipfile
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.formparsers import MultiPartParser
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from inputs import WORKBOOK_SUFFIXES, read_workbook
from inputs.overlay import apply_scenario
from models import Case, CaseError, Issue
from models.scenario import Scenario
from models.sweeps import ScenarioResult
from portfolio.reports import LANGS, Labels, ReportData, build_report
from portfolio.sweeps.executor import Task
from portfolio.sweeps.frontier import frontier
from portfolio.sweeps.whatif import compare
from portfolio.web.jobs import Cancelled, Job, JobExecutor, Workers
from portfolio.web.scenario_form import FormError, budget_fields, scenario_from_form, scenario_yaml
from portfolio.web.words import Words

UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024
COMPARE_AT_MOST = 4
KEEP_RESULTS = 20  # finished what-ifs kept per browser, the oldest dropped first
KEEP_JOBS = 200
WAIT_S = 1.0  # how long a look at a running job waits for it to finish before answering "still running"
POLL_S = 0.02
TOKEN_COOKIE, SESSION_COOKIE, LANG_COOKIE = "portfolio_token", "portfolio_session", "portfolio_lang"
FRONTIER_SCALES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
# An uploaded workbook stays in memory until it is written into the request's private temporary folder.
MultiPartParser.spool_max_size = UPLOAD_LIMIT_BYTES + 1
STATIC = Path(__file__).parent / "static"
_PLOTTING = threading.Lock()  # the sweeps' plots draw with pyplot, whose state is global
PAGES = jinja2.Environment(loader=jinja2.PackageLoader("portfolio.web", "templates"), autoescape=True,
                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass
class WhatIf:
    """A finished what-if: the scenario, its solution against the base, and its report."""

    scenario: Scenario
    result: ScenarioResult
    report: ReportData


@dataclass
class Session:
    """One browser's case (the server's, or a workbook it uploaded), its base solve and its what-ifs."""

    case: Case
    label: str
    base: Job
    whatifs: OrderedDict[str, WhatIf] = field(default_factory=OrderedDict)


class Server:
    """The state of one `portfolio serve`: its token, its case, the worker processes, sessions and jobs."""

    def __init__(self, case: Case, label: str, token: str | None = None, lang: str = "nl") -> None:
        self.token = token or secrets.token_urlsafe(32)
        self.lang = lang
        self.csrf = secrets.token_urlsafe(32)
        self.workers = Workers()
        self.case, self.label = case, label
        self.base = self.solve_base(case)  # warms a worker: the solvers imported, the case solved once
        self.sessions: dict[str, Session] = {}
        self.jobs: dict[str, Job] = {}

    def solve_base(self, case: Case) -> Job:
        return Job(self.workers, lambda job: job.solve(Task("base", case))).start()

    def session(self, request: Request) -> Session:
        """The requesting browser's session (made with the server's case on its first request)."""
        return self.sessions.setdefault(_sid(request), Session(self.case, self.label, self.base))

    def job(self, work) -> Job:
        """Start `work` as a job (see Job); the oldest finished jobs are forgotten past KEEP_JOBS."""
        job = Job(self.workers, work).start()
        self.jobs[job.id] = job
        for old in [i for i, j in self.jobs.items() if j.done.is_set()][:max(0, len(self.jobs) - KEEP_JOBS)]:
            del self.jobs[old]
        return job

    def cancel_all(self) -> None:
        """Ask every job to stop (returns at once: each ends its own worker within CANCEL_POLL_S)."""
        for job in [self.base, *self.jobs.values(), *(s.base for s in self.sessions.values())]:
            job.cancel()

    def close(self) -> None:
        """End every solve and worker process (the server is stopping)."""
        self.cancel_all()
        self.workers.close()


def create_app(case: Case, label: str, token: str | None = None, lang: str = "nl") -> Starlette:
    """The page's app for `case` (`label` names it, e.g. its file name); `token` is drawn at random unless
    given; `lang` is the page's language until a browser picks one.

    The app's `state.server` holds the token (`server.token`) and ends its worker processes on shutdown."""
    server = Server(case, label, token, lang)

    @asynccontextmanager
    async def lifespan(app):
        yield
        server.close()

    routes = [
        Route("/", home), Route("/base", base_summary), Route("/solve", solve, methods=["POST"]),
        Route("/jobs/{id}", job_state), Route("/jobs/{id}/cancel", cancel, methods=["POST"]),
        Route("/whatifs/{id}/charts", charts), Route("/whatifs/{id}/report.zip", report_zip),
        Route("/whatifs/{id}/scenario.yaml", scenario_file), Route("/compare", compare_page),
        Route("/frontier", frontier_page), Route("/frontier", frontier_solve, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])
    app.state.server = server
    return app


# -- the guard: token, cross-site requests, session and language cookies ------------------------------------

async def guard(request: Request, call_next) -> Response:
    """403 without the server's token (query parameter once, then an HttpOnly SameSite=Strict cookie); a POST
    also needs the page's CSRF token and, when the browser names one, the page's own origin."""
    server: Server = request.app.state.server
    given = request.query_params.get("token")
    tokens = (given, request.cookies.get(TOKEN_COOKIE))
    if not any(t and secrets.compare_digest(t, server.token) for t in tokens):
        return PlainTextResponse(Words(_lang(request)).t("token_missing"), status_code=403)
    if request.method == "POST" and not _same_site(request, server):
        return PlainTextResponse("cross-site request refused", status_code=403)
    request.state.new_session = secrets.token_urlsafe(16)
    if given and request.method == "GET":  # the token leaves the address bar and the history
        query = "&".join(f"{k}={v}" for k, v in request.query_params.items() if k != "token")
        response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
    else:
        response = await call_next(request)
    secure = dict(httponly=True, samesite="strict", path="/")
    response.set_cookie(TOKEN_COOKIE, server.token, **secure)
    if SESSION_COOKIE not in request.cookies:
        response.set_cookie(SESSION_COOKIE, request.state.new_session, **secure)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, request.query_params["lang"], **secure)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _same_site(request: Request, server: Server) -> bool:
    csrf = request.headers.get("x-csrf-token", "")
    if not secrets.compare_digest(csrf, server.csrf):
        return False
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _sid(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE) or request.state.new_session


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGS else request.app.state.server.lang


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page or fragment in the request's language, with the report's labels (L) and the page's words (W)."""
    server: Server = request.app.state.server
    money = context.get("money_decimals", 0)
    html = PAGES.get_template(template).render(L=Labels(_lang(request), money), W=Words(_lang(request)),
                                               csrf=server.csrf, lang=_lang(request), **context)
    return HTMLResponse(html, status_code=status_code)


# -- pages ---------------------------------------------------------------------------------------------------

async def home(request: Request) -> Response:
    session = request.app.state.server.session(request)
    case = session.case
    return render(request, "home.html", case=case, label=session.label, budgets=budget_fields(case),
                  shares={g.group: s * 100 for g, s in _shares(case)}, upload_mb=UPLOAD_LIMIT_BYTES // 2**20)


def _shares(case: Case):
    shares = case.rules.min_group_share
    return [(g, shares[g.group]) for g in case.groups if g.group in shares]


async def base_summary(request: Request) -> Response:
    """The case's key figures, priority barriers and domains, as the report's summary (once the base is
    solved)."""
    session = request.app.state.server.session(request)
    if not await _wait(session.base):
        return render(request, "pending.html", job=session.base, url="/base", cancellable=False)
    if session.base.error is not None:
        return render(request, "failed.html", error=session.base.error)
    r = build_report(session.case, session.base.result)
    return render(request, "summary.html", r=r, money_decimals=r.money_decimals)


async def solve(request: Request) -> Response:
    server: Server = request.app.state.server
    session = server.session(request)
    form = await request.form()
    try:
        scenario = scenario_from_form(session.case, {k: v for k, v in form.items() if isinstance(v, str)})
        changed = apply_scenario(session.case, scenario)
    except FormError as err:
        return render(request, "problems.html", title="bad_scenario", problems=err.problems)
    except CaseError as err:
        return render(request, "problems.html", title="bad_scenario", problems=[str(i) for i in err.issues])

    def work(job: Job) -> str:
        solution = job.solve(Task(f"scenario:{scenario.name}", changed))
        base = _result(session.base)
        whatif = WhatIf(scenario, compare(scenario.name, base, solution), build_report(changed, solution))
        session.whatifs[job.id] = whatif
        while len(session.whatifs) > KEEP_RESULTS:
            session.whatifs.popitem(last=False)
        return job.id

    return render(request, "pending.html", job=server.job(work), url=None, cancellable=True)


def _result(job: Job):
    """The job's result once it has finished (raises what stopped it)."""
    job.done.wait()
    if job.error is not None:
        raise job.error
    return job.result


async def _wait(job: Job, seconds: float = WAIT_S) -> bool:
    """Whether `job` finished within `seconds` (looked at every POLL_S, the event loop free meanwhile)."""
    for _ in range(round(seconds / POLL_S)):
        if job.done.is_set():
            return True
        await asyncio.sleep(POLL_S)
    return job.done.is_set()


async def job_state(request: Request) -> Response:
    server: Server = request.app.state.server
    job = server.jobs.get(request.path_params["id"])
    if job is None:
        return PlainTextResponse("no such job", status_code=404)
    if not await _wait(job):
        return render(request, "pending.html", job=job, url=None, cancellable=True)
    if isinstance(job.error, Cancelled) or job.cancelled:
        return render(request, "cancelled.html")
    if job.error is not None:
        return render(request, "failed.html", error=job.error)
    if isinstance(job.result, str):
        whatif = server.session(request).whatifs.get(job.result)
        if whatif is None:  # another browser's what-if
            return PlainTextResponse("no such what-if", status_code=404)
        return render(request, "whatif.html", id=job.result, w=whatif, r=whatif.report,
                      money_decimals=whatif.report.money_decimals)
    return render(request, "frontier_result.html", **job.result)


async def cancel(request: Request) -> Response:
    job = request.app.state.server.jobs.get(request.path_params["id"])
    if job is None:
        return PlainTextResponse("no such job", status_code=404)
    job.cancel()
    await _wait(job, 2.0)
    return render(request, "cancelled.html")


def _whatif(request: Request) -> WhatIf | None:
    return request.app.state.server.session(request).whatifs.get(request.path_params["id"])


async def charts(request: Request) -> Response:
    """The report's SVG charts of one what-if (drawn on request: they take longer than the figures)."""
    from portfolio.reports.charts import charts as draw

    whatif = _whatif(request)
    if whatif is None:
        return PlainTextResponse("no such what-if", status_code=404)
    L = Labels(_lang(request), whatif.report.money_decimals)
    drawn = await asyncio.to_thread(draw, whatif.report, L)
    return render(request, "charts.html", charts={k: Markup(v) for k, v in drawn.items()})


async def report_zip(request: Request) -> Response:
    """The report of one what-if (html, xlsx, md) in a zip, written in a private temporary folder."""
    from portfolio.reports import write_report

    whatif = _whatif(request)
    if whatif is None:
        return PlainTextResponse("no such what-if", status_code=404)

    def zipped() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "report"
            paths = write_report(whatif.report, out, formats=("html", "xlsx", "md"), lang=_lang(request))
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
                for path in paths:
                    book.write(path, Path("report") / path.relative_to(out))
            return buffer.getvalue()

    return Response(await asyncio.to_thread(zipped), media_type="application/zip",
                    headers=_attachment(whatif, "zip"))


async def scenario_file(request: Request) -> Response:
    whatif = _whatif(request)
    if whatif is None:
        return PlainTextResponse("no such what-if", status_code=404)
    return Response(scenario_yaml(whatif.scenario), media_type="application/yaml",
                    headers=_attachment(whatif, "yaml"))


def _attachment(whatif: WhatIf, suffix: str) -> dict[str, str]:
    """The header that downloads a file named after the scenario (letters, digits, '-' and '_' only)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", whatif.scenario.name).strip("-") or "scenario"
    return {"Content-Disposition": f'attachment; filename="{stem}.{suffix}"'}


async def compare_page(request: Request) -> Response:
    """Up to four what-ifs side by side with the base: the ones ticked (`id` repeated), else the latest
    four."""
    session = request.app.state.server.session(request)
    chosen = [i for i in request.query_params.getlist("id") if i in session.whatifs]
    shown = (chosen or list(session.whatifs)[-COMPARE_AT_MOST:])[:COMPARE_AT_MOST]
    if not shown:
        return render(request, "compare.html", whatifs={}, shown=[], too_many=False, heads=[], rows=[])
    base = _result(session.base)
    L = Labels(_lang(request), build_report(session.case, base).money_decimals)
    picked = [session.whatifs[i] for i in shown]
    heads = [Words(_lang(request))["base"], *(w.scenario.name for w in picked)]
    return render(request, "compare.html", whatifs=session.whatifs, shown=shown,
                  too_many=len(chosen) > len(shown),
                  heads=heads, rows=comparison(L, Words(_lang(request)), session.case, base, picked))


def comparison(L: Labels, W: Words, case: Case, base, picked: list[WhatIf]) -> list[tuple[str, list]]:
    """The rows of the side-by-side table: (label, [(text, differs from the base)] for the base and each
    what-if): status, jobs, cost, rate, actions in and out, spend per domain."""
    solutions = [base, *(w.result.solution for w in picked)]

    def rate(s) -> str:
        return L.pct(s.employment_rate.after) if s.employment_rate and s.employment_rate.after else ""

    def row(label: str, show, value=None) -> tuple[str, list]:
        value = value or show
        return label, [(show(s), i > 0 and value(s) != value(base)) for i, s in enumerate(solutions)]

    def spend(domain: str):
        return lambda s: (s.spend_by_domain or {}).get(domain)

    rows = [row(L.status, lambda s: L.status_text(s.status.value)),
            row(L.extra_jobs, lambda s: L.jobs(s.jobs_total), lambda s: round(s.jobs_total or 0, 6)),
            row(L.total_cost, lambda s: L.eur(s.cost_total_eur or 0),
                lambda s: round(s.cost_total_eur or 0, 2)),
            row(L.rate_after, rate),
            row(L.chosen_actions, lambda s: str(len(s.selected)), lambda s: sorted(s.selected))]
    for label, field in (("actions_in", "added"), ("actions_out", "removed")):
        changed = [getattr(w.result, field) for w in picked]
        rows.append((W[label], [("", False)] + [(", ".join(actions), bool(actions)) for actions in changed]))
    for d in case.domains:
        rows.append(row(W.t("spend_of", name=d.name), lambda s, f=spend(d.domain): L.eur(f(s) or 0),
                        lambda s, f=spend(d.domain): round(f(s) or 0, 2)))
    return rows


async def frontier_page(request: Request) -> Response:
    session = request.app.state.server.session(request)
    return render(request, "frontier.html", domains=session.case.domains, scales=FRONTIER_SCALES)


async def frontier_solve(request: Request) -> Response:
    """The most jobs at each scale of one domain's budget (the sweeps' frontier), drawn by the sweeps'
    plot."""
    from portfolio.sweeps.output import plot_frontier

    server: Server = request.app.state.server
    session = server.session(request)
    domain = (await request.form()).get("domain")
    if domain not in {d.domain for d in session.case.domains}:
        return render(request, "problems.html", title="bad_scenario",
                      problems=[f"domain: {domain!r} is unknown"])
    current, name = next((d.budget_eur, d.name) for d in session.case.domains if d.domain == domain)
    L, W = Labels(_lang(request)), Words(_lang(request))
    texts = dict(xlabel=W.t("frontier.x", domain=name), ylabel=L["frontier.y"], title=W["frontier"],
                 marker_label=L["frontier.current"], number=lambda v: L.num(v, 0 if v == int(v) else 1))

    def work(job: Job) -> dict:
        result = frontier(session.case, FRONTIER_SCALES, domain, executor=JobExecutor(job))
        with _PLOTTING, tempfile.TemporaryDirectory() as folder:
            svg = next(p for p in plot_frontier(Path(folder), result, current, **texts) if p.suffix == ".svg")
            drawing = svg.read_text(encoding="utf-8")
        return {"result": result, "chart": Markup(drawing[drawing.index("<svg"):])}

    return render(request, "pending.html", job=server.job(work), url=None, cancellable=True)


async def upload(request: Request) -> Response:
    """Read an uploaded case workbook in a private temporary folder; it becomes this browser's case."""
    server: Server = request.app.state.server
    length = request.headers.get("content-length")
    mb = UPLOAD_LIMIT_BYTES // 2**20
    if length is None or not length.isdigit() or int(length) > UPLOAD_LIMIT_BYTES:
        return render(request, "problems.html", status_code=413 if length else 411, title="upload.bad",
                      problems=[Words(_lang(request)).t("upload.too_big", mb=mb)])
    form = await request.form(max_files=1, max_fields=4, max_part_size=UPLOAD_LIMIT_BYTES)
    book = form.get("workbook")
    name = Path(getattr(book, "filename", None) or "").name
    wrong = "upload.none" if not name else "upload.kind"
    if not name or Path(name).suffix.lower() not in WORKBOOK_SUFFIXES:
        return render(request, "problems.html", title="upload.bad", problems=[Words(_lang(request))[wrong]])
    data = await book.read()

    def read() -> Case:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / re.sub(r"[^A-Za-z0-9._-]+", "_", name)
            path.write_bytes(data)
            try:
                return read_workbook(path)
            except CaseError as err:  # located as `validate NAME` locates them: no server path
                raise CaseError([Issue(i.file.replace(str(path), name), i.row, i.column, i.message)
                                 for i in err.issues]) from None

    try:
        case = await asyncio.to_thread(read)
    except CaseError as err:
        return render(request, "problems.html", title="upload.bad", problems=[str(i) for i in err.issues])
    server.sessions[_sid(request)] = Session(case, name, server.solve_base(case))
    return Response(status_code=204, headers={"HX-Refresh": "true"})
