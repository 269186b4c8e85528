"""helpgen: build a branded, searchable help center from a folder of markdown articles."""

__version__ = "0.2.0.dev0"
