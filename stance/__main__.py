"""`python -m stance` runs the CLI where the package is on the path but not installed."""

from stance.cli.main import app

app()
