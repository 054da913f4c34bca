from django.urls import include, path

from secondround.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("secondround.decisions.urls")),
    path("", include("secondround.hiring.setup_urls")),
    path("", include("secondround.hiring.urls")),
    path("", include("secondround.calibration.urls")),
    path("", include("secondround.scorecards.urls")),
    path("", include("secondround.concerns.urls")),
    path("", include("secondround.notifications.urls")),
    path("", include("secondround.scheduling.urls")),
    path("", include("secondround.accounts.urls")),
    path("", include("secondround.portal.urls")),
    path("", include("secondround.audit.urls")),
    path("", include("secondround.webhooks.urls")),
    path("", include("secondround.transfer.urls")),
    path("", include("secondround.privacy.urls")),
    path("", include("secondround.imports.urls")),
]
