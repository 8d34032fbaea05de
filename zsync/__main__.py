"""``python -m zsync`` runs the command line."""

from zsync.cli import main

main()
