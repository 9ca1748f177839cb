"""RSS and Atom feeds of an article index (Django syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """The newest articles under one article index, as RSS 2.0."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return obj.search_description or _("Administrative reform news")

    def items(self, obj):
        return obj.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(7, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.topic.name] if item.topic else []


class ArticleAtomFeed(ArticleFeed):
    """The same articles as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
