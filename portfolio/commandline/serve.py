"""`portfolio serve`: the local web page over a case, on the loopback unless told otherwise, behind a
token."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

from portfolio.commandline.errors import EXIT_INTERRUPTED, err, load, need
from portfolio.commandline.options import CASE_ARG, PortfolioCommand, report_language

# Seconds the server waits for open requests when stopped; its solves are ended at once.
GRACE_S = 1


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is this machine's loopback (an unknown host is not)."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False
    return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in found)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port` (0: a free port). Raises click.ClickException when it cannot."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but the loopback lets other machines reach the page "
                   "(they still need the token).")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.option("--lang", type=click.Choice(["nl", "en"]), envvar="PORTFOLIO_LANG", callback=report_language,
              help="The page's language until a browser switches it (default nl).")
def serve(case: Path | None, port: int, host: str, no_browser: bool, lang: str) -> None:
    """The local web page over CASE (default: the bundled case): budgets, rules, scenarios side by side and
    the report, in a browser. Prints the address with its access token; Ctrl-C stops it."""
    need("reports")  # the page shows the report's figures and charts
    need("web")
    import uvicorn

    from portfolio.web.app import create_app

    c = load(case)
    if not is_loopback(host):
        err(f"warning: listening on {host}, not on the loopback: other machines can reach the page (anyone "
            f"with the link, which holds the token, can use it)")
    sock = listen(host, port)
    app = create_app(c, case.name if case is not None else c.name, lang=lang)
    shown = sock.getsockname()
    address = f"[{shown[0]}]" if ":" in shown[0] else shown[0]
    url = f"http://{address}:{shown[1]}/?token={app.state.server.token}"
    click.echo(url)
    err("Ctrl-C stops the server")
    if not no_browser:
        import webbrowser

        webbrowser.open(url)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            """Ctrl-C, SIGTERM: the page's solves stop now, not after uvicorn's grace."""
            app.state.server.cancel_all()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=GRACE_S)
    try:
        Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        err("stopped")
        raise SystemExit(EXIT_INTERRUPTED) from None
    finally:
        app.state.server.close()
        sock.close()
