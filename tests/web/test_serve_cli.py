"""`advisor serve` without a browser: its defaults, the missing extra, a port in use, and the
private folder that holds the visitors' sessions while the server runs."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import advisor.tui
from advisor.cli import build_parser
from tests.conftest import Run
from tests.web.conftest import start_server, stop_server


def test_it_listens_on_this_machine_only_unless_told() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.public_url) == ("127.0.0.1", 8000, None)


def test_without_the_web_extra_it_says_how_to_install_it(
        cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    monkeypatch.delitem(sys.modules, "textual_serve.server", raising=False)
    monkeypatch.delitem(sys.modules, "advisor.tui.serve", raising=False)
    monkeypatch.delattr(advisor.tui, "serve", raising=False)  # else `from advisor.tui import serve`
    run = cli("serve")
    assert run.code == 2 and run.out == ""
    [line] = run.err.strip().splitlines()
    assert "pip install 'ft-rag-advisor[web]'" in line


def test_a_bad_port_is_refused(cli: Callable[..., Run]) -> None:
    run = cli("serve", "--port", "70000")
    assert run.code == 2 and "not a port number" in run.err


def test_each_visitor_runs_this_python_with_the_folders_given() -> None:
    serve = pytest.importorskip("advisor.tui.serve")
    command = serve.child_command("/my rules", None)
    assert command == f"{sys.executable} -m advisor --rules '/my rules'"


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "advisor", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60, check=False,
                              stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert f"advisor: serve: cannot listen on 127.0.0.1:{port} (address already in use)" \
        in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


def test_the_sessions_folder_is_private_and_goes_with_the_server(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    served = start_server(tmp_path)
    try:
        [folder] = (tmp_path / "tmp").glob("advisor-serve-*")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        code = stop_server(served)
    assert code == 0
    assert not folder.exists()
