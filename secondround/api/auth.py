"""Bearer-token authentication for the API.

Only bearer tokens, never the session cookie: mixing the two makes ninja demand a CSRF token
from token clients (vitalik/django-ninja#1464). A token is looked up by its SHA-256 hash; the
token itself is never stored.
"""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from secondround.accounts.models import ApiToken, Member

# Recording every use would write on every request; once a minute is enough to tell a live
# token from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


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
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        member = api_token.member
        request.member = member
        request.user = member.user
        return member
