"""Attach the signed-in user's Member (or None) to every request as ``request.member``."""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied

from secondround.accounts.gate import gate_redirect
from secondround.accounts.models import Member


def member_for(user) -> Member | None:
    if not user.is_authenticated:
        return None
    membership = _membership(user)
    return membership if membership is not None and membership.active else None


def _membership(user) -> Member | None:
    """The user's membership, active or not. The authentication backend
    (accounts/backends.py) reads it with the user; a user loaded another way reads it here."""
    try:
        return user.member
    except Member.DoesNotExist:
        return None


# Pages a signed-in account without a membership may still reach: a Django superuser set
# up for support uses the admin site and signs out; the API and the candidate portal take
# their own credentials.
NO_MEMBER_PREFIXES = ("/admin/", "/accounts/", "/api/", "/healthz", "/static/", "/p/")


def _was_deactivated(user) -> bool:
    membership = _membership(user)
    return membership is not None and not membership.active


class MemberMiddleware:
    """A deactivated member is signed out on their next request, whatever page it is, so
    their old session lands on the login page (through login_required) instead of reaching
    views that expect a member. Deactivation also deletes their sessions and marks their
    user inactive; this is the last guard, for a session that survived (another session
    store, or a request already in flight)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = member_for(request.user)
        if member is None and request.user.is_authenticated:
            if _was_deactivated(request.user):
                logout(request)
            elif not request.path.startswith(NO_MEMBER_PREFIXES):
                # Every page of the app works for a member of an organisation; refuse
                # plainly rather than let a view fail on the missing member.
                raise PermissionDenied("This account is not a member of any organisation.")
        request.member = member
        # A member who owes a second factor (code or enrolment) goes there first.
        pending = gate_redirect(request)
        if pending is not None:
            return pending
        return self.get_response(request)
