"""Attach the signed-in user's Member (or None) to every request as ``request.member``."""

from secondround.accounts.models import Member


def member_for(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return (
        Member.objects.select_related("organisation", "user").filter(user=user, active=True).first()
    )


class MemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = member_for(request.user)
        return self.get_response(request)
