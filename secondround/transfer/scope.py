"""Which tables an organisation's export holds, and how to find its rows in each.

Every installed model is either exported or named in ``NOT_EXPORTED`` with the reason.
A model is exported when a chain of foreign keys leads from it to ``accounts.Organisation``:
its rows of one organisation are those at the end of that chain. New models of the domain
apps are therefore exported without anything to declare, and a model that belongs to no
organisation fails ``tests/transfer`` until it is placed here.
"""

from django.apps import apps
from django.db import models

from secondround.accounts.models import Organisation

# Tables that hold no organisation's data, or data not worth carrying to another install.
NOT_EXPORTED = {
    "admin.logentry": "Django's admin log; the app keeps its own audit trail instead",
    "auth.permission": "made by `migrate` from the code",
    "auth.group": "not used by secondround (roles are flags on the member)",
    "auth.group_permissions": "not used by secondround",
    "auth.user_groups": "not used by secondround",
    "auth.user_user_permissions": "not used by secondround",
    "contenttypes.contenttype": "made by `migrate` from the code",
    "sessions.session": "sign-ins are not carried over: people sign in again",
    "axes.accessattempt": "failed sign-in counters of this install",
    "axes.accessattemptexpiration": "failed sign-in counters of this install",
    "axes.accesslog": "sign-in log of this install",
    "axes.accessfailurelog": "failed sign-in log of this install",
    "api.idempotencykey": "API responses kept 24 hours for a client's retries; they may hold "
    "personal data, and a restored install has no retries in flight",
    "imports.importrun": "an upload kept between its preview and its commit (24 hours at most); "
    "what it created is exported with the rest",
    "otp_totp.totpdevice": "two-factor secrets never leave the install they were enrolled on: "
    "after a restore, members enrol again (an organisation that requires it sends them there)",
    "otp_static.staticdevice": "recovery codes go with the two-factor secrets (above)",
    "otp_static.statictoken": "recovery codes go with the two-factor secrets (above)",
    "django_tasks_database.dbtaskresult": "queued background work; a restored install "
    "recalibrates and sends what is due by itself",
}

# Rows reached by a reverse relation rather than a foreign key of their own.
REVERSE_LOOKUPS = {"auth.user": "member__organisation"}

# Fields left out of a model's rows (see NOT_EXPORTED).
LEFT_OUT_FIELDS = {"auth.user": {"groups", "user_permissions"}}


def label(model) -> str:
    return model._meta.label_lower


def organisation_lookup(model) -> str:
    """The ORM path from ``model`` to its organisation's id, e.g. "job__organisation" for an
    application. The shortest chain of required foreign keys wins; optional ones are used
    only when no required chain exists."""
    if model is Organisation:
        return "pk"
    if label(model) in REVERSE_LOOKUPS:
        return REVERSE_LOOKUPS[label(model)]
    for allow_null in (False, True):
        queue, seen = [(model, "")], {model}
        while queue:
            current, prefix = queue.pop(0)
            for field in current._meta.concrete_fields:
                if not field.is_relation or (field.null and not allow_null):
                    continue
                target = field.related_model
                if target is Organisation:
                    return f"{prefix}{field.name}"
                if target not in seen:
                    seen.add(target)
                    queue.append((target, f"{prefix}{field.name}__"))
    raise LookupError(f"{label(model)} does not lead to an organisation")


def exported_models() -> list:
    """Every model that holds organisations' data, in a stable order (app, then model)."""
    found = []
    for model in apps.get_models():  # auto-created m2m tables travel with their model
        if label(model) in NOT_EXPORTED:
            continue
        organisation_lookup(model)  # raises for a model with no way to its organisation
        found.append(model)
    return found


def rows_of(model, organisation_id: int) -> models.QuerySet:
    """The rows of ``model`` that belong to the organisation, in primary key order."""
    lookup = organisation_lookup(model)
    key = "pk" if lookup == "pk" else f"{lookup}_id"
    return model._base_manager.filter(**{key: organisation_id}).order_by("pk")


def exported_fields(model) -> list[str] | None:
    """The field names to serialise, or None for all of them."""
    left_out = LEFT_OUT_FIELDS.get(label(model))
    if not left_out:
        return None
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    names += [f.name for f in model._meta.many_to_many]
    return [name for name in names if name not in left_out]


def file_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
