"""``python -m lpskg`` runs the command line."""
from .cli import main

main()
