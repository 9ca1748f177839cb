"""Signals the plugin sends for its hosts.

``content_changed`` is sent once the import's transaction has committed: the import publishes
many pages in one transaction, and a cache purged only from inside it (on ``page_published``)
can be filled again with the old content by a reader before the commit. A host connects its
cache purge to it (the portal lists it in ``PAGE_CACHE_PURGE_SIGNALS``).
"""

from django.dispatch import Signal

content_changed = Signal()
