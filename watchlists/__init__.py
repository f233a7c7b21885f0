"""Watchlists: the entity model, importers for real-world list formats, and the bundled list."""
