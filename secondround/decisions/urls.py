from django.urls import path

from secondround.decisions import views

urlpatterns = [
    path("applications/<int:pk>/decision/", views.propose_decision, name="propose_decision"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/verdict/", views.give_verdict, name="give_verdict"),
    path("decisions/<int:pk>/withdraw/", views.withdraw_decision, name="withdraw_decision"),
    path("decisions/<int:pk>/record/", views.decision_record, name="decision_record"),
    path("approvals/", views.approvals, name="approvals"),
]
