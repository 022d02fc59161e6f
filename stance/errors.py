"""The exceptions stance raises for problems a user can fix, and how the CLI reports them.

Every error meant for the user is a :class:`StanceError`: a bad input, model, config or option.
Its message is one line that names the file (or option) and says what is wrong, the same line
the ``stance`` command prints after ``error:``. Library code catches ``StanceError`` alone to
tell these apart from bugs::

    >>> import stance
    >>> try:
    ...     stance.AnalyzeSettings.load("no-such-config.yaml")
    ... except stance.StanceError as exc:
    ...     print(exc)
    no-such-config.yaml: config file not found
"""


class StanceError(Exception):
    """A user-facing error: bad input, bad model, bad config. The CLI exits with code 1.

    The base class of every error stance raises on purpose; ``exit_code`` is the exit status
    the ``stance`` command gives it.
    """

    exit_code = 1


class UsageError(StanceError):
    """The request itself is wrong: a bad option, or an output that exists. Exit code 2."""

    exit_code = 2


class NoClaimsError(StanceError):
    """The article has no attributed claims, so there is nothing to compare."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (library errors can run to pages)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
