"""The API tokens page: every member lists, creates and revokes their own tokens; admins
also see and revoke their organisation's. A new token is shown once, on the answer to the
form that created it (never put in a message or a URL, which could store it)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondround.accounts.api_tokens import do_create_api_token, do_revoke_api_token, end_of_day
from secondround.accounts.models import ApiToken
from secondround.accounts.security_forms import TokenForm
from secondround.accounts.two_factor_views import member_required
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit


def _tokens_page(request, form, new_token=None, raw=None, status=200):
    member = request.member
    tokens = ApiToken.objects.visible_to(member).select_related("member").order_by("-created_at")
    context = {
        "nav": "settings",
        "form": form,
        "own": [t for t in tokens if t.member_id == member.pk],
        "others": [t for t in tokens if t.member_id != member.pk],
        "new_token": new_token,
        "raw": raw,
        "now": timezone.now(),
    }
    return render(request, "accounts/tokens.html", context, status=status)


@never_cache
@member_required
def tokens(request):
    member = request.member
    form = TokenForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        expires = end_of_day(data["expires"], member.timezone) if data["expires"] else None
        created = submit(
            form,
            do_create_api_token,
            member,
            member,
            data["name"],
            scope=data["scope"],
            expires_at=expires,
        )
        if created:
            token, raw = created
            return _tokens_page(request, TokenForm(), new_token=token, raw=raw)
    return _tokens_page(request, form, status=status_for(form))


@require_POST
@member_required
def revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.member), pk=pk)
    try:
        do_revoke_api_token(request.member, token)
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, f'Token "{token.name}" revoked: it no longer works.')
    return redirect("api_tokens")
