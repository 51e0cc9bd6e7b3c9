"""confkit: one spreadsheet in, everything a study day or a conference needs out."""

__version__ = "0.1.0"
