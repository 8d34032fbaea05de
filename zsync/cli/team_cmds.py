"""``zsync init``, ``run``, ``schedule`` and ``status``: scheduled team-library updates."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from importlib.resources import files
from pathlib import Path

import click

from zsync.cli.app import App, cli
from zsync.cli.options import as_of_date, json_option
from zsync.errors import ConfigError, ZsyncError


@cli.command()
@click.option("--path", default="zsync.toml", show_default=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: str, force: bool) -> None:
    """Write a commented zsync.toml to start from."""
    target = Path(path)
    if target.exists() and not force:
        raise ZsyncError(f"{target} exists already", hint="use --force to overwrite it")
    target.write_text(files("zsync").joinpath("data/init.toml").read_text("utf-8"), "utf-8")
    click.echo(f"wrote {target}; edit [profiles.nightly], then `zsync run nightly`")


@cli.command()
@click.argument("profile")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="The run's date (collection templates, dates).")
@json_option
@click.pass_obj
def run(app: App, profile: str, as_of, as_json: bool) -> None:
    """Run a profile from the config file, non-interactively (cron, systemd, CI).

    Writes a JSON and an HTML report. Exit codes: 0 success, 3 success with rejected
    entries, 4 configuration error (also a profile's library naming no library), 5 the
    library refused or failed, 6 another run holds the lock, 7 a source could not be read
    (a glob matching nothing, a file giving no papers).

    \b
    Example:
      zsync run nightly
    """
    from zsync.team.runner import report_dir, run_profile

    report = run_profile(profile, app.settings, as_of=as_of_date(as_of), registry=app.registry)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        for line in report.rejected:
            click.secho(f"rejected {line.location}: {line.detail}", fg="yellow", err=True)
        if report.error:
            click.secho(f"Error: {report.error}", fg="red", err=True)
        click.echo(f"{profile}: {report.library}: " + (f"stopped ({report.summary()})" if report.error else report.summary()))
        click.echo(f"report: {report_dir(app.settings, profile) / 'latest.html'}", err=True)
    sys.exit(report.exit_code)


@cli.command()
@click.argument("profile")
@click.option("--cron", is_flag=True, help="A crontab line.")
@click.option("--systemd", is_flag=True, help="A systemd user service and timer.")
@click.option("--github-actions", is_flag=True, help="A GitHub Actions workflow.")
@click.option("--at", default="06:00", show_default=True, help="Time of day, HH:MM (UTC for GitHub Actions).")
@click.option("--install", metavar="COMMAND",
              help="How CI installs zsync (default: the same commit, archive or version as this zsync).")
@click.pass_obj
def schedule(app: App, profile: str, cron: bool, systemd: bool, github_actions: bool, at: str,
             install: str | None) -> None:
    """Print what runs a profile every day: --cron, --systemd or --github-actions.

    \b
    Example:
      zsync schedule nightly --cron >> my-crontab
    """
    from zsync.team import schedule as snippets
    from zsync.team.runner import profile_settings

    settings = profile_settings(app.settings, profile)  # the profile must exist
    kinds = [kind for kind, chosen in (("cron", cron), ("systemd", systemd), ("github-actions", github_actions)) if chosen]
    if len(kinds) != 1:
        raise click.UsageError("choose one of --cron, --systemd, --github-actions")
    kind = kinds[0]
    try:
        hour, minute = (int(part) for part in at.split(":"))
        assert 0 <= hour < 24 and 0 <= minute < 60
    except (ValueError, AssertionError):
        raise click.BadParameter(f"{at!r} is not HH:MM", param_hint="--at") from None
    workdir = Path(app.settings.path).resolve().parent if app.settings.path else Path.cwd()
    exe = zsync_command()
    if kind == "cron":
        click.echo(snippets.cron(profile, hour, minute, workdir, exe))
        if (settings.library or "").startswith(("users/", "groups/")) and not settings.zotero.api_key_file:
            click.secho(f"warning: cron starts `zsync run {profile}` without your shell's environment, so "
                        f"${settings.zotero.api_key_env} will not be set and every run would stop for want of a key: "
                        "set api_key_file (a file only you can read) in [zotero] or the profile", fg="yellow", err=True)
    elif kind == "systemd":
        for name, text in snippets.systemd(profile, hour, minute, workdir, exe).items():
            click.echo(f"# ~/.config/systemd/user/{name}\n{text}")
        click.echo(f"# then: systemctl --user daemon-reload && systemctl --user enable --now zsync-{profile}.timer")
    else:
        config = Path(app.settings.path).name if app.settings.path else "zsync.toml"
        install = install or snippets.install_command(workdir)
        if install is None:
            raise click.UsageError("this zsync was installed from a local folder that CI cannot reach: say how CI "
                                   "installs it, e.g. --install 'pip install git+https://github.com/ORG/zsync@COMMIT'")
        click.echo(snippets.github_actions(profile, hour, minute, config, install), nl=False)


def zsync_command() -> str:
    """How a scheduler starts this zsync: its script beside this Python, on PATH, or ``python -m``."""
    beside = Path(sys.executable).parent / "zsync"
    if beside.exists():
        return shlex.quote(str(beside))
    found = shutil.which("zsync")
    return shlex.quote(found) if found else f"{shlex.quote(sys.executable)} -m zsync"


@cli.command()
@click.argument("profile", required=False)
@json_option
@click.pass_obj
def status(app: App, profile: str | None, as_json: bool) -> None:
    """Show the last runs of each profile, the library version and anything left pending."""
    from zsync.library import open_library
    from zsync.team.runner import past_reports, profile_settings, report_dir

    names = [profile] if profile else sorted(app.settings.profiles)
    if not names:
        where = app.settings.path or "no config file found (./zsync.toml, $ZSYNC_CONFIG, --config)"
        raise ConfigError(f"{where}: no profiles, so no scheduled runs to show",
                          hint="status shows the runs of [profiles.NAME] in the config file; `zsync init` writes one")
    for name in names:
        settings = profile_settings(app.settings, name)
        with open_library(None, settings, create=False) as library:
            version, pending = library.version, library.pending()
        reports = past_reports(report_dir(app.settings, name), limit=5)
        if as_json:
            click.echo(json.dumps({
                "profile": name, "library": settings.library, "library_version": version, "pending_writes": pending,
                "runs": [{"started": r.started_at, "exit_code": r.exit_code, "counts": r.counts(), "error": r.error}
                         for r in reports]}))
            continue
        click.echo(f"{name}: {settings.library}, library version {version}"
                   + (f", {pending} queued write batches (the next sync or run settles them)" if pending else ""))
        for r in reports:
            click.echo(f"  {r.started_at}  exit {r.exit_code}  {r.summary()}" + (f"  ({r.error})" if r.error else ""))
        if not reports:
            click.echo("  no runs yet")
