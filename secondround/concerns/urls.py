from django.urls import path

from secondround.concerns import ledger_views, views

urlpatterns = [
    path("concerns/<int:pk>/close/", views.close_concern, name="close_concern"),
    path("concerns/<int:pk>/owner/", ledger_views.assign_concern, name="assign_concern"),
    path("jobs/<int:job_pk>/concerns/", ledger_views.job_concerns, name="job_concerns"),
]
