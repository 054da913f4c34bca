from django.urls import path

from secondround.calibration import views

urlpatterns = [
    path("jobs/<int:job_pk>/compare/", views.compare, name="compare"),
    path("calibration/", views.calibration_report, name="calibration_report"),
    path("calibration/refresh/", views.recalibrate, name="recalibrate"),
    path("calibration/status/", views.calibration_status, name="calibration_status"),
]
