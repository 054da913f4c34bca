from django.urls import path

from secondround.imports import views

urlpatterns = [
    path("imports/", views.upload, name="import_upload"),
    path("imports/<int:pk>/", views.preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", views.confirm, name="import_confirm"),
]
