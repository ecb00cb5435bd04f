"""Bad and hostile input through the CLI's own entry point: one line on stderr and exit 2, or
a result; never a traceback, a hang, raw escape sequences or a lost file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run, assert_one_line_error

HOSTILE_FILES = [
    ("monthly_queries: !!int abc\n", ["tagged value"]),
    ("monthly_queries: !!float abc\n", ["tagged value"]),
    ("audit_trail: !!bool maybe\n", ["tagged value"]),
    ("labeled_examples: " + "9" * 400 + "\n", ["labeled_examples", "400 digits"]),
    ("monthly_queries: 1e300\ncost_per_query: 1e10\n", ["monthly_queries", "too large"]),
    ("training_cost: 1.0e+308\n", ["training_cost", "too large"]),
    ("cost_per_query: 1.0e-310\n", ["cost_per_query", "at least"]),
    ("monthly_queries: [" * 300 + "]" * 300 + "\n", ["nested more than"]),
    ("monthly_queries: " + "[" * 999 + "1" + "]" * 999 + "\n", ["nested more than"]),
    ('monthly_queries: "1' + " " * 400 + '!"\n', ["monthly_queries", "cannot read"]),
    ("monthly_queries: " + "x" * 500_000 + "\n", ["monthly_queries"]),
    ("monthly_queries: \"\u0661\u0662\u0663\"\n", ["monthly_queries"]),
]


@pytest.mark.parametrize(("text", "words"), HOSTILE_FILES)
def test_hostile_answers_are_one_line_and_exit_2(
    cli: Callable[..., Run], tmp_path: Path, text: str, words: list[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("recommend", "costs"):
        run = cli(command, "--answers", str(path), "--format", "json")
        assert_one_line_error(run, path, words)
        assert len(run.err) < 1000


def test_a_fifo_is_refused_without_waiting(cli: Callable[..., Run], tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    assert_one_line_error(cli("recommend", "--answers", str(fifo)), fifo, ["not a regular file"])


def test_a_device_is_refused(cli: Callable[..., Run]) -> None:
    run = cli("costs", "--answers", "/dev/zero")
    assert_one_line_error(run, Path("/dev/zero"), ["not a regular file"])


def test_a_name_too_long_is_one_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    long = tmp_path / ("a" * 300 + ".yaml")
    assert_one_line_error(cli("recommend", "--answers", str(long)), long, ["cannot be read"])
    answers = tmp_path / "ok.yaml"
    answers.write_text("data_volatility: weekly\n")
    out = tmp_path / ("b" * 300 + ".md")
    run = cli("recommend", "--answers", str(answers), "--out", str(out))
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_file_in_an_unreadable_folder_is_one_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "answers.yaml").write_text("data_volatility: weekly\n")
    folder.chmod(0)
    try:
        run = cli("recommend", "--answers", str(folder / "answers.yaml"))
    finally:
        folder.chmod(0o700)
    assert run.code == 2 and "Traceback" not in run.err


def test_empty_names_are_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    answers = tmp_path / "ok.yaml"
    answers.write_text("data_volatility: weekly\n")
    run = cli("recommend", "--answers", str(answers), "--out", "")
    assert run.code == 2 and run.out == "" and "empty" in run.err
    run = cli("recommend", "--answers", "")
    assert run.code == 2 and "empty" in run.err and "folder" not in run.err


def test_a_newline_in_a_name_stays_on_one_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    answers = tmp_path / "ok.yaml"
    answers.write_text("data_volatility: weekly\n")
    run = cli("recommend", "--answers", str(answers), "--out", str(tmp_path / "no\nsuch" / "x.md"))
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1 and "\\n" in run.err


def test_escape_sequences_in_a_name_never_reach_the_terminal(cli: Callable[..., Run],
                                                              tmp_path: Path) -> None:
    name = tmp_path / "\x1b]0;owned\x07.yaml"
    run = cli("recommend", "--answers", str(name))
    assert run.code == 2 and "\x1b" not in run.err and "\x07" not in run.err



def test_standard_input_closed_is_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "advisor", "recommend", "--answers", "-"],
                          cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                          check=False, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    answers = tmp_path / "ok.yaml"
    answers.write_text("data_volatility: weekly\n")
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run([sys.executable, "-m", "advisor", "recommend", "--answers", str(answers)],
                          cwd=REPO, stdout=writer, stderr=subprocess.PIPE, timeout=60, check=False)
    os.close(writer)
    assert done.stderr == b""  # rich ends a closed pipe with exit 1, quietly


def test_an_undecodable_question_prints_valid_utf8_json() -> None:
    done = subprocess.run([sys.executable, "-m", "advisor", "ask", b"fine tune \xff\xfe ok", "--format",
                           "json"], cwd=REPO, capture_output=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")  # strict: raises on invalid UTF-8


@pytest.mark.parametrize("points", [".nan", ".inf", "-.inf", "1.0e+308"])
def test_points_that_are_not_a_sane_number_are_refused(
    cli: Callable[..., Run], tmp_path: Path, points: str
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text(
        "rules:\n  - {id: odd, description: d, when: {key: latency, eq: realtime}, "
        f"then: {{rag: {points}}}, because: b, cites: [rag]}}\n")
    run = cli("rules", "check", str(folder))
    assert run.code == 2 and "points must be a number" in run.err and "Traceback" not in run.err


def test_an_escape_sequence_in_a_faq_answer_never_reaches_the_terminal(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """YAML's double-quoted escapes ("\\e", "\\a") put control characters in a knowledge
    entry; `ask` shows them escaped, so an answer cannot retitle the terminal."""
    import shutil

    from tests.conftest import KNOWLEDGE

    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    faq = folder / "faq.yaml"
    entry = ('\n  - id: owned-terminal\n    kind: faq\n    section: FAQ\n'
             '    question: "How do I retitle a terminal window?"\n'
             '    answer: "\\e]0;owned\\a Retitled."\n')
    text = faq.read_text(encoding="utf-8")
    head, _, tail = text.partition("\nentries:\n")
    faq.write_text(head + "\nentries:" + entry + tail, encoding="utf-8")
    run = cli("ask", "how do I retitle a terminal window", "--knowledge", str(folder))
    assert run.code == 0, run.err
    assert "owned" in run.out and "\x1b" not in run.out and "\x07" not in run.out
