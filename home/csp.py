"""Content-Security-Policy: one strict policy for public pages, a wider one for the admin.

Wagtail's admin still relies on inline scripts (wagtail/wagtail#1288), so paths under
``settings.CSP_ADMIN_PREFIXES`` get ``settings.CSP_ADMIN_REPLACE`` merged over the site policy.
Public pages allow no inline script apart from the hashes in ``settings.CSP_INLINE_SCRIPTS``;
they use no nonce, so a cached page stays valid for every visitor.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's replacement directives applied by path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            parts.replace = {**getattr(settings, "CSP_ADMIN_REPLACE", {}), **(parts.replace or {})}
        return parts
