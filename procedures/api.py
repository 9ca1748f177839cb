"""Read-only public API (Wagtail API v2): procedures with their structured fields.

The site includes ``api_router.urls`` at ``/api/v2/`` (config/urls.py). ``/api/v2/procedures/``
lists procedure pages with every structured field; ``?fields=*`` adds all of them to a listing.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .models import ProcedurePage


class ProceduresAPIViewSet(PagesAPIViewSet):
    """Live procedure pages; the detail view shows every field in ``ProcedurePage.api_fields``."""

    model = ProcedurePage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "code",
        "status",
        "field_name",
        "levels",
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["code", "status"])

    def get_queryset(self):
        queryset = super().get_queryset()
        code = self.request.GET.get("code")
        if code:
            queryset = queryset.filter(code=code)
        status = self.request.GET.get("status")
        if status:
            queryset = queryset.filter(status=status)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("procedures", ProceduresAPIViewSet)
