"""The Django admin for secondround: open to admin members, scoped to their organisation.

An organisation's admins are ordinary members (not Django staff), so the site lets in any
active superuser or member with the admin role, and every ModelAdmin filters through the
model's ``visible_to(member)``. Another organisation's record answers 404.

The admin never saves a domain record itself. Per model, it is either read-only or routes
adds and changes through the same write function as the web pages (``ActionAdmin``), so that
every rule of ``actions.py`` holds here too and each change writes that function's audit
event. Nothing is deleted here: no write function deletes.

| Model | Rule in the admin |
|---|---|
| Job | add: ``do_create_job``; change: ``do_update_job`` (the scale is fixed once created) |
| Competency | change, with one anchor per scale point: ``do_save_competency`` (added in the app) |
| Round | add and change: ``do_save_round`` |
| Question | add and change: ``do_save_question`` |
| Candidate | add: ``do_add_candidate``; otherwise read-only |
| Interview | add: ``do_schedule_interview``; otherwise read-only |
| Application, RubricAnchor | read-only (stages move in the app; anchors with their competency) |
| Scorecard, Rating, ScorecardVersion, FeedbackView | read-only |
| Concern, Decision, ApprovalStep | read-only |
| Organisation, Member | read-only (members are managed on the Team page) |
| ApiToken | read-only; the "revoke" action calls ``do_revoke_api_token`` |
| AuditEvent, CalibrationSnapshot | read-only |

A superuser without a membership may look, never write: the write functions act as a member.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import Http404

from secondround.accounts.models import Organisation
from secondround.audit.actions import do_record_admin_edit
from secondround.audit.changes import form_changes
from secondround.errors import ActionError
from secondround.forms import add_action_error


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


class ScopedAdmin(admin.ModelAdmin):
    """Base class: an admin member sees their organisation's records, read-only.

    ``organisation_path`` leads from the model to its Organisation. Models whose manager has
    ``visible_to`` are filtered by it; others by the path. Subclass ``ActionAdmin`` to let
    adds or changes through a write function; nothing here ever saves or deletes a record.
    """

    organisation_path = "organisation"

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

    def get_object(self, request, object_id, from_field=None):
        """Out of scope (another organisation's) reads as not found, not as a redirect."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record here.")
        return obj

    # --- permissions: admins of the organisation, or superusers; read-only by default ---
    def _allowed(self, request) -> bool:
        return _is_site_admin(request.user, getattr(request, "member", None))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # no write function deletes a record

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

    # --- the admin never writes by itself ---------------------------------------------
    def save_model(self, request, obj, form, change):
        raise PermissionDenied("The admin does not save records itself.")

    def delete_model(self, request, obj):
        raise PermissionDenied("Records are not deleted here.")

    def delete_queryset(self, request, queryset):
        raise PermissionDenied("Records are not deleted here.")

    def save_formset(self, request, form, formset, change):
        raise PermissionDenied("The admin does not save records itself.")


# Records that only the app's write functions change (scorecards, decisions...).
ReadOnlyAdmin = ScopedAdmin


class ActionAdmin(ScopedAdmin):
    """Adds and changes go through a write function: ``write(member, data, obj)`` calls it with
        the form's cleaned data (``obj`` is None when adding) and returns the saved record.

        The write function runs when the form is validated, so that its ``ActionError`` shows on
        the admin form like any field error (``action_fields`` maps its field names onto the
        form's). Model validation is left to the write function, whose rules are the ones that
        count; text and many-to-many fields are not "required" here, so that its own message
    is the one shown.
    """

    may_add = True
    may_change = True
    action_fields: dict[str, str] = {}
    inlines = ()  # an inline formset would be validated after the write: none here

    def get_inlines(self, request, obj):
        return ()

    def write(self, member, data: dict, obj):
        raise NotImplementedError

    def _acting(self, request) -> bool:
        # A superuser without a membership has nobody for the write function to act as.
        return self._allowed(request) and getattr(request, "member", None) is not None

    def has_add_permission(self, request, *args):
        return self.may_add and self._acting(request)

    def has_change_permission(self, request, obj=None):
        return self.may_change and self._acting(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        return _through_write(form_class, self, getattr(request, "member", None), obj)

    def save_model(self, request, obj, form, change):
        if not getattr(form, "written", False):  # never save what no write function took
            raise PermissionDenied("The admin does not save records itself.")

    def save_related(self, request, form, formsets, change):
        pass  # the write function set the relations (focus, panel, interviewers...)


def _through_write(form_class, model_admin: ActionAdmin, member, obj):
    class ThroughWriteFunction(form_class):
        written = False

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if isinstance(field, (forms.CharField, forms.ModelMultipleChoiceField)):
                    field.required = False

        def _post_clean(self):
            # In place of ModelForm's model validation: the write function judges and saves.
            if self._errors or member is None:
                return
            try:
                self.instance = model_admin.write(member, self.cleaned_data, obj)
            except ActionError as error:
                add_action_error(self, error, model_admin.action_fields)
            else:
                self.written = True
                # Besides the write function's own event: what the admin form changed, with
                # old and new values (a candidate's personal fields only as "changed").
                do_record_admin_edit(member, self.instance, form_changes(self), added=obj is None)

    ThroughWriteFunction.__name__ = form_class.__name__
    return ThroughWriteFunction
