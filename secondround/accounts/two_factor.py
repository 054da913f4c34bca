"""Two-factor sign-in: an authenticator app (TOTP) plus ten single-use recovery codes, built
on django-otp's TOTP and static devices.

Enrolment stores nothing until the member proves their app works: the new secret waits in
their (server-side) session, and ``do_enable_two_factor`` creates both devices once a code
from it checks out. A member with a confirmed device is asked for a code after their
password on every sign-in (accounts/gate.py); an organisation can require members with the
roles in ``TWO_FACTOR_ROLES`` to enrol before they reach anything else.

django-otp throttles each device: after n wrong codes in a row, the next attempt is refused
for 2^(n-1) seconds, however good it is. A wrong code's throttle count and its audit event
must survive the refusal, so the code check commits on its own and returns a result; the
callers raise afterwards.
"""

import base64
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from secondround.accounts.models import Member, Organisation
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed

RECOVERY_CODES = 10
DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


# --- Reading the state ---------------------------------------------------------------


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_secret() -> str:
    """A fresh 160-bit TOTP secret, as hex (django-otp's storage format)."""
    return random_hex(20)


def secret_for_typing(key_hex: str) -> str:
    """The secret in base32, as authenticator apps take it when typed, in groups of four."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(member: Member, key_hex: str) -> str:
    """The otpauth:// address that the QR code holds (django-otp's own format)."""
    return TOTPDevice(user=member.user, key=key_hex, name=DEVICE_NAME).config_url


def qr_code_svg(uri: str) -> str:
    """The QR code as an inline SVG element (no image file, no inline style: CSP-safe)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code for your authenticator app"
    )


def _normalised(code: str) -> str:
    return "".join((code or "").split()).lower()


def _is_app_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


# --- Enrolment, recovery codes, disabling --------------------------------------------


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def do_enable_two_factor(member: Member, key_hex: str, code: str) -> list[str]:
    """Turn on two-factor sign-in with the secret the member's app now holds, once ``code``
    (from that app) matches it. Returns the ten recovery codes, to be shown once."""
    user = member.user
    if has_two_factor(user):
        raise ActionError("Two-factor sign-in is already on.")
    code = _normalised(code)
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = timezone.now().timestamp()
    # One step either side, for a phone whose clock is a little off.
    if not _is_app_code(code) or not totp.verify(int(code), tolerance=1):
        raise ActionError(
            "That code does not match. Check that your phone's clock is right and enter the "
            "code your app shows now.",
            "code",
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=key_hex,
        confirmed=True,
        # The code just used cannot be replayed to sign in.
        last_t=totp.t(),
    )
    codes = _new_recovery_codes(user)
    record(member, "two_factor.enabled", member, device=device.persistent_id)
    return codes


@transaction.atomic
def do_regenerate_recovery_codes(member: Member) -> list[str]:
    """Replace the recovery codes with ten new ones; the old ones stop working."""
    if not has_two_factor(member.user):
        raise ActionError("Turn on two-factor sign-in first.")
    codes = _new_recovery_codes(member.user)
    record(member, "two_factor.recovery_codes_regenerated", member, codes=len(codes))
    return codes


@transaction.atomic
def _disable(member: Member) -> None:
    TOTPDevice.objects.filter(user=member.user).delete()
    StaticDevice.objects.filter(user=member.user).delete()
    record(member, "two_factor.disabled", member, required=member.must_use_two_factor)


def do_disable_two_factor(member: Member, code: str) -> Member:
    """Turn two-factor sign-in off, after a current code (or a recovery code) proves that it
    is the member at the keyboard, not someone at an unlocked computer. Where the
    organisation requires it, the member is sent to enrol again (for a new phone)."""
    confirm_second_factor(member, code, purpose="disable")
    _disable(member)
    return member


# --- Checking a code -----------------------------------------------------------------


@dataclass
class CodeCheck:
    device: object | None  # the device that matched, or None
    wait_seconds: int = 0  # > 0 when throttled


@transaction.atomic
def do_check_second_factor(member: Member, code: str, purpose: str = "sign_in") -> CodeCheck:
    """Check a code from the member's app, or one of their recovery codes (used up by this).
    Writes one event: ``two_factor.verified``, ``two_factor.recovery_code_used`` or
    ``two_factor.code_failed``. Commits whatever the outcome, so that the failure count that
    throttles guessing is kept; callers raise on a failed check."""
    code = _normalised(code)
    method = "totp" if _is_app_code(code) else "recovery_code"
    model = TOTPDevice if method == "totp" else StaticDevice
    # Locked, so that one recovery code cannot be spent twice by simultaneous requests.
    device = model.objects.select_for_update().filter(user=member.user, confirmed=True).first()
    if device is None:
        record(member, "two_factor.code_failed", member, method=method, purpose=purpose)
        return CodeCheck(None)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until") or timezone.now()
        wait = max(1, round((locked_until - timezone.now()).total_seconds()))
        record(
            member, "two_factor.code_failed", member, method=method, purpose=purpose, throttled=True
        )
        return CodeCheck(None, wait_seconds=wait)
    if not device.verify_token(code):
        record(member, "two_factor.code_failed", member, method=method, purpose=purpose)
        return CodeCheck(None)
    if method == "totp":
        record(member, "two_factor.verified", member, method=method, purpose=purpose)
    else:
        record(
            member,
            "two_factor.recovery_code_used",
            member,
            purpose=purpose,
            codes_left=device.token_set.count(),
        )
    return CodeCheck(device)


def confirm_second_factor(member: Member, code: str, purpose: str = "sign_in"):
    """``do_check_second_factor``, raising ActionError (field ``code``) when it fails.
    Returns the matching device, for django_otp.login."""
    check = do_check_second_factor(member, code, purpose)
    if check.device is not None:
        return check.device
    if check.wait_seconds:
        raise ActionError(
            f"Too many wrong codes. Wait {check.wait_seconds} seconds, then try again.", "code"
        )
    raise ActionError(
        "That code is not right. Enter the 6-digit code your app shows now, or one of your "
        "recovery codes.",
        "code",
    )


# --- The organisation's requirement --------------------------------------------------


@transaction.atomic
def do_set_two_factor_requirement(actor: Member, organisation: Organisation, required: bool):
    """Require (or stop requiring) admins, recruiters and approvers to sign in with a second
    factor. An admin turns it on only with their own second factor on, so that they are not
    locked into the enrolment page by their own click."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not (actor.active and actor.is_admin and actor.organisation_id == organisation.pk):
        raise NotAllowed("Only an admin changes the organisation's sign-in rules.")
    if required and not has_two_factor(actor.user):
        raise ActionError(
            "Turn on two-factor sign-in for yourself first, on the Two-factor sign-in page.",
            "require_two_factor",
        )
    if organisation.require_two_factor != required:
        organisation.require_two_factor = required
        organisation.save(update_fields=["require_two_factor"])
        record(
            actor, "organisation.two_factor_requirement_changed", organisation, required=required
        )
    return organisation
