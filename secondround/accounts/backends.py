"""The authentication backend: Django's ModelBackend, whose per-request user read also
brings the user's membership and organisation.

Every signed-in request loads its user through the backend's ``get_user``, then
``MemberMiddleware`` needs the member and the pages need its organisation: read together,
that is one query instead of two, and the membership (its ``active`` flag and its roles) is
still read afresh on every request, so a deactivation or a change of roles applies at once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("member__organisation")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
