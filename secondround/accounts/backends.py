"""The authentication backend: Django's ModelBackend, whose per-request user read also
brings the user's membership and organisation.

Every signed-in request loads its user through the backend's ``get_user``, then
``MemberMiddleware`` needs the member and the pages need its organisation: read together,
that is one query instead of two, and the membership (its ``active`` flag and its roles) is
still read afresh on every request, so a deactivation or a change of roles applies at once.
The query is a prepared one (secondround.prepared): every request runs it, so its SQL is
built once per process.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from secondround.prepared import prepared


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            found = _user_with_member(None, pk=int(user_id))
        except (TypeError, ValueError):  # a session from another user model: nobody
            return None
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None


_user_with_member = prepared(
    "signed-in user",
    lambda _, pk: (
        get_user_model()._default_manager.select_related("member__organisation").filter(pk=pk)
    ),
)
