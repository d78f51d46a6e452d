"""The version, in one leaf module: the package, the CLI and TMX headers read it."""

__version__ = "0.1.0"
