"""News and articles of the section (tin, bài): topics, the article index with feeds, articles."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from ..blocks import ArticleBodyBlock
from ..procedure_links import PROCEDURE_CHOOSER_TYPES

ARTICLES_PER_PAGE = 10
# Plain share links (no third-party script); override with the CCHC_SHARE_TARGETS setting.
DEFAULT_SHARE_TARGETS = [
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Zalo", "https://sp.zalo.me/share_inline?url={url}"),
]


class TopicQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A subject of administrative reform that articles are filed under (managed list).

    The list comes from the 2021 communication plan: the reform areas it names.
    """

    name = models.CharField(
        pgettext_lazy("cchc", "name"), max_length=255, help_text=_("e.g. Cải cách thủ tục hành chính.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Shown on the topic's listing."))
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Topics with a lower number are listed first.")
    )

    objects = TopicQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    def __str__(self):
        return self.name

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name"]


class ArticleIndexPage(RoutablePageMixin, Page):
    """The list of news and articles, filterable by topic and year, with RSS and Atom feeds."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two above the list."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def articles(self):
        """Live, public articles under this page, newest first, with what a listing shows."""
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("topic", "feed_image")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def topics(self):
        return Topic.objects.filter(locale_id=self.locale_id)

    def years(self):
        return [day.year for day in self.articles().dates("date", "year", order="DESC")]

    @staticmethod
    def _int_param(request, name):
        try:
            return int(request.GET.get(name, ""))
        except ValueError:
            return None

    @path("")
    def listing(self, request):
        topic_id = self._int_param(request, "topic")
        articles = self.articles()
        topics = list(self.topics())
        topic = next((t for t in topics if t.pk == topic_id), None)
        if topic is not None:
            articles = articles.filter(topic=topic)
        years = self.years()
        year = self._int_param(request, "year")
        if year in years:  # only a listed year: others (0, 10000) would break the date lookup
            articles = articles.filter(date__year=year)
        else:
            year = None
        paginator = Paginator(articles.prefetch_related("feed_image__renditions"), ARTICLES_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "articles": page_obj,
                "topics": topics,
                "selected_topic": topic,
                "years": years,
                "selected_year": year,
                "filter_query": query.urlencode(),
            },
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from ..feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from ..feeds import ArticleAtomFeed

        return ArticleAtomFeed(self)(request)

    parent_page_types = ["cchc_pages.CCHCSectionPage"]
    subpage_types = ["cchc_pages.ArticlePage"]

    class Meta:
        verbose_name = _("article index")


class ArticlePageTag(TaggedItemBase):
    """Free tags of an article, for readers who follow a subject across topics."""

    content_object = ParentalKey(
        "cchc_pages.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """A news item or article about administrative reform, written by a unit of the department."""

    date = models.DateField(
        _("date"), default=datetime.date.today, help_text=_("The date the article carries; newest first.")
    )
    author = models.CharField(
        _("author or unit"),
        max_length=255,
        blank=True,
        help_text=_("Who wrote it, or the unit it comes from, e.g. Văn phòng Sở."),
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The reform area the article belongs to."),
    )
    summary = models.TextField(
        pgettext_lazy("cchc", "summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in lists, feeds and when the article is shared."),
    )
    feed_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("feed image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the article is shared on Facebook or Zalo."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(
        through=ArticlePageTag, blank=True, verbose_name=pgettext_lazy("cchc", "tags")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("topic"), FieldPanel("tags")],
            heading=_("About the article"),
        ),
        FieldPanel("summary"),
        FieldPanel("feed_image"),
        FieldPanel("body"),
        InlinePanel("related_procedures", label=pgettext_lazy("cchc", "Related procedures")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("topic", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_procedures"] = [
            link.procedure
            for link in self.related_procedures.select_related("procedure").filter(procedure__live=True)
        ]
        share_url = self.get_full_url(request)
        context["share_url"] = share_url
        targets = getattr(settings, "CCHC_SHARE_TARGETS", DEFAULT_SHARE_TARGETS)
        context["share_links"] = [
            {"name": name, "url": template.format(url=quote(share_url, safe=""))}
            for name, template in targets
        ]
        return context

    @property
    def description(self):
        """The text shown in lists, feeds and share previews."""
        return self.summary or self.search_description

    parent_page_types = ["cchc_pages.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


class ArticleRelatedProcedure(Orderable):
    """A procedure page an article is about, linked at its foot."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_procedures")
    procedure = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=pgettext_lazy("cchc", "procedure"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("procedure", PROCEDURE_CHOOSER_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("related procedure")
        verbose_name_plural = _("related procedures")
