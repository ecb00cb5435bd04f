"""JSON as every output prints it."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.decision import Recommendation



def to_json(data: Any) -> str:
    """JSON as the outputs print it: indented, UTF-8 as is, dataclasses as objects, and an
    infinity or NaN as null. A field named like `from_` (a Python keyword) prints as `from`."""
    return json.dumps(_plain(data), indent=2, ensure_ascii=False)


def _plain(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(value) for value in data]
    if hasattr(data, "__dataclass_fields__"):
        return {name.removesuffix("_"): _plain(getattr(data, name)) for name in data.__dataclass_fields__}
    return data


def render_json(rec: Recommendation) -> str:
    """The contract's `recommend --format json` object (with the extra explanation fields)."""
    return to_json(rec) + "\n"
