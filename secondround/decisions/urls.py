from django.urls import path

from secondround.decisions import decision_views, views

urlpatterns = [
    path("applications/<int:pk>/decision/", views.propose_decision, name="propose_decision"),
    path("decisions/<int:pk>/", decision_views.decision, name="decision"),
    path("decisions/<int:pk>/verdict/", decision_views.give_verdict, name="give_verdict"),
    path(
        "decisions/<int:pk>/withdraw/", decision_views.withdraw_decision, name="withdraw_decision"
    ),
    path("decisions/<int:pk>/record/", views.decision_record, name="decision_record"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/policy/", decision_views.approval_policy, name="approval_policy"),
]
