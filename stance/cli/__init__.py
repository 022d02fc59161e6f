"""Thin typer commands: parse, validate, call a library function."""
