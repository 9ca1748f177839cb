"""Models of the CCHC section, one module per subject; import them from here."""

from .articles import ArticleIndexPage, ArticlePage, ArticlePageTag, ArticleRelatedProcedure, Topic
from .documents import DocumentLibraryPage, LegalDocument
from .feedback import Feedback, FeedbackFormPage
from .indices import IndexResult, IndexResultsPage
from .plans import PlanPage, PlanTask, ReportPage, ReportTaskProgress
from .section import CCHCSectionFeaturedItem, CCHCSectionHotline, CCHCSectionPage

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "ArticleRelatedProcedure",
    "CCHCSectionFeaturedItem",
    "CCHCSectionHotline",
    "CCHCSectionPage",
    "DocumentLibraryPage",
    "Feedback",
    "FeedbackFormPage",
    "IndexResult",
    "IndexResultsPage",
    "LegalDocument",
    "PlanPage",
    "PlanTask",
    "ReportPage",
    "ReportTaskProgress",
    "Topic",
]
