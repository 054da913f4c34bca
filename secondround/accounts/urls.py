from django.urls import path

from secondround.accounts import (
    invitation_views,
    reassign_views,
    team_views,
    token_views,
    two_factor_views,
)

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
    # The second sign-in step sits beside Django's login, under /accounts/.
    path("accounts/two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("settings/two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("settings/two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    path(
        "settings/two-factor/recovery-codes/",
        two_factor_views.regenerate_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("settings/two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("settings/security/", two_factor_views.security_settings, name="security_settings"),
    path("settings/tokens/", token_views.tokens, name="api_tokens"),
    path("settings/tokens/<int:pk>/revoke/", token_views.revoke, name="api_token_revoke"),
    path("invitations/<str:token>/", invitation_views.accept_invitation, name="accept_invitation"),
]
