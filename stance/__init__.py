"""stance: where the sources quoted in a text agree and where they contradict each other."""

__version__ = "0.1.0"
