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
    if had_device_at_sign_in(request):
        return _to(request, reverse("two_factor_verify"))
    if member.must_use_two_factor:
        if has_two_factor(user):
            # Enrolled in another session since this one signed in: ask for the code.
            note_device_at_sign_in(request, user)
            return _to(request, reverse("two_factor_verify"))
        if not request.path.startswith(reverse("two_factor")):
            return _to(request, reverse("two_factor"))
    return None


# Whether the member had two-factor sign-in on when this session signed in: noted once, at
# sign-in (accounts/signals.py), so that pages cost no extra query. A session from before
# this note existed gets it on its next request.
HAD_DEVICE = "two_factor_at_sign_in"


def note_device_at_sign_in(request, user) -> None:
    request.session[HAD_DEVICE] = has_two_factor(user)


def had_device_at_sign_in(request) -> bool:
    if HAD_DEVICE not in request.session:
        note_device_at_sign_in(request, request.user)
    return request.session[HAD_DEVICE]


def _to(request, step: str):
    if request.path == step:
        return None
    if request.method == "GET" and request.path != reverse("home"):
        return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
    return redirect(step)
