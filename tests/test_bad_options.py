"""Every command with bad options: exit 1 or 2, one line on stderr, no traceback, in seconds (issue 16)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from inputs import bundled_case_path
from inputs.overlay import apply_scenario, scenario_problems
from models import CaseError
from models.scenario import EffectChange, Scenario

T = str(bundled_case_path("template"))
USAGE, BAD_INPUT = 2, 1
SECONDS = 15  # each bad option is refused within this, before any solve (generous: the machine is shared)

# (command line, exit code, a fragment the one line must hold). `{tmp}` is a fresh folder of the test.
TABLE = [
    # validate, check, explain: only a case path
    (["validate", "/nonexistent/case"], BAD_INPUT, "does not exist"),
    (["validate", "/dev/zero"], BAD_INPUT, "/dev/zero"),
    (["validate", T, "--strict=yes"], USAGE, "--strict"),
    (["check", "/dev/null"], BAD_INPUT, "/dev/null"),
    (["check", T, "--format", "nan"], USAGE, "--format"),
    (["explain", "/nonexistent/case"], BAD_INPUT, "does not exist"),
    (["explain", T, "--format", "xml"], USAGE, "--format"),
    # solve
    (["solve", T, "--time-limit", "nan"], USAGE, "--time-limit"),
    (["solve", T, "--time-limit", "inf"], USAGE, "--time-limit"),
    (["solve", T, "--time-limit", "1e400"], USAGE, "--time-limit"),
    (["solve", T, "--time-limit", "0"], USAGE, "--time-limit"),
    (["solve", T, "--time-limit", "-1"], USAGE, "--time-limit"),
    (["solve", T, "--gap", "nan"], USAGE, "--gap"),
    (["solve", T, "--gap", "-inf"], USAGE, "--gap"),
    (["solve", T, "--threads", "0"], USAGE, "--threads"),
    (["solve", T, "--threads", "99999999999999999999"], USAGE, "--threads"),
    (["solve", T, "--seed", "-1"], USAGE, "--seed"),
    (["solve", T, "--seed", "ten"], USAGE, "--seed"),
    (["solve", T, "--backend", "gurobi"], USAGE, "--backend"),
    (["solve", T, "--out", "/proc/x.json"], BAD_INPUT, "/proc/x.json"),
    (["solve", T, "--out", "{tmp}/no/such/folder.json"], BAD_INPUT, "does not exist"),
    (["solve", "/nonexistent/case"], BAD_INPUT, "does not exist"),
    # frontier
    (["frontier", T, "--scale", "nan"], USAGE, "--scale"),
    (["frontier", T, "--scale", "inf"], USAGE, "--scale"),
    (["frontier", T, "--scale", "-inf:1:3"], USAGE, "--scale"),
    (["frontier", T, "--scale", "1:nan:3"], USAGE, "--scale"),
    (["frontier", T, "--scale", "-1"], USAGE, "--scale"),
    (["frontier", T, "--scale", "1:2:0"], USAGE, "--scale"),
    (["frontier", T, "--scale", "1:2:100000"], USAGE, "--scale"),
    (["frontier", T, "--scale", "1:2:1e9"], USAGE, "--scale"),
    (["frontier", T, "--scale", "one"], USAGE, "--scale"),
    (["frontier", T, "--scale", "1e400"], USAGE, "--scale"),
    (["frontier", T, "--domain", "nan"], USAGE, "--domain"),
    (["frontier", T, "--target-year", "2030"], USAGE, "--target-year"),
    (["frontier", T, "--target-year", "soon"], USAGE, "--target-year"),
    (["frontier", T, "--out", "/proc/x"], BAD_INPUT, "/proc/x"),
    # marginal
    (["marginal", T, "--step-eur", "nan"], USAGE, "--step-eur"),
    (["marginal", T, "--step-eur", "inf"], USAGE, "--step-eur"),
    (["marginal", T, "--step-eur", "-1000000"], USAGE, "--step-eur"),
    (["marginal", T, "--step-eur", "0"], USAGE, "--step-eur"),
    (["marginal", T, "--step-eur", "1e400"], USAGE, "--step-eur"),
    (["marginal", T, "--step-eur", "a million"], USAGE, "--step-eur"),
    (["marginal", T, "--year", "nan"], USAGE, "--year"),
    (["marginal", T, "--year", "1850"], USAGE, "--year"),
    # target
    (["target", T, "--jobs", "nan"], USAGE, "--jobs"),
    (["target", T, "--jobs", "inf"], USAGE, "--jobs"),
    (["target", T, "--jobs", "-5"], USAGE, "--jobs"),
    (["target", T, "--jobs", "0"], USAGE, "--jobs"),
    (["target", T, "--rate", "nan"], USAGE, "--rate"),
    (["target", T, "--rate", "-inf"], USAGE, "--rate"),
    (["target", T, "--rate", "0"], USAGE, "--rate"),
    (["target", T, "--rate", "1.2"], USAGE, "--rate"),
    (["target", T, "--rate", "80%"], USAGE, "--rate"),
    (["target", T, "--jobs", "10", "--target-year", "1e9"], USAGE, "--target-year"),
    (["target", T, "--curve", "nan:0.8:3"], USAGE, "--curve"),
    (["target", T, "--curve", "0.7:inf:3"], USAGE, "--curve"),
    (["target", T, "--curve", "0.7:1.5:3"], USAGE, "--curve"),
    (["target", T, "--curve", "0:0.8:3"], USAGE, "--curve"),
    (["target", T, "--curve", "0.75:0.76:100000"], USAGE, "--curve"),
    (["target", T, "--curve", "0.75:0.76:-3"], USAGE, "--curve"),
    (["target", T, "--curve", "0.7,1.01"], USAGE, "--curve"),
    (["target", T, "--curve", "seventy"], USAGE, "--curve"),
    (["target", T], USAGE, "--rate"),
    # robust
    (["robust", T, "--samples", "0"], USAGE, "--samples"),
    (["robust", T, "--samples", "1000000000"], USAGE, "--samples"),
    (["robust", T, "--samples", "nan"], USAGE, "--samples"),
    (["robust", T, "--seed", "-1"], USAGE, "--seed"),
    (["robust", T, "--target-jobs", "nan"], USAGE, "--target-jobs"),
    (["robust", T, "--target-jobs", "inf"], USAGE, "--target-jobs"),
    (["robust", T, "--alpha", "nan"], USAGE, "--alpha"),
    (["robust", T, "--alpha", "0"], USAGE, "--alpha"),
    (["robust", T, "--gamma", "-1"], USAGE, "--gamma"),
    (["robust", T, "--dist", "normal"], USAGE, "--dist"),
    (["robust", T, "--out", "/proc/x"], BAD_INPUT, "/proc/x"),
    # alternatives
    (["alternatives", T, "-k", "0"], USAGE, "-k"),
    (["alternatives", T, "-k", "1000000"], USAGE, "-k"),
    (["alternatives", T, "--within", "nan"], USAGE, "--within"),
    (["alternatives", T, "--within", "inf"], USAGE, "--within"),
    (["alternatives", T, "--within", "-0.1"], USAGE, "--within"),
    # report
    (["report", T], USAGE, "--out"),
    (["report", T, "--out", "/proc/x"], BAD_INPUT, "/proc/x"),
    (["report", T, "--out", "/dev/null/r"], BAD_INPUT, "/dev/null is a file"),
    (["report", T, "--out", "{tmp}/r", "--robust", "0"], USAGE, "--robust"),
    (["report", T, "--out", "{tmp}/r", "--robust", "1000000000"], USAGE, "--robust"),
    (["report", T, "--out", "{tmp}/r", "--format", "pdf"], USAGE, "--format"),
    (["report", T, "--out", "{tmp}/r", "--lang", "fr"], USAGE, "--lang"),
    (["report", T, "--out", "{tmp}/r", "--solution", "/dev/zero"], BAD_INPUT, "/dev/zero"),
    (["report", T, "--out", "{tmp}/r", "--solution", "{tmp}/nested.json"], BAD_INPUT, "not a solution"),
    (["report", T, "--out", "{tmp}/r", "--solution", "{tmp}/big.json"], BAD_INPUT, "MB"),
    (["report", T, "--out", "{tmp}/r", "--solution", "{tmp}/none.json"], BAD_INPUT, "does not exist"),
    # replan
    (["replan", T, "--from-year", "2027"], USAGE, "--plan"),
    (["replan", T, "--plan", "{tmp}/none.json"], USAGE, "--from-year"),
    (["replan", T, "--plan", "{tmp}/none.json", "--from-year", "nan"], USAGE, "--from-year"),
    (["replan", T, "--plan", "{tmp}/none.json", "--from-year", "2027"], BAD_INPUT, "does not exist"),
    (["replan", T, "--plan", "{tmp}/nested.json", "--from-year", "2027"], BAD_INPUT, "not a solution"),
    (["replan", T, "--plan", "{tmp}/none.json", "--from-year", "2027", "--allow-stop", "2"], USAGE,
     "--allow-stop"),
    (["replan", T, "--plan", "{tmp}/none.json", "--from-year", "2027", "--out", "{tmp}/no/such/folder.json"],
     BAD_INPUT, "the folder"),
    # monitor
    (["monitor", T, "--progress", "{tmp}/none.csv"], USAGE, "--plan"),
    (["monitor", T, "--plan", "{tmp}/none.json"], USAGE, "--progress"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv"], BAD_INPUT, "does not exist"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--as-of", "1850"], USAGE,
     "--as-of"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--samples", "0"], USAGE,
     "--samples"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--out", "/dev/null/r"],
     BAD_INPUT, "/dev/null"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--format", "pdf"], USAGE,
     "--format"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--format", "md"], USAGE,
     "--out"),
    (["monitor", T, "--plan", "{tmp}/none.json", "--progress", "{tmp}/none.csv", "--out", "{tmp}/r", "--lang",
      "fr"], USAGE, "--lang"),
    # whatif
    (["whatif", T], USAGE, "scenario"),
    (["whatif", T, "/dev/zero"], BAD_INPUT, "/dev/zero"),
    (["whatif", T, "{tmp}/none.yaml"], BAD_INPUT, "does not exist"),
    (["whatif", T, "{tmp}/effect100.yaml"], BAD_INPUT, "effect100.yaml:4"),
    # init
    (["init", "--working-group", "werk", "{tmp}/werk"], USAGE, ".xlsx"),
    (["init", "--working-group", " ", "{tmp}/werk.xlsx"], USAGE, "--working-group"),
    # merge
    (["merge", T, "--out", "{tmp}/merged"], USAGE, "PROPOSALS"),
    (["merge", T, "{tmp}/none", "--out", "{tmp}/merged"], BAD_INPUT, "does not exist"),
    (["merge", T, "{tmp}/a/werk", "{tmp}/b/werk", "--out", "{tmp}/merged"], USAGE, "werk"),
    (["merge", T, "{tmp}/werk", "--out", T], USAGE, "--out"),
    # serve: refused before it listens
    (["serve", T, "--port", "70000"], USAGE, "--port"),
    (["serve", T, "--port", "http"], USAGE, "--port"),
    (["serve", "/nonexistent/case", "--no-browser"], BAD_INPUT, "does not exist"),
    (["serve", T, "--lang", "fr"], USAGE, "--lang"),
    (["init", "/proc/x"], BAD_INPUT, "/proc/x"),
    (["init", "/proc/x.xlsx"], BAD_INPUT, "/proc/x.xlsx"),
    (["init", "/dev/null/x"], BAD_INPUT, "/dev/null"),
    (["init", "/etc/hostname/x.xlsx"], BAD_INPUT, "/etc/hostname"),
    # a malformed executor address, on every command that takes one
    *[([cmd, T, *extra, "--executor", address], USAGE, "--executor")
      for cmd, extra in (("frontier", []), ("marginal", []), ("target", ["--jobs", "10"]), ("robust", []),
                         ("whatif", ["{tmp}/good.yaml"]))
      for address in ("ftp://x:1", "tcp://host:notaport", "tcp://host:99999", "tcp://host:0", "tcp://:8786",
                      "tcp://host", "nan")],
]

NESTED = "[" * 100_000 + "]" * 100_000
SCENARIO = "scenarios:\n  - name: all effects up\n    effects:\n      - {factor: 100}\n"
GOOD_SCENARIO = "scenarios:\n  - name: half\n    budgets:\n      - {factor: 0.5}\n"


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    (tmp_path / "nested.json").write_text(NESTED, encoding="utf-8")
    with open(tmp_path / "big.json", "wb") as fh:
        fh.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    (tmp_path / "effect100.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD_SCENARIO, encoding="utf-8")
    return tmp_path


def assert_one_line(code: int, stdout: str, stderr: str, expected: int, fragment: str) -> None:
    """Exit `expected`, nothing on stdout, one line on stderr holding `fragment`, and no traceback.

    A file that cannot be read keeps its closing line after its one problem: `1 problem(s) in CASE; nothing
    was solved.` (docs/case-format.md, section 7), or `FILE cannot be reported for CASE; nothing was written.`
    """
    lines = [line for line in stderr.splitlines() if line.strip()]
    if len(lines) == 2 and (lines[1].startswith("1 problem(s) in ") or "cannot be reported for" in lines[1]):
        lines = lines[:1]
    assert "Traceback" not in stderr, stderr
    assert (code, len(lines)) == (expected, 1), f"exit {code}, stderr:\n{stderr}"
    assert fragment in lines[0], lines[0]
    assert stdout == "", stdout


def invoke(args: list[str], seconds: float = SECONDS):
    """`portfolio ARGS` through CliRunner in a thread: the test fails, rather than hangs, after `seconds`."""
    done = {}

    def run() -> None:
        done["result"] = CliRunner().invoke(main, args, prog_name="portfolio")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"portfolio {' '.join(args)} still runs after {seconds} s"
    return done["result"]


def test_the_table_covers_every_command():
    assert {args[0] for args, _code, _fragment in TABLE} == set(main.commands)


@pytest.mark.parametrize(("args", "expected", "fragment"), TABLE,
                         ids=[" ".join(a).replace(T, "T") for a, _, _ in TABLE])
def test_a_bad_option_is_one_line_and_exit_1_or_2(tmp, args, expected, fragment):
    args = [a.replace("{tmp}", str(tmp)) for a in args]
    result = invoke(args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_one_line(result.exit_code, result.stdout, result.stderr, expected, fragment)


def test_a_usage_error_names_the_command_and_the_help():
    result = invoke(["target", T, "--rate", "nan"])
    assert result.stderr.startswith("portfolio target: ")
    assert "portfolio target --help" in result.stderr


# --------------------------------------------------------------------------- real processes, bounded in time


def portfolio(*args: str) -> tuple[int, str, str]:
    """Run the real `portfolio` command; a hang fails the test after SECONDS."""
    done = subprocess.run([sys.executable, "-c", "import cli; cli.run()", *args], capture_output=True,
                          text=True, timeout=SECONDS)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", [
    ["target", T, "--curve", "0.75:0.76:100000"],
    ["frontier", T, "--scale", "1:2:100000"],
    ["target", T, "--jobs", "nan"],
    ["marginal", T, "--step-eur", "nan"],
], ids=lambda a: " ".join(a).replace(T, "T"))
def test_a_huge_or_nan_option_ends_at_once_in_a_real_process(args):
    assert_one_line(*portfolio(*args), USAGE, args[2])


def test_report_refuses_dev_zero_and_a_deep_json_in_a_real_process(tmp):
    for solution, says in (("/dev/zero", "not a regular file"), (str(tmp / "nested.json"), "not a solution")):
        code, out, err = portfolio("report", T, "--out", str(tmp / "r"), "--solution", solution)
        assert_one_line(code, out, err, BAD_INPUT, says)


# --------------------------------------------------------------------------- executor addresses that fail


class Server:
    """A TCP server on 127.0.0.1 that accepts and then says `reply` (or nothing) until it is closed."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.address = f"tcp://127.0.0.1:{self.socket.getsockname()[1]}"
        self.clients: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.clients.append(client)
            if self.reply is not None:
                client.sendall(self.reply)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        for s in (*self.clients, self.socket):
            s.close()


