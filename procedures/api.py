"""Read-only public API (Wagtail API v2): procedures with their structured fields.

The site includes ``api_router.urls`` at ``/api/v2/`` (config/urls.py). ``/api/v2/procedures/``
lists procedure pages with every structured field; ``?fields=*`` adds all of them to a listing.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .models import ProcedurePage


class ProceduresAPIViewSet(PagesAPIViewSet):
    """Live procedure pages; the detail view shows every field in ``ProcedurePage.api_fields``.

    ``?code=`` and ``?status=`` filter on those fields. There is no ``?type=``: this endpoint
    lists procedures only (another type would list other pages, or fail on their fields).
    """

    model = ProcedurePage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "code",
        "status",
        "field_name",
        "levels",
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type"}

    def get_queryset(self):
        return ProcedurePage.objects.filter(pk__in=self.get_base_queryset().values_list("pk", flat=True))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("procedures", ProceduresAPIViewSet)
