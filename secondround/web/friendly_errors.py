"""Friendly "page not found" pages while DEBUG is on (the demo and a laptop).

With DEBUG off, Django renders the 403.html, 404.html and 500.html templates by itself. With
DEBUG on it still uses 403.html, but answers a 404 with its technical page, which the demo's
users should not meet. This middleware swaps that page for 404.html. Set
``SECONDROUND_DEBUG_404=1`` to keep Django's technical page while developing URLs.
"""

from django.conf import settings
from django.shortcuts import render

# Django's technical 404 page carries this meta tag; our own pages never do.
TECHNICAL_PAGE_MARK = b'content="NONE,NOARCHIVE"'


class FriendlyNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and not response.streaming
            and settings.DEBUG
            and getattr(settings, "FRIENDLY_404_IN_DEBUG", True)
            and response.get("Content-Type", "").startswith("text/html")
            and TECHNICAL_PAGE_MARK in response.content
        ):
            return render(request, "404.html", status=404)
        return response
