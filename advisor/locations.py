"""Where the `rules/` and `knowledge/` folders are.

Order of precedence: an explicit folder (from `--rules` / `--knowledge`), then the
`ADVISOR_RULES` / `ADVISOR_KNOWLEDGE` environment variables, then the copy shipped inside
the installed wheel (`advisor/_data/`), then the folders at the top of a source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from advisor.errors import AdvisorError

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent

RULES_ENV = "ADVISOR_RULES"
KNOWLEDGE_ENV = "ADVISOR_KNOWLEDGE"


def _find(name: str, explicit: str | os.PathLike[str] | None, env: str, option: str) -> Path:
    if explicit is not None:
        chosen, origin = Path(explicit), option
    elif os.environ.get(env):
        chosen, origin = Path(os.environ[env]), f"${env}"
    else:
        for candidate in (_SHIPPED / name, _CHECKOUT / name):
            if candidate.is_dir():
                return candidate
        raise AdvisorError(
            f"cannot find the {name}/ folder next to the advisor package; "
            f"point {option} or ${env} at one"
        )
    if not chosen.is_dir():
        raise AdvisorError(f"{origin}: {chosen} is not a folder; give a folder holding {name} YAML files")
    return chosen


def rules_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of decision rules to load."""
    return _find("rules", explicit, RULES_ENV, "--rules")


def knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding faq.yaml, pricing.yaml, questions.yaml and synonyms.yaml."""
    return _find("knowledge", explicit, KNOWLEDGE_ENV, "--knowledge")
