"""Bearer-token authentication for the API.

Only bearer tokens, never the session cookie: mixing the two makes ninja demand a CSRF token
from token clients (vitalik/django-ninja#1464). A token is looked up by its SHA-256 hash; the
token itself is never stored.

A revoked token, or one of a deactivated member, is unknown (401). An expired token is
refused with 401 and a detail that says it expired, so that its owner knows to make a new
one. A read-scope token may only read: any other method is 403.
"""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from secondround.accounts.api_tokens import do_record_token_use
from secondround.accounts.models import ApiToken, Member

# Recording every use would write on every request; once a minute is enough to tell a live
# token from a forgotten one. The day's first use also writes an audit event.
LAST_USED_RESOLUTION = timedelta(minutes=1)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest):
        # As HttpBearer.__call__, minus its debug log line that would print the header
        # (someone's password, if they sent Basic credentials by mistake).
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Member | None:
        api_token = (
            ApiToken.objects.usable()
            .select_related("member__organisation", "member__user")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.is_expired(now):
            expired = timezone.localtime(api_token.expires_at).strftime("%Y-%m-%d %H:%M %Z")
            raise HttpError(
                401,
                f"This API token expired on {expired}. Create a new one at /settings/tokens/.",
            )
        if not api_token.allows_writes and request.method not in READ_METHODS:
            raise HttpError(
                403,
                "This API token is read-only. Use a token with the write scope to change data.",
            )
        if _worth_recording(api_token.last_used_at, now):
            do_record_token_use(api_token, now)
        member = api_token.member
        request.member = member
        request.user = member.user
        return member


def _worth_recording(last_used_at, now) -> bool:
    if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
        return True
    # A new day's first use is always recorded, even a few seconds after yesterday's last.
    return timezone.localdate(last_used_at) != timezone.localdate(now)
