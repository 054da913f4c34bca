from django.urls import path

from secondround.accounts import invitation_views, reassign_views, team_views

urlpatterns = [
    path("team/", team_views.team, name="team"),
    path("team/members/<int:pk>/roles/", team_views.set_roles, name="member_roles"),
    path("team/members/<int:pk>/deactivate/", team_views.deactivate, name="member_deactivate"),
    path("team/members/<int:pk>/reactivate/", team_views.reactivate, name="member_reactivate"),
    path(
        "team/invitations/<int:pk>/resend/",
        team_views.resend_invitation,
        name="invitation_resend",
    ),
    path(
        "team/invitations/<int:pk>/revoke/",
        team_views.revoke_invitation,
        name="invitation_revoke",
    ),
    path("reassign/steps/<int:pk>/", reassign_views.reassign_step, name="reassign_step"),
    path("reassign/concerns/<int:pk>/", reassign_views.reassign_concern, name="reassign_concern"),
    path("invitations/<str:token>/", invitation_views.accept_invitation, name="accept_invitation"),
]
