"""`python -m vidensbank` runs the CLI."""

from vidensbank.cli import main

main()
