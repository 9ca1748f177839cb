"""Signals of the public search, for what the host site does with queries (e.g. statistics)."""

from django.dispatch import Signal

# Sent by the search view for the first page of every search, with ``request``, ``query`` (the
# cleaned query) and ``count`` (how many results it found). Without a receiver nothing happens.
query_searched = Signal()
