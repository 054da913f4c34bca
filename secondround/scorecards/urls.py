from django.urls import path

from secondround.hiring import question_views
from secondround.scorecards import concern_views, kit_views, views

urlpatterns = [
    path("interviews/<int:pk>/kit/", kit_views.interview_kit, name="interview_kit"),
    path("interviews/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("interviews/<int:pk>/scorecard/draft", views.scorecard_draft, name="scorecard_draft"),
    path("interviews/<int:pk>/scorecard/submit", views.scorecard_submit, name="scorecard_submit"),
    path(
        "interviews/<int:pk>/scorecard/concerns/raise",
        concern_views.raise_concern,
        name="scorecard_raise_concern",
    ),
    path(
        "interviews/<int:pk>/scorecard/concerns/<int:concern_pk>/resolve",
        concern_views.resolve_concern,
        name="scorecard_resolve_concern",
    ),
    path("scorecards/<int:pk>/edit/", views.scorecard_edit, name="scorecard_edit"),
    # The question bank feeds the interview kit, so it is mounted with it.
    path("questions/", question_views.questions, name="questions"),
    path("questions/<int:pk>/edit/", question_views.question_edit, name="question_edit"),
    path("questions/<int:pk>/active", question_views.question_active, name="question_active"),
]
