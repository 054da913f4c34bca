from django.urls import path

from secondround.portal import candidate_views as candidate
from secondround.portal import team_views as team

urlpatterns = [
    # The candidate's pages: the private link's token is the only key.
    path("p/<str:token>/", candidate.home, name="portal_home"),
    path("p/<str:token>/values/", candidate.values, name="portal_candidate_values"),
    path("p/<str:token>/interviews/<int:pk>.ics", candidate.interview_ics, name="portal_ics"),
    path("p/<str:token>/topics/<int:pk>/", candidate.answer_topic, name="portal_answer"),
    path("p/<str:token>/applications/<int:pk>/documents/", candidate.documents,
         name="portal_documents"),
    path("p/<str:token>/applications/<int:pk>/reschedule/", candidate.reschedule,
         name="portal_reschedule"),
    path("p/<str:token>/applications/<int:pk>/withdraw/", candidate.withdraw,
         name="portal_withdraw"),
    # The hiring team's pages.
    path("candidates/<int:pk>/portal/", team.candidate_portal, name="candidate_portal"),
    path("candidates/<int:pk>/portal/send/", team.send_link, name="portal_send_link"),
    path("candidates/<int:pk>/portal/copy/", team.copy_link, name="portal_copy_link"),
    path("candidates/<int:pk>/portal/revoke/", team.revoke_link, name="portal_revoke_link"),
    path("applications/<int:pk>/portal-outcome/", team.set_outcome, name="portal_set_outcome"),
    path("applications/<int:pk>/shared-topics/", team.shared_topics,
         name="portal_shared_topics"),
    path("portal/values/", team.values_editor, name="portal_values"),
    path("me/introduction/", team.my_intro, name="my_intro"),
    path("portal/documents/<int:pk>/", team.document, name="portal_document"),
]  # fmt: skip