@pytest.fixture
def silent():
    server = Server(None)
    yield server
    server.close()


@pytest.fixture
def garbage():
    server = Server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    yield server
    server.close()


def closed_port() -> str:
    """The address of a port on 127.0.0.1 that nothing listens on."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


def test_a_server_that_answers_garbage_is_refused_in_a_real_process(garbage):
    code, out, err = portfolio("frontier", T, "--scale", "1", "--executor", garbage.address)
    assert_one_line(code, out, err, BAD_INPUT, garbage.address)
    assert "is not a Dask scheduler" in err


@pytest.mark.parametrize("command", [["frontier", T, "--scale", "1"], ["robust", T, "--samples", "2"]])
def test_a_server_that_never_answers_is_given_up_after_the_connect_timeout(silent, monkeypatch, command):
    monkeypatch.setattr("portfolio.sweeps.executor.CONNECT_TIMEOUT_S", 1.0)
    result = invoke([*command, "--executor", silent.address])
    assert_one_line(result.exit_code, result.stdout, result.stderr, BAD_INPUT, silent.address)
    assert "did not answer within 1 s" in result.stderr


@pytest.mark.parametrize("address", [closed_port(), "tcp://no-such-host.invalid:8786"],
                         ids=["refused", "unknown host"])
def test_an_address_nobody_answers_at_is_one_line_at_once(address):
    result = invoke(["marginal", T, "--executor", address])
    assert_one_line(result.exit_code, result.stdout, result.stderr, BAD_INPUT, address)


# --------------------------------------------------------------------------- a scenario's effect factor


def test_an_effect_factor_that_leaves_0_1_is_refused_with_the_largest_that_fits(template_case):
    highest = max(max(r.effect, r.effect_high or 0.0) for r in template_case.reach)
    scenario = Scenario(name="up", effects=(EffectChange(factor=100),))
    [(key, message)] = scenario_problems(template_case, scenario)
    assert key == "effects.0.factor"
    assert f"at most {int(1 / highest * 1e4) / 1e4:g} keeps" in message
    with pytest.raises(CaseError):  # applied anyway, the case refuses the effect: never capped at 1
        apply_scenario(template_case, scenario)
    fits = Scenario(name="fits", effects=(EffectChange(factor=1 / highest),))
    assert scenario_problems(template_case, fits) == []


def test_a_scheduler_that_goes_away_between_the_check_and_the_run_is_one_line(monkeypatch):
    from portfolio.sweeps.executor import SchedulerUnreachable

    checks = []

    def gone_after_the_first_check(address: str, timeout_s: float | None = None) -> None:
        checks.append(address)
        if len(checks) > 1:
            raise SchedulerUnreachable(f"{address}: cannot connect (Connection refused)")

    monkeypatch.setattr("portfolio.sweeps.executor.check_scheduler", gone_after_the_first_check)
    result = invoke(["frontier", T, "--scale", "1", "--executor", "tcp://127.0.0.1:1"])
    assert len(checks) == 2
    assert isinstance(result.exception, SystemExit) and result.exit_code == BAD_INPUT, result.exception
    assert "tcp://127.0.0.1:1: cannot connect" in result.stderr.splitlines()[-1]  # after the sweep's progress bar
    assert "Traceback" not in result.stderr
