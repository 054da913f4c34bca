from django.contrib import admin
from django.urls import include, path

from secondround.accounts import password_reset
from secondround.api.api import api
from secondround.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Password reset with e-mail limits and audit events; the rest is Django's.
    path(
        "accounts/password_reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("secondround.web.urls")),
]
