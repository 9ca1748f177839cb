"""schema.org ``GovernmentService`` JSON-LD and OpenGraph values for a procedure page."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator


def summary(page):
    """A one-line description: the search description, else field, time and fee."""
    if page.search_description:
        return page.search_description
    parts = []
    if page.field_id:
        parts.append(page.field.name)
    if page.processing_time:
        parts.append(page.processing_time)
    if page.fee:
        parts.append(page.fee)
    return Truncator(" – ".join(parts) or strip_tags(page.description or "")).chars(300)


def government_service(page, request, sections=None):
    """The JSON-LD object describing the procedure as a schema.org GovernmentService."""
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "url": url,
        "inLanguage": page.locale.language_code,
        "description": summary(page),
    }
    if page.code:
        data["identifier"] = page.code
    if page.field_id:
        data["serviceType"] = page.field.name
    if page.applicants:
        data["audience"] = {"@type": "Audience", "audienceType": page.applicants}
    provider = page.handling_agency
    if provider is not None:
        data["provider"] = {"@type": "GovernmentOrganization", "name": provider.name}
        if provider.address:
            data["provider"]["address"] = provider.address
        if provider.phone:
            data["provider"]["telephone"] = provider.phone
    if page.online_service_url:
        data["availableChannel"] = {
            "@type": "ServiceChannel",
            "serviceUrl": page.online_service_url,
            "name": str(page.get_online_service_level_display()),
        }
    if page.receiving_address:
        data.setdefault("areaServed", {"@type": "AdministrativeArea", "name": page.receiving_address})
    if page.status in ("replaced", "abolished"):
        data["termsOfService"] = str(page.get_status_display())
    return data


def json_ld_script(data):
    """The data as a ``<script type="application/ld+json">`` element, safe to embed."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
