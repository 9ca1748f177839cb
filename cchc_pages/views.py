"""Thin views of the feedback page: the form, its 429 answer, and the status lookup."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import FeedbackForm, LookupForm
from .models import Feedback
from .submissions import client_address, over_rate_limit, save_submission


def feedback_form(request, page):
    context = page.get_context(request)
    if request.method == "POST":
        if over_rate_limit(client_address(request)):
            context["error_message"] = _(
                "You have sent too many messages in a short time. Please try again later, "
                "or call the hotline."
            )
            return TemplateResponse(request, "cchc_pages/feedback_limited.html", context, status=429)
        form = FeedbackForm(request.POST, locale=page.locale)
        if form.is_spam:
            return TemplateResponse(request, "cchc_pages/feedback_thanks.html", context)
        if form.is_valid():
            context["feedback"] = save_submission(page, form.cleaned_data)
            return TemplateResponse(request, "cchc_pages/feedback_thanks.html", context)
    else:
        initial = {}
        procedure_id = request.GET.get("procedure", "")
        if procedure_id.isdigit():
            initial["related_procedure"] = int(procedure_id)
        form = FeedbackForm(locale=page.locale, initial=initial)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context)


@never_cache  # the status and reply change without a purge (feedback purges nothing)
def feedback_lookup(request, page):
    context = page.get_context(request)
    form = LookupForm(request.GET or None)
    feedback = None
    searched = False
    if form.is_valid():
        searched = True
        feedback = Feedback.objects.filter(reference=form.cleaned_data["code"]).first()
    context.update(lookup_form=form, feedback=feedback, searched=searched)
    return TemplateResponse(request, "cchc_pages/feedback_lookup.html", context)
