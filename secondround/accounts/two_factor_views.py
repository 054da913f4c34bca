"""Two-factor sign-in pages: the code asked after the password, enrolment (QR code, secret,
confirming code, recovery codes shown once), new recovery codes, turning it off, and the
organisation's requirement (admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondround.accounts.gate import note_device_at_sign_in
from secondround.accounts.models import TWO_FACTOR_ROLES, Member
from secondround.accounts.security_forms import CodeForm, EnrolForm, TwoFactorRequirementForm
from secondround.accounts.two_factor import (
    confirm_second_factor,
    do_disable_two_factor,
    do_enable_two_factor,
    do_regenerate_recovery_codes,
    do_set_two_factor_requirement,
    has_two_factor,
    new_secret,
    provisioning_uri,
    qr_code_svg,
    recovery_codes_left,
    secret_for_typing,
)
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit

# The secret being enrolled waits here (server-side session) until a code confirms it.
PENDING_SECRET = "two_factor_pending_secret"


def member_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.member is None:
            raise PermissionDenied("This account is not a member of any organisation.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@never_cache
@member_required
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    next_url = _next_url(request)
    if not has_two_factor(request.user):
        # Turned off since this session signed in: nothing is owed any more.
        note_device_at_sign_in(request, request.user)
        return redirect(next_url)
    if request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(posted(request))
    if form.is_valid():
        device = submit(form, confirm_second_factor, request.member, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
    context = {"form": form, "next": next_url}
    return render(request, "accounts/two_factor_verify.html", context, status=status_for(form))


def _enrol_page(request, form, status=200):
    key = request.session.get(PENDING_SECRET)
    if not key:
        key = request.session[PENDING_SECRET] = new_secret()
    context = {
        "nav": "settings",
        "form": form,
        "qr_svg": qr_code_svg(provisioning_uri(request.member, key)),
        "secret": secret_for_typing(key),
        "required": request.member.must_use_two_factor,
    }
    return render(request, "accounts/two_factor_enrol.html", context, status=status)


@never_cache
@member_required
def two_factor(request):
    """Enrolment when two-factor sign-in is off; its state and controls when it is on."""
    user = request.user
    if not has_two_factor(user):
        return _enrol_page(request, EnrolForm())
    context = {
        "nav": "settings",
        "codes_left": recovery_codes_left(user),
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "disable_form": CodeForm(),
        "required": request.member.must_use_two_factor,
    }
    return render(request, "accounts/two_factor.html", context)


def _show_recovery_codes(request, codes, heading):
    context = {"nav": "settings", "codes": codes, "heading": heading}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@require_POST
@member_required
def enrol(request):
    key = request.session.get(PENDING_SECRET)
    if not key or has_two_factor(request.user):
        return redirect("two_factor")
    form = EnrolForm(request.POST)
    if form.is_valid():
        codes = submit(form, do_enable_two_factor, request.member, key, form.cleaned_data["code"])
        if codes:
            del request.session[PENDING_SECRET]
            # This session has just proved the new device: it counts as signed in with it.
            otp_login(request, TOTPDevice.objects.get(user=request.user, confirmed=True))
            return _show_recovery_codes(request, codes, "Two-factor sign-in is on")
    return _enrol_page(request, form, status=status_for(form))


@never_cache
@require_POST
@member_required
def regenerate_recovery_codes(request):
    try:
        codes = do_regenerate_recovery_codes(request.member)
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
        return redirect("two_factor")
    return _show_recovery_codes(request, codes, "New recovery codes")


@require_POST
@member_required
def disable(request):
    form = CodeForm(request.POST)
    if form.is_valid() and submit(
        form, do_disable_two_factor, request.member, form.cleaned_data["code"]
    ):
        note_device_at_sign_in(request, request.user)
        messages.success(request, "Two-factor sign-in is off.")
        return redirect("two_factor")
    context = {
        "nav": "settings",
        "codes_left": recovery_codes_left(request.user),
        "device": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
        "disable_form": form,
        "required": request.member.must_use_two_factor,
    }
    return render(request, "accounts/two_factor.html", context, status=status_for(form))


@member_required
def security_settings(request):
    """Admins: whether the organisation requires two-factor sign-in, and who has it on."""
    member = request.member
    if not member.is_admin:
        raise PermissionDenied("Only admins change the organisation's sign-in rules.")
    organisation = member.organisation
    form = TwoFactorRequirementForm(
        posted(request), initial={"require_two_factor": organisation.require_two_factor}
    )
    if form.is_valid() and submit(
        form,
        do_set_two_factor_requirement,
        member,
        organisation,
        form.cleaned_data["require_two_factor"],
    ):
        messages.success(request, "Sign-in rules saved.")
        return redirect("security_settings")
    concerned = [
        (m, has_two_factor(m.user))
        for m in Member.objects.visible_to(member).filter(active=True).select_related("user")
        if m.has_role(*TWO_FACTOR_ROLES)
    ]
    context = {"nav": "settings", "form": form, "concerned": concerned}
    return render(request, "accounts/security_settings.html", context, status=status_for(form))
