"""Seller-name matching against watchlists: romanization-aware, blocked, explained.

index = NameIndex(entities)
reasons = index.match("Dandong Kumsang Trade")   # list[Reason], kind="seller"
"""

from matchers.names.index import NameIndex

__all__ = ["NameIndex"]
