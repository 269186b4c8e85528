"""Article feedback and search logs: the SQLite store, vote validation, statistics."""
