"""Running a profile non-interactively (``zsync run NAME``), for cron, systemd and CI.

A run: the profile's settings on top of the file's, a lock on the library, the sync, and a
report (JSON and HTML) written whatever happens, with an exit code that says how it went:

    0 success · 3 success, but some entries were rejected · 4 configuration error
    5 the library refused or failed · 6 another run holds the lock
"""

from __future__ import annotations

import datetime as dt
import glob
import json
from pathlib import Path

import httpx2

from zsync.config import Settings, ZoteroSettings, data_dir
from zsync.errors import ConfigError, ZsyncError
from zsync.fetch import Fetcher, is_remote
from zsync.library import open_library
from zsync.team.lock import LibraryLock
from zsync.report import RunReport, utc_now
from zsync.team.report_html import render
from zsync.sources import ParseContext, SourceRegistry
from zsync.sync import run_sync


def profile_settings(settings: Settings, name: str) -> Settings:
    """The settings a profile runs with: its own values over the file's."""
    if name not in settings.profiles:
        known = ", ".join(sorted(settings.profiles)) or "none"
        raise ConfigError(f"{settings.path or 'config'}: no profile {name!r} (profiles: {known})",
                          hint="add [profiles.NAME] to the config file; `zsync init` writes an example")
    profile = settings.profiles[name]
    zotero = settings.zotero.model_copy(update={k: v for k, v in {
        "endpoint": profile.endpoint, "api_key_env": profile.api_key_env, "api_key_file": profile.api_key_file,
    }.items() if v is not None})
    tags = settings.tags.model_copy(update={"rules": [*settings.tags.rules, *profile.tag_rules]})
    library = profile.library
    if library.startswith("local:") and not Path(library[6:]).expanduser().is_absolute():
        library = f"local:{config_base(settings) / library[6:]}"  # relative to the config file, like sources
    return settings.model_copy(update={
        "library": library, "library_from": f"{settings.path}: profiles.{name}.library", "zotero": ZoteroSettings.model_validate(zotero.model_dump()),
        "dedupe": settings.with_threshold(profile.threshold).dedupe, "tags": tags,
        "resolve": settings.resolve if profile.resolve is None else profile.resolve,
        "recreate_deleted": profile.recreate_deleted,
        "desktop": settings.desktop.model_copy(update={  # a desktop profile's endpoint is the app's
            "endpoint": profile.endpoint if profile.endpoint and library.startswith("desktop") else settings.desktop.endpoint}),
    })


def collection_name(template: str | None, as_of: dt.date) -> str | None:
    """The profile's collection for a run on ``as_of``; a template naming anything but ``date``
    (``{month}``) or with a broken field is a configuration error."""
    if not template:
        return None
    try:
        return template.format(date=as_of)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"collection template {template!r}: {type(exc).__name__} {exc}",
                          hint='the template may use {date}, with a strftime format: "Daily/{date:%Y-%m}"') from None


def expand_sources(sources: list[str], base: Path) -> list[str]:
    """Files (globs, relative to the config file) and remote sources, in order."""
    found: list[str] = []
    for source in sources:
        if is_remote(source) and not (base / source).exists():
            found.append(source)  # a URL or a named remote source
            continue
        pattern = source if Path(source).is_absolute() else str(base / source)
        matches = sorted(glob.glob(pattern))
        found += matches if matches else [pattern]  # a missing file is reported by the sync
    return found


def report_dir(settings: Settings, name: str) -> Path:
    profile = settings.profiles[name]
    if profile.report_dir:
        return profile.report_dir if profile.report_dir.is_absolute() else config_base(settings) / profile.report_dir
    return data_dir() / "reports" / name


def config_base(settings: Settings) -> Path:
    return Path(settings.path).resolve().parent if settings.path else Path.cwd()


def run_profile(name: str, settings: Settings, *, as_of: dt.date | None = None, registry: SourceRegistry | None = None,
                fetcher: Fetcher | None = None, client: httpx2.Client | None = None) -> RunReport:
    """Run one profile; the report (with its exit code) is written to the profile's report dir."""
    as_of = as_of or dt.date.today()
    run_settings = profile_settings(settings, name)
    profile = settings.profiles[name]
    report = RunReport(library=profile.library, profile=name)
    try:
        collection = collection_name(profile.collection, as_of)
        sources = expand_sources(profile.sources, config_base(settings))
        with open_library(None, run_settings, client=client) as library, \
                LibraryLock(library.lock_file(data_dir()), library.id, profile.lock_timeout, f"zsync run {name}"):
            library.ready_to_write()
            report = run_sync(sources, library, run_settings, registry=registry, context=ParseContext(as_of=as_of),
                              collection=collection, fetcher=fetcher)
            report.profile = name
        report.exit_code = report.outcome(strict=True)
    except ZsyncError as exc:
        report.error, report.exit_code = exc.message, exc.exit_code
    report.finished_at = report.finished_at or utc_now()
    write_report(report, report_dir(settings, name), name)
    return report


def write_report(report: RunReport, directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report.started_at.replace(":", "").replace("+0000", "Z")
    path, number = directory / f"{stamp}.json", 1
    while path.exists():  # two runs in one second
        number += 1
        path = directory / f"{stamp}-{number}.json"
    text = report.model_dump_json(indent=2)
    path.write_text(text, "utf-8")
    (directory / "latest.json").write_text(text, "utf-8")
    html = render(report, f"zsync run {name}")
    path.with_suffix(".html").write_text(html, "utf-8")
    (directory / "latest.html").write_text(html, "utf-8")
    return path


def past_reports(directory: Path, limit: int = 10) -> list[RunReport]:
    paths = sorted((p for p in directory.glob("*.json") if p.name != "latest.json"), reverse=True)[:limit]
    return [RunReport.model_validate(json.loads(p.read_text("utf-8"))) for p in paths]
