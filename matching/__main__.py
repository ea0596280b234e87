"""``python -m matching`` runs the command-line interface."""

from matching.cli import main

main()
