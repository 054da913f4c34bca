from django.urls import path

from secondround.hiring import setup_views

urlpatterns = [
    path("jobs/", setup_views.jobs, name="jobs"),
    path("jobs/new/", setup_views.job_new, name="job_new"),
    path("jobs/<int:pk>/setup/", setup_views.job_setup, name="job_setup"),
    path("jobs/<int:pk>/competencies/new/", setup_views.competency_form, name="competency_new"),
    path(
        "jobs/<int:pk>/competencies/<int:competency_pk>/",
        setup_views.competency_form,
        name="competency_edit",
    ),
    path("jobs/<int:pk>/rounds/new/", setup_views.round_form, name="round_new"),
    path("jobs/<int:pk>/rounds/<int:round_pk>/", setup_views.round_form, name="round_edit"),
]
