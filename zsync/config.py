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
from pydantic import BaseModel, ConfigDict, Field, model_validator

from zsync.errors import ConfigError
from zsync.private import warn_if_readable_by_others
from zsync.tomlfile import Regex, line_of, parse_toml, read_toml, validate


def default_mapping_dir() -> Path:
    """``mappings/`` inside an installed wheel, else the one beside the package in a checkout."""
    packaged = Path(__file__).parent / "mappings"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "mappings"


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
                text = Path(path).expanduser().read_text("utf-8")
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read the API key file: {exc.strerror}") from None
            return key_in_file(text, str(path), self.api_key_env)
        return os.environ.get(self.api_key_env) or None


#: ``ZOTERO_API_KEY=abc`` (an environment file, as systemd's EnvironmentFile reads it), ``export`` too
ASSIGNMENT = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")


def key_in_file(text: str, path: str, variable: str) -> str:
    """The key a key file holds: the file is the key alone, or an environment file setting
    ``variable`` (the one file serves ``--api-key-file`` and a systemd ``EnvironmentFile``).
    An empty file, or one that holds something else, is an error naming the file."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise ConfigError(f"{path}: the API key file is empty",
                          hint="write the key (and nothing else) into it; keys are at https://www.zotero.org/settings/keys")
    for line in lines:
        m = ASSIGNMENT.fullmatch(line)
        if m and m[1] == variable and m[2].strip("'\""):
            return m[2].strip("'\"")
    if len(lines) == 1 and not ASSIGNMENT.fullmatch(lines[0]) and " " not in lines[0]:
        return lines[0]
    raise ConfigError(f"{path}: the API key file holds no key: not the key alone, nor a line {variable}=KEY")


class DesktopSettings(BaseModel):
    """The Zotero desktop app (``--library desktop``): where its local API listens."""

    model_config = ConfigDict(extra="forbid")
    endpoint: str = "http://localhost:23119/api"


class PdfSettings(BaseModel):
    """Each arXiv paper's PDF, as Zotero's arXiv importer gives it ("Preprint PDF")."""

    model_config = ConfigDict(extra="forbid")
    #: link: a linked URL to the PDF (no download, no storage); file: the PDF downloaded and
    #: stored in the library (Zotero file storage, or beside a local library file); none
    mode: Literal["link", "file", "none"] = "link"
    arxiv_url: str = Field("https://arxiv.org/pdf/{id}", description="where an arXiv paper's PDF is; {id} is its arXiv id")

    @model_validator(mode="after")
    def _has_id(self) -> "PdfSettings":
        if "{id}" not in self.arxiv_url:
            raise ValueError("arxiv_url must contain {id}, where the arXiv id goes")
        return self

    def url(self, arxiv_id: str) -> str:
        return self.arxiv_url.replace("{id}", arxiv_id)


class BibTeXSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    citekey_format: str = "{auth}{shorttitle}{year}"  # parts: auth, Auth, shorttitle, title, year


class Profile(BaseModel):
    """One scheduled job (``[profiles.NAME]``): where to sync which sources, and how."""

    model_config = ConfigDict(extra="forbid")
    library: str = Field(description="users/ID, groups/ID, desktop, desktop:groups/ID, local or local:PATH")
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
    library: str | None = None  # "local", "local:PATH", "users/N", "groups/N", "desktop", "desktop:groups/N"
    offline: bool = False  # fetch nothing: no remote sources, no lookups
    resolve: bool = True  # look up what digests leave out (arXiv ids, titles), when online
    zotero: ZoteroSettings = Field(default_factory=ZoteroSettings)
    desktop: DesktopSettings = Field(default_factory=DesktopSettings)
    pdf: PdfSettings = Field(default_factory=PdfSettings)
    mappings: list[Path] = Field(default_factory=list, description="extra mapping dirs, after the shipped one")
    tags: TagSettings = Field(default_factory=TagSettings)
    dedupe: DedupeSettings = Field(default_factory=DedupeSettings)
    bibtex: BibTeXSettings = Field(default_factory=BibTeXSettings)
    profiles: dict[str, Profile] = Field(default_factory=dict)
    recreate_deleted: bool = False  # items a person deleted from the library are created again
    path: str | None = Field(None, exclude=True)  # the file these came from
    #: where ``library`` was set ("zsync.toml: line 3: library"), so a wrong value names it
    library_from: str | None = Field(None, exclude=True)

    def mapping_dirs(self) -> list[Path]:
        return [default_mapping_dir(), *self.mappings]

    def with_threshold(self, threshold: float | None) -> "Settings":
        """These settings with the title ``threshold`` of a command line or profile (``None``: as they are).

        Every command that takes ``--threshold`` overrides it here, so the value is checked
        against the same bounds as in the config file.
        """
        if threshold is None:
            return self
        dedupe = DedupeSettings.model_validate({**self.dedupe.model_dump(), "threshold": threshold})
        return self.model_copy(update={"dedupe": dedupe})

    def with_pdf(self, mode: str | None) -> "Settings":
        """These settings with the PDF ``mode`` of a command line (``None``: as they are)."""
        if mode is None:
            return self
        return self.model_copy(update={"pdf": PdfSettings.model_validate({**self.pdf.model_dump(), "mode": mode})})


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
    """The shipped defaults overlaid with the config file (see the module docstring).

    Raises :class:`ConfigError` naming the file and the line of each problem.
    """
    defaults = parse_toml(files("zsync").joinpath("data/defaults.toml").read_text("utf-8"), "zsync/data/defaults.toml").data
    path = find_config(explicit)
    if path and not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    file = read_toml(path) if path else None
    user = file.data if file else {}
    data = merge(defaults, user)
    data.setdefault("tags", {})["defaults"] = defaults["tags"]["rules"]
    data["tags"]["rules"] = user.get("tags", {}).get("rules", [])
    if os.environ.get("ZSYNC_OFFLINE"):
        data["offline"] = True
    library_from = f"{path}: line {line_of(file.text, ['library'])}: library" if file and "library" in user else None
    return validate(Settings, data, text=file.text if file else "", where=str(path or "defaults"),
                    what="invalid configuration", path=str(path) if path else None, library_from=library_from)


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        result[key] = merge(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) else value
    return result
