"""The Django admin for secondround: open to admin members, scoped to their organisation.

An organisation's admins are ordinary members (not Django staff), so the site lets in any
active superuser or member with the admin role, and every ModelAdmin filters through the
model's ``visible_to(member)``. Changes made here are audited like any other write.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db import models, transaction

from secondround.accounts.models import Organisation
from secondround.audit.changes import form_changes
from secondround.audit.log import record


def _is_site_admin(user, member) -> bool:
    return bool(user.is_active and (user.is_superuser or (member is not None and member.is_admin)))


def _member_of(user):
    from secondround.accounts.middleware import member_for

    return member_for(user)


class MemberAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, letting in admin members as well as Django staff."""

    def confirm_login_allowed(self, user):
        if not _is_site_admin(user, _member_of(user)):
            raise forms.ValidationError(
                "This account cannot use the admin. Ask an admin of your organisation.",
                code="invalid_login",
            )


class SecondroundAdminSite(admin.AdminSite):
    site_header = "secondround admin"
    site_title = "secondround admin"
    index_title = "Your organisation's records"
    login_form = MemberAdminAuthenticationForm

    def has_permission(self, request):
        return _is_site_admin(request.user, getattr(request, "member", None))


def organisation_of(obj, path: str):
    """Follow ``path`` (e.g. "job__organisation") from ``obj`` to its Organisation."""
    if path == "pk":
        return obj
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


class ScopedAdmin(admin.ModelAdmin):
    """Base class: an admin member sees and edits only their organisation's records.

    ``organisation_path`` leads from the model to its Organisation. Models whose manager has
    ``visible_to`` are filtered by it; others override ``scope``.
    """

    organisation_path = "organisation"
    read_only_model = False  # records changed only through the app's write functions

    def scope(self, queryset, member):
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(member)
        if self.organisation_path == "pk":
            return queryset.filter(pk=member.organisation_id)
        return queryset.filter(**{f"{self.organisation_path}_id": member.organisation_id})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        member = getattr(request, "member", None)
        if member is None:
            # Only a superuser without a membership gets here (the site refuses others).
            return queryset if request.user.is_superuser else queryset.none()
        return self.scope(queryset, member)

    # --- permissions: admins of the organisation, or superusers --------------------
    def _allowed(self, request) -> bool:
        return _is_site_admin(request.user, getattr(request, "member", None))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request) and not self.read_only_model

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and not self.read_only_model

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and not self.read_only_model

    # --- choices in forms stay inside the organisation ------------------------------
    def _limit(self, related_model, member, queryset):
        if member is None:
            return queryset
        if related_model is Organisation:
            return queryset.filter(pk=member.organisation_id)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(member)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.remote_field.model
        kwargs.setdefault("queryset", model._default_manager.all())
        kwargs["queryset"] = self._limit(model, request.member, kwargs["queryset"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.remote_field.model
        kwargs.setdefault("queryset", model._default_manager.all())
        kwargs["queryset"] = self._limit(model, request.member, kwargs["queryset"])
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- every change is audited ---------------------------------------------------------
    def _audit(self, request, action: str, obj: models.Model, **data):
        record(
            getattr(request, "member", None),
            f"admin.{action}",
            obj,
            organisation_of(obj, self.organisation_path),
            model=obj._meta.label_lower,
            **data,
        )

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(
            request,
            "changed" if change else "added",
            obj,
            fields=form.changed_data,
            changes=form_changes(form),  # old and new values; personal fields as "changed"
        )

    @transaction.atomic
    def delete_model(self, request, obj):
        self._audit(request, "deleted", obj, label=str(obj)[:200])
        super().delete_model(request, obj)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            self._audit(request, "changed", form.instance, inline=formset.model._meta.label_lower)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(ScopedAdmin):
    """Records that only the app's write functions may change (scorecards, decisions...)."""

    read_only_model = True


class ScopedInline(admin.TabularInline):
    extra = 0

    def _allowed(self, request) -> bool:
        return _is_site_admin(request.user, getattr(request, "member", None))

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
