"""The ``zsync`` command: a thin layer over the library functions, one module per group.

The command modules import only click at their top; what a command runs is imported inside it,
so ``zsync --version`` and ``zsync --help`` load no parser, HTTP client or matcher, and each
command loads only what it uses.
"""

from zsync.cli import dedupe_cmd, export_cmds, read_cmds, sync_cmd, team_cmds  # noqa: F401  (registers the commands)
from zsync.cli.app import cli


def main() -> None:
    cli(prog_name="zsync")


__all__ = ["cli", "main"]
