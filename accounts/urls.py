from django.urls import path

from . import views

app_name = "accounts_second_factor"
urlpatterns = [
    path("", views.SetupView.as_view(), name="setup"),
    path("code/", views.VerifyView.as_view(), name="verify"),
]
