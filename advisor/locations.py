"""Where the `rules/` and `knowledge/` folders are.

Order of precedence: an explicit folder (from `--rules` / `--knowledge`), then the
`ADVISOR_RULES` / `ADVISOR_KNOWLEDGE` environment variables, then the copy shipped inside
the installed wheel (`advisor/_data/`), then the folders at the top of a source checkout.
"""

from __future__ import annotations

import os
import sys
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


_XDG = {"cache": ("XDG_CACHE_HOME", "~/.cache"), "config": ("XDG_CONFIG_HOME", "~/.config"),
        "state": ("XDG_STATE_HOME", "~/.local/state"), "data": ("XDG_DATA_HOME", "~/.local/share")}


def user_dir(kind: str) -> Path:
    """The user's folder of one kind for the advisor: cache, config, state or data.

    On Linux this is the XDG rule platformdirs applies (a test holds the two equal), without
    importing platformdirs: it loads tempfile and shutil, which no warm command needs."""
    if sys.platform == "linux":
        variable, fallback = _XDG[kind]
        base = os.environ.get(variable, "").strip() or os.path.expanduser(fallback)
        return Path(base) / "advisor"
    import platformdirs  # elsewhere the platform's own rules apply

    finder = getattr(platformdirs, f"user_{kind}_dir")
    return Path(finder("advisor", appauthor=False))
