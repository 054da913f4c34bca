"""The webhook settings pages (admins): subscriptions, the organisation's webhook settings,
and each subscription's delivery log with "Send again"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit
from secondround.timezones import zone_of
from secondround.webhooks import actions
from secondround.webhooks.forms import (
    EditSubscriptionForm,
    SubscriptionForm,
    WebhookSettingsForm,
)
from secondround.webhooks.models import Attempt, Delivery, Subscription, settings_of
from secondround.webhooks.rules import can_manage_webhooks

LOG_LENGTH = 50  # deliveries shown on the log page, newest first


def admins_only(view):
    """Signed-in admins only: others get 403 (anonymous users the login page)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_manage_webhooks(request.member):
            raise PermissionDenied("Only admins manage webhooks.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _subscription(request, pk) -> Subscription:
    """Another organisation's webhook is a 404, as if it did not exist."""
    return get_object_or_404(Subscription.objects.visible_to(request.member), pk=pk)


def _list_page(request, settings_form=None, status=200):
    member = request.member
    found = settings_of(member.organisation_id)
    context = {
        "nav": "team",
        "subscriptions": Subscription.objects.visible_to(member),
        "settings_form": settings_form
        or WebhookSettingsForm(initial={"allow_private_targets": found.allow_private_targets}),
        "allow_private": found.allow_private_targets,
    }
    return render(request, "webhooks/list.html", context, status=status)


@admins_only
def webhooks(request):
    return _list_page(request)


@admins_only
@require_POST
def save_settings(request):
    form = WebhookSettingsForm(request.POST)
    if form.is_valid() and submit(
        form, actions.do_save_webhook_settings, request.member, **form.cleaned_data
    ):
        messages.success(request, "Webhook settings saved.")
        return redirect("webhooks")
    return _list_page(request, settings_form=form, status=status_for(form))


def _edit_page(request, subscription, form=None, secret=None, status=200):
    context = {
        "nav": "team",
        "subscription": subscription,
        "form": form
        or EditSubscriptionForm(
            initial={
                "url": subscription.url,
                "description": subscription.description,
                "events": subscription.events,
                "active": subscription.active,
            }
        ),
        "secret": secret,
    }
    return render(request, "webhooks/edit.html", context, status=status)


@admins_only
def add_subscription(request):
    """The new secret shows on this response only; it is never shown again (rotate it)."""
    form = SubscriptionForm(posted(request))
    if form.is_valid():
        subscription = submit(
            form, actions.do_create_subscription, request.member, **form.cleaned_data
        )
        if subscription is not None:
            messages.success(request, "Webhook added. Copy its signing secret now.")
            return _edit_page(request, subscription, secret=subscription.secret)
    context = {"nav": "team", "form": form}
    return render(request, "webhooks/add.html", context, status=status_for(form))


@admins_only
def edit_subscription(request, pk):
    subscription = _subscription(request, pk)
    form = EditSubscriptionForm(posted(request))
    if form.is_valid() and submit(
        form, actions.do_update_subscription, request.member, subscription, **form.cleaned_data
    ):
        messages.success(request, "Webhook saved.")
        return redirect("webhook_edit", pk=subscription.pk)
    if not form.is_bound:
        form = None
    return _edit_page(request, subscription, form, status=status_for(form) if form else 200)


@admins_only
@require_POST
def rotate_secret(request, pk):
    subscription = _subscription(request, pk)
    subscription = _run(request, actions.do_rotate_secret, request.member, subscription)
    if subscription is None:
        return redirect("webhook_edit", pk=pk)
    messages.success(request, "New signing secret made; the old one no longer signs anything.")
    return _edit_page(request, subscription, secret=subscription.secret)


@admins_only
def delete_subscription(request, pk):
    """GET asks for confirmation; POST deletes."""
    subscription = _subscription(request, pk)
    if request.method == "POST":
        if _run(request, actions.do_delete_subscription, request.member, subscription):
            messages.success(request, f"Webhook to {subscription.url} deleted.")
        return redirect("webhooks")
    context = {"nav": "team", "subscription": subscription}
    return render(request, "webhooks/delete.html", context)


@admins_only
def deliveries(request, pk):
    member = request.member
    subscription = _subscription(request, pk)
    rows = (
        Delivery.objects.visible_to(member)
        .filter(subscription=subscription)
        .prefetch_related(
            Prefetch("attempt_log", queryset=Attempt.objects.select_related("requested_by"))
        )[:LOG_LENGTH]
    )
    context = {
        "nav": "team",
        "subscription": subscription,
        "rows": rows,
        "zone": zone_of(member.timezone),
    }
    return render(request, "webhooks/deliveries.html", context)


@admins_only
@require_POST
def send_again(request, pk):
    delivery = get_object_or_404(Delivery.objects.visible_to(request.member), pk=pk)
    if _run(request, actions.do_send_again, request.member, delivery) is not None:
        messages.success(request, f"Delivery {delivery.uuid} sent again.")
    return redirect("webhook_deliveries", pk=delivery.subscription_id)


def _run(request, write, *args):
    """Run a one-button write; a refusal it explains comes back as a message."""
    try:
        return write(*args) or True
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
        return None
