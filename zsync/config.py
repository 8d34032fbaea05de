"""Settings: shipped defaults (``zsync/data/defaults.toml``) overlaid with the user's file.

Settings are an explicit object passed to whatever needs them; nothing reads a global. The
file is found at ``--config PATH``, else ``$ZSYNC_CONFIG``, else ``./zsync.toml``, else
``config.toml`` in the user config directory; none of them is required.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import platformdirs
import tomllib
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zsync.errors import ConfigError
from zsync.mapping import Regex, default_mapping_dir, read_toml
from zsync.private import warn_if_readable_by_others


class TagRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tag: str
    pattern: Regex
    fields: list[Literal["title", "abstract"]] = Field(default_factory=lambda: ["title", "abstract"])


class TagSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = "source:{format}"
    has_code: str = "has-code"
    default_rules: bool = True
    digest_tags: bool = True  # the digest's own keywords (BibTeX keywords, HF ai_keywords)
    rules: list[TagRule] = Field(default_factory=list)
    defaults: list[TagRule] = Field(default_factory=list, exclude=True)

    def all_rules(self) -> list[TagRule]:
        return [*(self.defaults if self.default_rules else []), *self.rules]


class DedupeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = Field(0.92, ge=0.5, le=1.0)
    abstract_threshold: float = Field(0.90, ge=0.5, le=1.0)
    #: "same": a preprint and its published version are one paper (the item already in the
    #: library is kept and gains the other's identifiers); "distinct": they are two items
    preprints: Literal["same", "distinct"] = "same"
    #: titles this far below the threshold, with nothing against them, are possible duplicates:
    #: created, tagged and related to the other item for a person to decide, never dropped
    possible_margin: float = Field(0.04, ge=0, le=0.3)
    possible_tag: str = "zsync:possible-duplicate"


def no_api_key(cls: type, data: Any) -> Any:
    """Refuse a table that holds the API key itself: config files get shared and committed."""
    if isinstance(data, dict) and "api_key" in data:
        raise ValueError("the API key itself must not be in the config file; "
                         "name an environment variable (api_key_env) or a key file (api_key_file)")
    return data


class ZoteroSettings(BaseModel):
    """How to reach Zotero. The API key itself never goes in a file zsync reads as config."""

    model_config = ConfigDict(extra="forbid")
    endpoint: str = "https://api.zotero.org"
    api_key_env: str = "ZOTERO_API_KEY"  # the environment variable holding the key
    api_key_file: Path | None = None  # or a file holding only the key
    max_wait: float = Field(600.0, ge=0, description="seconds one request may wait on rate limits and retries")

    _no_key = model_validator(mode="before")(no_api_key)

    def api_key(self, key_file: Path | None = None) -> str | None:
        """The key from ``key_file``, else the configured file, else the environment variable."""
        path = key_file or self.api_key_file
        if path:
            warn_if_readable_by_others(Path(path).expanduser())
            try:
                return Path(path).expanduser().read_text("utf-8").strip() or None
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read the API key file: {exc.strerror}") from None
        return os.environ.get(self.api_key_env) or None


class BibTeXSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    citekey_format: str = "{auth}{shorttitle}{year}"  # parts: auth, Auth, shorttitle, title, year


class Profile(BaseModel):
    """One scheduled job (``[profiles.NAME]``): where to sync which sources, and how."""

    model_config = ConfigDict(extra="forbid")
    library: str = Field(description="users/ID, groups/ID, local or local:PATH")
    sources: list[str] = Field(min_length=1, description="files (globs allowed), URLs, hf:daily, arxiv:CATEGORY")
    endpoint: str | None = None
    api_key_env: str | None = None
    api_key_file: Path | None = None
    collection: str | None = None  # may hold {date:%Y-%m}
    threshold: float | None = Field(None, ge=0.5, le=1.0)
    resolve: bool | None = None
    recreate_deleted: bool = False
    tag_rules: list[TagRule] = Field(default_factory=list)
    lock_timeout: float = Field(60.0, ge=0, description="seconds to wait for another run on the same library")
    report_dir: Path | None = None

    _no_key = model_validator(mode="before")(no_api_key)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    library: str | None = None  # "local", "local:PATH", "users/N", "groups/N"
    offline: bool = False  # fetch nothing: no remote sources, no lookups
    resolve: bool = True  # look up what digests leave out (arXiv ids, titles), when online
    zotero: ZoteroSettings = Field(default_factory=ZoteroSettings)
    mappings: list[Path] = Field(default_factory=list, description="extra mapping dirs, after the shipped one")
    tags: TagSettings = Field(default_factory=TagSettings)
    dedupe: DedupeSettings = Field(default_factory=DedupeSettings)
    bibtex: BibTeXSettings = Field(default_factory=BibTeXSettings)
    profiles: dict[str, Profile] = Field(default_factory=dict)
    recreate_deleted: bool = False  # items a person deleted from the library are created again
    path: str | None = Field(None, exclude=True)  # the file these came from

    def mapping_dirs(self) -> list[Path]:
        return [default_mapping_dir(), *self.mappings]


def data_dir() -> Path:
    """Where zsync keeps the default local library and caches (``$ZSYNC_HOME`` overrides)."""
    return Path(os.environ.get("ZSYNC_HOME") or platformdirs.user_data_dir("zsync"))


def find_config(explicit: str | Path | None) -> Path | None:
    if explicit:
        return Path(explicit)
    for candidate in (os.environ.get("ZSYNC_CONFIG"), "zsync.toml",
                      Path(platformdirs.user_config_dir("zsync")) / "config.toml"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def load_settings(explicit: str | Path | None = None) -> Settings:
    defaults = tomllib.loads(files("zsync").joinpath("data/defaults.toml").read_text("utf-8"))
    path = find_config(explicit)
    user = read_toml(path) if path else {}
    if path and not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = merge(defaults, user)
    data.setdefault("tags", {})["defaults"] = defaults["tags"]["rules"]
    data["tags"]["rules"] = user.get("tags", {}).get("rules", [])
    if os.environ.get("ZSYNC_OFFLINE"):
        data["offline"] = True
    try:
        return Settings(**data, path=str(path) if path else None)
    except ValidationError as exc:
        text = path.read_text("utf-8") if path else ""
        problems = [located_problem(text, e) for e in exc.errors()]
        raise ConfigError(f"{path or 'defaults'}: invalid configuration", problems=problems) from None


def located_problem(text: str, error: Any) -> str:
    """``line N: key.path: message``, with the allowed keys when a key is unknown."""
    loc = [str(p) for p in error["loc"]]
    where = line_of(text, loc)
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        model = allowed_keys(loc[:-1])
        if model:
            message += f"; allowed: {', '.join(model)}"
    return f"{f'line {where}: ' if where else ''}{'.'.join(loc)}: {message}"


def line_of(text: str, loc: list[str]) -> int:
    """The line of a key path in a TOML text: the deepest table header or key found, in order."""
    lines = text.split("\n")
    found, start = 0, 0
    for depth, key in enumerate(loc):
        table = re.compile(rf"^\s*\[\[?\s*{re.escape('.'.join(loc[:depth + 1]))}\s*\]\]?\s*$")
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, len(lines)):
            if table.match(lines[number]) or assignment.match(lines[number]):
                found, start = number + 1, number + 1
                break
    return found


def allowed_keys(loc: list[str]) -> list[str]:
    model: Any = Settings
    for key in loc:
        field = model.model_fields.get(key) if hasattr(model, "model_fields") else None
        if field is None:
            if model is Settings or not hasattr(model, "model_fields"):
                return []
            continue  # a dict key such as a profile name
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        model = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), annotation)
    return list(getattr(model, "model_fields", {}))


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        result[key] = merge(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) else value
    return result
