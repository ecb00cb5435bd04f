"""How fast `advisor ask` looks a question up (run on demand: `python bench/bench_faq.py`).

Prints, as medians over repeats:
- loading the built-in index: building it (validation included) and reading it back from the
  cache, which is what `advisor ask` does unless the knowledge files changed;
- the lookup on the built-in knowledge base (target: under 1 ms);
- the lookup over a synthetic 10,000-entry knowledge base, next to a bare
  `rapidfuzz.process.extract` (WRatio, limit 5) over the same choice strings, and their ratio
  (target: within 1.5x). The bare call is timed both on the index's normalised strings and on
  the raw question and phrasing texts.
`main()` returns the figures as a dict for `bench/run.py`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from advisor.cache import CACHE_ENV  # noqa: E402
from advisor.faq.index import FaqIndex  # noqa: E402
from advisor.faq.schema import FaqEntry, load_synonyms  # noqa: E402

QUERIES = [
    "is 500 samples enough?",
    "finetuning duration for llama 7b",
    "isn't RAG just keyword search?",
    "fine tuning",
    "how much does a used car cost",
    "We're a small startup with about 800 support tickets. Is that enough to fine-tune a 7B model?",
]
SYNTHETIC_ENTRIES = 10_000
DOMAIN_WORDS = [
    "model", "training", "data", "cost", "latency", "retrieval", "fine-tuning", "rag", "vector",
    "database", "gpu", "hours", "examples", "labels", "drift", "retrain", "api", "documents",
    "embeddings", "keyword", "search", "quality", "speed", "budget", "hybrid", "style",
    "compliance", "audit", "privacy", "hosting", "inference", "tokens", "epochs", "batch",
]


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """The median wall time of `action`, in milliseconds, after one warm-up call."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))


def _sentence(rng: random.Random, pool: list[str], length: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(length)) + "?"


def synthetic_entries(count: int, seed: int = 7) -> list[FaqEntry]:
    """`count` made-up entries over a vocabulary of domain and random words, built directly
    (not validated: only the index's cost is measured)."""
    rng = random.Random(seed)
    pool = DOMAIN_WORDS + [_word(rng) for _ in range(3000)]
    entries = []
    for number in range(count):
        entries.append(FaqEntry(
            id=f"entry-{number}",
            kind="faq", section="Synthetic",
            question=_sentence(rng, pool, rng.randint(5, 10)),
            phrasings=[_sentence(rng, pool, rng.randint(4, 9)) for _ in range(2)],
            keywords=[rng.choice(pool) for _ in range(3)],
            answer=_sentence(rng, pool, 25), related=[]))
    return entries


def load_figures(repeats: int) -> dict[str, float]:
    """Building the index against reading it from a warm cache (a temporary one, so the
    user's own is left alone)."""
    folder = REPO / "knowledge"
    saved = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory() as cache_folder:
        os.environ[CACHE_ENV] = cache_folder
        try:
            build = median_ms(partial(FaqIndex.load, folder), max(repeats // 10, 3))
            cached = median_ms(partial(FaqIndex.from_folder, folder), repeats)
        finally:
            if saved is None:
                del os.environ[CACHE_ENV]
            else:
                os.environ[CACHE_ENV] = saved
    return {"index_build_ms": build, "index_cached_ms": cached}


REAL = REPO / "tests" / "unit" / "data" / "faq_real.yaml"


def builtin_figures(repeats: int) -> dict[str, float]:
    """Lookups on the built-in knowledge base: the sample queries, and every question of
    faq_real.yaml (questions people wrote: longer, with names and code; timed only)."""
    import yaml

    index = FaqIndex.from_folder(REPO / "knowledge")
    per_query = [median_ms(partial(index.lookup, query), repeats) for query in QUERIES]
    real = [item["q"] for item in yaml.safe_load(REAL.read_text(encoding="utf-8"))["questions"]]
    per_real = [median_ms(partial(index.lookup, query), max(repeats // 10, 5)) for query in real]
    return {"builtin_lookup_ms_median": statistics.median(per_query),
            "builtin_lookup_ms_worst": max(per_query),
            "real_lookup_ms_median": statistics.median(per_real),
            "real_lookup_ms_p95": sorted(per_real)[int(len(per_real) * 0.95)],
            "real_lookup_ms_worst": max(per_real)}


def synthetic_figures(repeats: int) -> dict[str, float]:
    start = time.perf_counter()
    entries = synthetic_entries(SYNTHETIC_ENTRIES)
    index = FaqIndex.build(entries, load_synonyms(REPO / "knowledge"))
    build_s = time.perf_counter() - start
    normalised = index.choices
    raw = [text for entry in entries for text in (entry.question, *entry.phrasings)]
    lookup, bare, bare_raw = [], [], []
    for query in QUERIES:
        text = " ".join(index.normalizer.words(query))
        lookup.append(median_ms(partial(index.lookup, query), repeats))
        bare.append(median_ms(
            partial(process.extract, text, normalised, scorer=fuzz.WRatio, limit=5), repeats))
        bare_raw.append(median_ms(
            partial(process.extract, query, raw, scorer=fuzz.WRatio, limit=5), repeats))
    return {
        "synthetic_entries": float(len(entries)),
        "synthetic_choices": float(len(normalised)),
        "synthetic_build_s": build_s,
        "synthetic_lookup_ms": statistics.median(lookup),
        "bare_extract_ms": statistics.median(bare),
        "bare_extract_raw_ms": statistics.median(bare_raw),
        "lookup_over_bare": statistics.median(lookup) / statistics.median(bare),
    }


def main(repeats: int = 15) -> dict[str, float]:
    figures = load_figures(repeats)
    figures.update(builtin_figures(repeats * 10))
    figures.update(synthetic_figures(repeats))
    return figures


if __name__ == "__main__":
    results = main()
    print(f"built-in index: built in {results['index_build_ms']:.1f} ms, "
          f"read from the cache in {results['index_cached_ms']:.2f} ms")
    print(f"built-in knowledge base, lookup: median {results['builtin_lookup_ms_median']:.3f} ms, "
          f"slowest query {results['builtin_lookup_ms_worst']:.3f} ms (target < 1 ms)")
    print(f"  on {REAL.name}: median {results['real_lookup_ms_median']:.3f} ms, 95th percentile "
          f"{results['real_lookup_ms_p95']:.3f} ms, slowest {results['real_lookup_ms_worst']:.3f} ms")
    print(f"synthetic: {results['synthetic_entries']:.0f} entries, "
          f"{results['synthetic_choices']:.0f} choice strings, index built in "
          f"{results['synthetic_build_s']:.1f} s")
    print(f"  advisor lookup:                          {results['synthetic_lookup_ms']:.2f} ms")
    print(f"  bare process.extract (normalised texts): {results['bare_extract_ms']:.2f} ms")
    print(f"  bare process.extract (raw texts):        {results['bare_extract_raw_ms']:.2f} ms")
    print(f"  lookup / bare extract:                   {results['lookup_over_bare']:.2f}x "
          "(target <= 1.5x)")
