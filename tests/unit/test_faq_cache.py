"""The FAQ index through the cache: built once per edit of its files, and a warm `advisor ask`
loads neither pydantic nor yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import cache
from advisor.errors import KnowledgeError
from advisor.faq.index import FaqIndex, IndexData
from tests.conftest import KNOWLEDGE, REPO


class CountedLoads:
    """Wraps `FaqIndex.load_data` (the uncached build) and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._load = FaqIndex.load_data
        monkeypatch.setattr(FaqIndex, "load_data", self)

    def __call__(self, folder: Path) -> IndexData:
        self.calls += 1
        return self._load(folder)


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the knowledge folder, with an empty cache of its own."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def _touch_later(path: Path, text: str) -> None:
    """Rewrite `path` so that its modification time surely differs from before."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_a_second_load_reads_the_cache_and_answers_alike(knowledge: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    loads = CountedLoads(monkeypatch)
    built = FaqIndex.from_folder(knowledge)
    cached = FaqIndex.from_folder(knowledge)
    assert loads.calls == 1
    assert cached is not built
    for question in ("is 500 samples enough?", "isn't RAG just keyword search?", "fine tuning",
                     "how much does a llama cost", "qwpoeiruty"):
        assert cached.lookup(question) == built.lookup(question)


def test_an_edited_synonyms_file_is_read_again(knowledge: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    loads = CountedLoads(monkeypatch)
    assert FaqIndex.from_folder(knowledge).lookup("zorblax").answered is False
    synonyms = knowledge / "synonyms.yaml"
    text = synonyms.read_text()
    _touch_later(synonyms, text.replace("  - term: cost\n    variants: [",
                                        "  - term: cost\n    variants: [zorblax, ", 1))
    result = FaqIndex.from_folder(knowledge).lookup("zorblax")
    assert loads.calls == 2
    assert result.best is not None and result.best.id == "cost-analysis"


def test_a_synonyms_file_added_later_is_noticed(knowledge: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    synonyms = knowledge / "synonyms.yaml"
    text = synonyms.read_text()
    synonyms.unlink()
    loads = CountedLoads(monkeypatch)
    FaqIndex.from_folder(knowledge)
    FaqIndex.from_folder(knowledge)
    assert loads.calls == 1
    synonyms.write_text(text)
    os.utime(knowledge, ns=(knowledge.stat().st_mtime_ns + 10**9,) * 2)
    FaqIndex.from_folder(knowledge)
    assert loads.calls == 2


def test_a_broken_file_is_reported_every_time_and_never_cached(knowledge: Path) -> None:
    synonyms = knowledge / "synonyms.yaml"
    good = synonyms.read_text()
    _touch_later(synonyms, good.replace("    variants: [", "    variantz: [", 1))
    for _ in range(2):
        with pytest.raises(KnowledgeError, match="variantz: unknown key; did you mean 'variants'"):
            FaqIndex.from_folder(knowledge)
    _touch_later(synonyms, good)
    assert FaqIndex.from_folder(knowledge).lookup("fine tuning").answered


PROBE = """
import sys
from advisor.cli import main
code = main(["ask", *sys.argv[1:]])
heavy = ("pydantic", "pydantic_core", "yaml", "advisor.knowledge", "advisor.yamlio")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy)
sys.stderr.write(f"EXIT:{code} LOADED:{','.join(loaded)}\\n")
"""


def _ask_in_a_fresh_interpreter(cache_folder: Path, *args: str) -> str:
    env = {**os.environ, cache.CACHE_ENV: str(cache_folder)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=REPO, env=env, check=True, timeout=60)
    return done.stderr.strip().splitlines()[-1]
