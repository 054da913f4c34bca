from django.urls import path

from secondround.hiring import library_views, setup_views

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
    path(
        "jobs/<int:pk>/competencies/library/",
        library_views.copy_from_library,
        name="copy_from_library",
    ),
    path("competencies/", library_views.library, name="competency_library"),
    path("competencies/new/", library_views.library_form, name="library_new"),
    path("competencies/<int:pk>/", library_views.library_form, name="library_edit"),
    path("jobs/<int:pk>/rounds/new/", setup_views.round_form, name="round_new"),
    path("jobs/<int:pk>/rounds/<int:round_pk>/", setup_views.round_form, name="round_edit"),
]
