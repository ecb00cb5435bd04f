"""The wheel carries rules/ and knowledge/: an installed `advisor` works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the source tree with only the built wheel installed (--no-deps); it
    borrows this test venv's site-packages for the dependencies through a .pth file."""
    root = tmp_path_factory.mktemp("installed")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
                   cwd=REPO, check=True, capture_output=True)
    wheel = next(dist.glob("ft_rag_advisor-*.whl"))  # the distribution name; the command is advisor
    names = zipfile.ZipFile(wheel).namelist()
    assert "advisor/_data/knowledge/pricing.yaml" in names
    assert any(name.startswith("advisor/_data/rules/") for name in names)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = Path(subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (target / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    return venv


def run_installed(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ADVISOR_")}
    return subprocess.run([str(venv / "bin" / "advisor"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_installed_advisor_finds_its_shipped_knowledge(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run([installed / "bin" / "python", "-c", "import advisor; print(advisor.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed)), where
    answers = tmp_path / "answers.yaml"
    answers.write_text("monthly_queries: 1000\ndata_volatility: static\nmodel_size: 7b\n")
    run = run_installed(installed, "costs", "--answers", str(answers), "--format", "json",
                        cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    costs = json.loads(run.stdout)
    assert costs["fine_tune"]["total"] == 1700
    assert costs["rag"]["total"] == 1920
