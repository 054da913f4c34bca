from django.contrib import admin
from django.urls import include, path

from secondround.api.api import api
from secondround.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("secondround.web.urls")),
]
