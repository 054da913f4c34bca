"""System checks for settings that only production needs."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_base_url(app_configs=None, **kwargs):
    """Invitation links in e-mails and command output are built from SECONDROUND_BASE_URL:
    without it they cannot be opened, and over http they would carry a password-setting
    token in clear."""
    base = settings.SECONDROUND_BASE_URL
    if not base:
        return [
            checks.Error(
                "SECONDROUND_BASE_URL is not set, so invitation links cannot be built.",
                hint="Set it to the address people open secondround at, e.g. "
                "https://hiring.example.com",
                id="secondround.E010",
            )
        ]
    parts = urlsplit(base)
    if parts.scheme != "https" or not parts.netloc:
        return [
            checks.Warning(
                f"SECONDROUND_BASE_URL ({base}) is not an https:// address.",
                hint="Invitation links carry a one-time token: serve them over https.",
                id="secondround.W011",
            )
        ]
    return []
