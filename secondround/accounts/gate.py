"""The sign-in gate: what a signed-in member may reach before their second factor is done.

- A member with two-factor sign-in on, whose session has not yet given a code, reaches only
  the code page (and signing out): their password alone opens nothing.
- A member whom the organisation requires to use it (admins, recruiters and approvers, when
  the organisation says so) and who has not enrolled reaches only the enrolment page.

The API takes bearer tokens, not sessions, and the candidate portal its own links; both are
outside the gate, as are static files and the health check.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from secondround.accounts.two_factor import has_two_factor

OUTSIDE_THE_GATE = ("/api/", "/healthz", "/static/", "/p/", "/accounts/logout/")


def gate_redirect(request):
    """A redirect to the step the member still owes, or None when they may go on."""
    member = getattr(request, "member", None)
    user = request.user
    if member is None or request.path.startswith(OUTSIDE_THE_GATE):
        return None
    # OTPMiddleware (before MemberMiddleware) gives the user is_verified().
    if user.is_verified():
        return None
    if has_two_factor(user):
        return _to(request, reverse("two_factor_verify"))
    if member.must_use_two_factor and not request.path.startswith(reverse("two_factor")):
        return _to(request, reverse("two_factor"))
    return None


def _to(request, step: str):
    if request.path == step:
        return None
    if request.method == "GET" and request.path != reverse("home"):
        return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
    return redirect(step)
