"""The ``zsync`` command group, its shared context and its one error translator."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from zsync import __version__
from zsync.errors import ExitCode, ZsyncError

if TYPE_CHECKING:
    from zsync.config import Settings
    from zsync.sources import SourceRegistry


@dataclass
class App:
    """What every command needs, built once in the group callback."""

    config_path: str | None
    verbose: bool
    quiet: bool = False

    def say(self, message: str, err: bool = False, **style: Any) -> None:
        """Progress, summaries and warnings: nothing with ``--quiet`` (errors and data still show)."""
        if not self.quiet:
            click.secho(message, err=err, **style)

    @cached_property
    def settings(self) -> Settings:
        from zsync.config import load_settings

        return load_settings(self.config_path)

    @cached_property
    def registry(self) -> SourceRegistry:
        from zsync.sources import SourceRegistry

        return SourceRegistry.from_entry_points()


def echo_error(error: ZsyncError) -> None:
    click.secho(f"Error: {error.message}", fg="red", err=True)
    for problem in error.problems:
        click.echo(f"  - {problem}", err=True)
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)


class ZsyncGroup(click.Group):
    """Turns :class:`ZsyncError` into ``Error: …`` plus problems and hint, with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ZsyncError as error:
            echo_error(error)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C: say what state things are in, exit as shells expect
            click.echo("\ninterrupted: what was written is in the library and remembered; "
                       "run the same command again to continue", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:  # `zsync list | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(ExitCode.OK)
        except Exception as error:
            if ctx.obj is not None and ctx.obj.verbose:
                raise
            click.secho(f"Error: unexpected {type(error).__name__}: {error}", fg="red", err=True)
            click.echo("rerun with -v for the traceback", err=True)
            ctx.exit(ExitCode.FAILURE)


@click.group(cls=ZsyncGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zsync")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="ZSYNC_CONFIG",
              help="Config file (default: ./zsync.toml, then the user config dir).")
@click.option("-v", "--verbose", is_flag=True, help="Show more detail, and tracebacks for unexpected errors.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the command's own output (no summaries or warnings).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool, quiet: bool) -> None:
    """Turn paper digests into a clean, deduplicated Zotero library.

    \b
    zsync sync digest.txt             parse, deduplicate, write to the library
    zsync parse digest.txt --json     see what zsync reads from a digest
    zsync list                        what the library holds
    zsync formats                     the digest formats zsync knows

    With no library configured, zsync writes to a local library file (the embedded
    default); see `zsync sync --help` for --library.
    """
    if verbose and quiet:
        raise click.UsageError("--verbose and --quiet: choose one")
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(levelname)s: %(message)s",
                        stream=sys.stderr)
    if verbose:  # zsync's own debug lines, not every HTTP library's
        logging.getLogger("zsync").setLevel(logging.DEBUG)
    if os.environ.get("NO_COLOR"):  # https://no-color.org; click already drops colour when not on a terminal
        ctx.color = False
    ctx.obj = App(config_path=config_path, verbose=verbose, quiet=quiet)
