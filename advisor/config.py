"""The user's config file: defaults a person sets once (`advisor config path` says where).

    # ~/.config/advisor/config.toml
    format = "md"            # default output format of recommend, costs and ask, where valid
    rules = "~/team/rules"   # rules folder, as --rules
    knowledge = "~/team/kb"  # knowledge folder, as --knowledge
    theme = "textual-light"  # the interview's theme (the TUI saves a theme change here)

A command-line option wins over an environment variable, which wins over the config file.
The file is TOML, validated like every other file (unknown keys are refused with their line).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from advisor.cache import cached
from advisor.errors import AdvisorError
from advisor.files import write_whole
from advisor.locations import user_dir
from advisor.validation import STRICT, validate

CONFIG_ENV = "ADVISOR_CONFIG"
MAX_BYTES = 64 << 10


class ConfigError(AdvisorError):
    """A config file that cannot be read or does not validate."""


@dataclass
class Config:
    """What the config file may set; every key optional."""

    __pydantic_config__ = STRICT

    format: Literal["text", "md", "json"] | None = None
    """The default output format, where the command offers it."""
    rules: str | None = None
    """The rules folder (as --rules)."""
    knowledge: str | None = None
    """The knowledge folder (as --knowledge)."""
    theme: str | None = None
    """The interview's Textual theme."""


def config_path() -> Path:
    """Where the config file is read from: $ADVISOR_CONFIG, else the user config folder."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return user_dir("config") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config file validated (an empty Config when there is none)."""
    path = path or config_path()
    if not path.is_file():
        return Config()
    return cached("config", [path], lambda: _read(path), Config)


def _read(path: Path) -> Config:
    import tomllib  # only a config file missing from the cache is parsed

    try:
        raw = path.read_bytes()[:MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            raise ConfigError(f"{path}: larger than 64 KiB; a config file is a few lines")
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return validate(Config, data, str(path), ConfigError)


def folder(value: str | None) -> str | None:
    """A folder named in the config, with `~` expanded."""
    return None if value is None else str(Path(value).expanduser())


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.MULTILINE)


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember the interview's theme: the file's `theme` line is replaced (or added), every
    other line kept as written."""
    path = path or config_path()
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = f"theme = {json.dumps(theme)}"  # a JSON string is a valid TOML basic string
    if _THEME_LINE.search(text):
        text = _THEME_LINE.sub(line, text, count=1)
    else:
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_whole(path, text)
    return path
