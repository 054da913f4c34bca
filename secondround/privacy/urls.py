from django.urls import path

from secondround.privacy import views

urlpatterns = [
    path("candidates/<int:pk>/privacy/", views.candidate_privacy, name="candidate_privacy"),
    path("candidates/<int:pk>/privacy/erase/", views.erase, name="candidate_erase"),
    path(
        "candidates/<int:pk>/privacy/access.json", views.access_json, name="candidate_access_json"
    ),
    path(
        "candidates/<int:pk>/privacy/access.html", views.access_html, name="candidate_access_html"
    ),
    path("settings/retention/", views.retention_settings, name="retention_settings"),
]
