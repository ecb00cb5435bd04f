"""The conventions of a tool people keep: a config file, shell completion, --debug, help."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor import config
from tests.conftest import REPO, RULES, Run


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    monkeypatch.delenv("ADVISOR_RULES", raising=False)
    monkeypatch.delenv("ADVISOR_KNOWLEDGE", raising=False)
    return path


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text("data_volatility: weekly\nmonthly_queries: 5k/day\n")
    return path


def test_config_path_prints_where_it_is_read_from(cli: Callable[..., Run], config_file: Path) -> None:
    run = cli("config", "path")
    assert run.code == 0 and run.out.strip() == str(config_file)


def test_the_config_sets_the_default_format(cli: Callable[..., Run], config_file: Path,
                                            answers: Path) -> None:
    config_file.write_text('format = "json"\n')
    run = cli("recommend", "--answers", str(answers))
    assert run.code == 0 and json.loads(run.out)["recommendation"]
    assert cli("costs", "--answers", str(answers)).out.startswith("{")
    text = cli("recommend", "--answers", str(answers), "--format", "text")
    assert text.out.startswith("Recommendation")  # an option wins over the config
    config_file.write_text('format = "md"\n')  # costs has no md: its own default then
    assert not cli("costs", "--answers", str(answers)).out.startswith("{")


def test_the_config_names_the_rules_folder_and_an_option_wins(
    cli: Callable[..., Run], config_file: Path, answers: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "my-rules"
    shutil.copytree(RULES, mine)
    config_file.write_text(f'rules = "{mine}"\n')
    assert str(mine) in cli("rules", "check").out
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.yaml").write_text("rules: [1]\n")
    config_file.write_text(f'rules = "{broken}"\n')
    assert cli("recommend", "--answers", str(answers)).code == 2
    assert cli("recommend", "--answers", str(answers), "--rules", str(RULES)).code == 0


@pytest.mark.parametrize(("text", "words"), [
    ('colour = "red"\n', ["colour", "unknown key"]),
    ('format = "pdf"\n', ["format"]),
    ("format = \n", ["invalid TOML"]),
])
def test_a_bad_config_is_one_line_naming_the_file(
    cli: Callable[..., Run], config_file: Path, answers: Path, text: str, words: list[str]
) -> None:
    config_file.write_text(text)
    run = cli("recommend", "--answers", str(answers))
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1
    assert str(config_file) in run.err and all(word in run.err for word in words)


def test_the_theme_is_remembered_and_other_lines_kept(config_file: Path) -> None:
    config_file.write_text('# mine\nformat = "md"\n')
    config.save_theme("textual-light")
    assert config.load_config().theme == "textual-light"
    config.save_theme("textual-dark")
    text = config_file.read_text()
    assert text.count("theme =") == 1 and "# mine" in text and 'format = "md"' in text
    assert config.load_config() == config.Config(format="md", theme="textual-dark")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_know_the_commands(cli: Callable[..., Run], shell: str) -> None:
    run = cli("completion", shell)
    assert run.code == 0
    for word in ("recommend", "costs", "ask", "--answers", "--format"):
        assert word in run.out


def test_the_bash_completion_completes_a_command(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = subprocess.run([sys.executable, "-m", "advisor", "completion", "bash"], cwd=REPO,
                            capture_output=True, text=True, check=True, timeout=60).stdout
    (tmp_path / "c.sh").write_text(script)
    probe = ('source c.sh; COMP_WORDS=(advisor rec); COMP_CWORD=1; '
             '_shtab_advisor advisor rec advisor; echo "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          timeout=30, check=False)
    assert "recommend" in done.stdout, done.stderr


def test_debug_writes_a_log_and_an_internal_error_is_one_line(
    cli: Callable[..., Run], tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "debug.log"
    run = cli("recommend", "--answers", str(answers), "--debug", str(log))
    assert run.code == 0 and "argv" in log.read_text() and "exit 0" in log.read_text()

    from advisor import service

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(service.Advisor, "recommend", broken)
    run = cli("recommend", "--answers", str(answers), "--debug", str(log))
    assert run.code == 1 and len(run.err.strip().splitlines()) == 1
    assert "internal error" in run.err and str(log) in run.err
    assert "ZeroDivisionError" in log.read_text() and "Traceback" in log.read_text()


def test_help_shows_examples_and_the_environment(cli: Callable[..., Run]) -> None:
    for args in (("--help",), ("recommend", "--help"), ("costs", "--help")):
        run = cli(*args)
        assert run.code == 0
        assert "examples:" in run.out and "ADVISOR_CONFIG" in run.out
    assert "labeled_examples" in cli("recommend", "--help").out
