from django.urls import path

from secondround.audit import trail

urlpatterns = [
    path("audit/", trail.audit_trail, name="audit_trail"),
    path("audit/export.csv", trail.audit_export, name="audit_export"),
]
