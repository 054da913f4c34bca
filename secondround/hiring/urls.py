from django.urls import path

from secondround.hiring import (
    candidate_list,
    candidate_views,
    interview_views,
    note_views,
    pipeline_views,
    views,
)

urlpatterns = [
    path("candidates/", candidate_list.candidates, name="candidates"),
    path("candidates/new/", candidate_views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", candidate_views.candidate, name="candidate"),
    path("candidates/<int:pk>/cv/", candidate_views.candidate_cv, name="candidate_cv"),
    path("jobs/<int:pk>/pipeline/", pipeline_views.pipeline, name="pipeline"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/notes/", note_views.note_add, name="note_add"),
    path("notes/<int:pk>/edit/", note_views.note_edit, name="note_edit"),
    path("applications/<int:pk>/advance/", pipeline_views.advance, name="advance"),
    path("applications/<int:pk>/move/", pipeline_views.move, name="move_stage"),
    path("applications/<int:pk>/reject/", pipeline_views.reject, name="reject"),
    path("applications/<int:pk>/withdraw/", pipeline_views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/interviews/new/",
        interview_views.interview_new,
        name="interview_new",
    ),
    path("interviews/<int:pk>/edit/", interview_views.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", interview_views.interview_cancel, name="interview_cancel"),
]
