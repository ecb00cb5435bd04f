"""`advisor serve`: the interview in a browser, one interview per visitor (textual-serve).

textual-serve starts one `python -m advisor` process per browser connection and relays the
terminal over a websocket. Each process knows it is served (Textual's web driver) and keeps its
interview in a session file of its own. Those files live in a folder made for this server run
(`$ADVISOR_DATA` for the children, mode 0700, removed when the server stops), so a visitor
never sees another's interview nor the server user's own `session.json`.

textual-serve gives the app nothing that identifies a browser, so a visitor who reloads the
page starts a new interview. Importing this module needs the `web` extra.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile

from textual_serve.server import Server

from advisor.errors import AdvisorError
from advisor.session import DATA_ENV

WILDCARDS = ("0.0.0.0", "::", "")


def child_command(rules: str | None, knowledge: str | None) -> str:
    """The shell command textual-serve runs for each visitor: this Python's interview."""
    words = [sys.executable, "-m", "advisor"]
    if rules is not None:
        words += ["--rules", rules]
    if knowledge is not None:
        words += ["--knowledge", knowledge]
    return shlex.join(words)


def serve(host: str, port: int, public_url: str | None = None, rules: str | None = None,
          knowledge: str | None = None) -> int:
    """Serve the interview on host:port until interrupted (Ctrl+C or SIGTERM)."""
    if public_url is None and host in WILDCARDS:
        sys.stderr.write(f"advisor: serve: listening on every address; the page tells browsers "
                         f"to connect to http://{host}:{port}, so give --public-url with the "
                         f"address they open\n")
    folder = tempfile.mkdtemp(prefix="advisor-serve-")
    os.environ[DATA_ENV] = folder
    server = Server(child_command(rules, knowledge), host=host, port=port, title="advisor",
                    public_url=public_url)
    try:
        server.serve()
    except OSError as exc:
        # aiohttp words a bind failure at length; the errno's own words are enough here.
        errno = exc.errno or 0
        reason = os.strerror(errno) if errno > 0 else (exc.strerror or str(exc))
        raise AdvisorError(f"serve: cannot listen on {host}:{port} ({reason.lower()})") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
