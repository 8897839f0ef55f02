"""``python -m narrator`` runs the ``narrate`` command."""

from narrator.cli import main

main()
