"""revtrack: track news articles that keep changing after publication."""

__version__ = "0.1.0"

__all__ = ["__version__"]
