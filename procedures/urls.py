"""Short addresses of procedures, for QR codes and for reading out on the phone.

Include inside ``i18n_patterns`` so ``/en/thu-tuc/…`` asks for English; without a prefix the
visitor's language (cookie or browser) decides, falling back to Vietnamese.
"""

from django.urls import path, re_path

from . import views

app_name = "procedures"

urlpatterns = [
    path("thu-tuc/id/<int:page_id>/", views.short_id, name="short_id"),
    re_path(r"^thu-tuc/(?P<code>\d\.\d{6}(?:\.[0-9A-Za-z]+)*)/$", views.short_code, name="short_code"),
]
