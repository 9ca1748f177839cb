"""Public download of the procedure list an index page shows (include in the site's URLconf).

``reverse("procedures_export:index_xlsx", args=[index_page.pk])``; the index page's filters
(field, level, status …) travel in the query string.
"""

from django.urls import path

from . import views

app_name = "procedures_export"

urlpatterns = [
    path(
        "thu-tuc/tai-ve/<int:index_id>.xlsx", views.public_export, {"file_format": "xlsx"}, name="index_xlsx"
    ),
    path("thu-tuc/tai-ve/<int:index_id>.csv", views.public_export, {"file_format": "csv"}, name="index_csv"),
]
