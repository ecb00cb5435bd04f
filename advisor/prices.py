"""What one query costs on a named API model, from genai-prices (pydantic's price database).

genai-prices ships the published per-token prices of hundreds of models, dated, offline. It
loads its whole table on import, so it is imported only when a model is named: a command
without `api_model` never pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from advisor.suggest import closest


@dataclass
class ModelPrice:
    """A model's price for one query's tokens, and where the figure comes from."""

    model: str
    """The model as genai-prices names it (`provider:model`)."""
    per_query: float
    source: str


def _split(name: str) -> tuple[str | None, str]:
    provider, _, model = name.strip().rpartition(":")
    return (provider or None), model


@cache
def _snapshot():  # type: ignore[no-untyped-def]
    from genai_prices import data_snapshot  # its whole price table: only for a named model

    return data_snapshot.get_snapshot()


def known_models() -> list[str]:
    """Every model genai-prices knows, as `provider:model`, for suggestions and the picker."""
    return sorted(f"{provider.id}:{model.id}" for provider in _snapshot().providers
                  for model in provider.models)


def check_model(name: str) -> str:
    """The model name as given, if genai-prices knows it; else ValueError naming the closest."""
    provider, model = _split(name)
    if not model:
        raise ValueError("is empty; name the model that answers, e.g. gpt-4o-mini")
    try:
        _snapshot().find_provider_model(model, None, provider, None)
    except LookupError:
        names = known_models()
        plain = sorted({entry.partition(":")[2] for entry in names})
        hint = closest(name, plain if provider is None else names, cutoff=70)
        suggestion = f"did you mean {hint!r}?" if hint else "see 'genai-prices list' for the names"
        raise ValueError(f"{name!r} is not a model genai-prices knows; {suggestion}") from None
    return name.strip()


@cache
def query_price(name: str, input_tokens: int, output_tokens: int) -> ModelPrice:
    """The price of one call with these token counts on the named model."""
    from decimal import Decimal  # genai-prices' type; see _snapshot

    from genai_prices import Usage, calc_price

    provider, model = _split(name)
    result = calc_price(Usage(input_tokens=input_tokens, output_tokens=output_tokens), model,
                        provider_id=provider)
    return ModelPrice(model=f"{result.provider.id}:{result.model.id}",
                      per_query=float(Decimal(result.total_price)),
                      source=f"genai-prices {library_version()}, {result.provider.name} "
                             f"{result.model.name}")


def library_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # loads zipfile, email, csv

    try:
        return version("genai-prices")
    except PackageNotFoundError:
        return "(not installed)"


@cache
def data_date(today: date) -> str:
    """The newest price change genai-prices lists that is in effect by `today` (ISO date): how
    current its table is."""
    newest = date.min
    for provider in _snapshot().providers:
        for model in provider.models:
            for price in model.prices if isinstance(model.prices, list) else ():
                start = getattr(getattr(price, "constraint", None), "start_date", None)
                if isinstance(start, date) and newest < start <= today:
                    newest = start
    return "unknown" if newest == date.min else newest.isoformat()
