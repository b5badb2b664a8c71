"""stancemap: who said what, when, about which side of a conflict."""

__version__ = "0.1.0"
