"""Territories by date: the regions and districts of any day, and the moves between them."""
