"""Errors the CLI turns into a one-line message and a non-zero exit."""


class StanceError(Exception):
    """A user-facing error: bad input, bad model, bad config. Exit code 1."""

    exit_code = 1


class UsageError(StanceError):
    """The command line itself is wrong. Exit code 2."""

    exit_code = 2


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (library errors can run to pages)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
