"""StreamField blocks of an article body: text, headings, pictures, documents, video, tables, quotes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside the article (h2 or h3, since the page title is the h1)."""

    text = blocks.CharBlock(label=_("text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cchc_pages/blocks/heading.html"


class ImageWithCaptionBlock(blocks.StructBlock):
    """A picture with its caption and a text alternative for screen readers."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        max_length=255,
        help_text=_("What the picture shows, for people who cannot see it. Leave blank to use the caption."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cchc_pages/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a file in the document library (a plan, a decision, a form)."""

    document = DocumentChooserBlock(label=pgettext_lazy("cchc", "document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=255,
        help_text=_("Leave blank to use the file's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "cchc_pages/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said or wrote it."""

    quote = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("source"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cchc_pages/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The blocks an article body may hold."""

    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
    )
    heading = HeadingBlock()
    image = ImageWithCaptionBlock()
    document = DocumentLinkBlock()
    video = EmbedBlock(
        label=_("Video"), icon="media", help_text=_("The address of a video page, e.g. on YouTube.")
    )
    table = TableBlock(label=pgettext_lazy("cchc", "Table"), icon="table")
    quote = QuoteBlock()
