"""Errors the CLI turns into a one-line message and a non-zero exit."""


class StanceError(Exception):
    """A user-facing error: bad input, bad model, bad config. Exit code 1."""

    exit_code = 1


class UsageError(StanceError):
    """The command line itself is wrong. Exit code 2."""

    exit_code = 2
