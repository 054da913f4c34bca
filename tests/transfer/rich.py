"""A rich organisation for the round trip: the demo seed, topped up through the write
functions so that every exported table holds rows, and a second organisation that the
export must leave out."""

from datetime import time

from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.accounts.actions import do_add_member, do_create_api_token, do_create_organisation
from secondround.decisions.actions import do_set_decision_policy
from secondround.demo.seed import seed_demo
from secondround.hiring.actions import do_add_candidate, do_apply
from secondround.hiring.models import CLOSED_STAGES, Candidate
from secondround.notifications.actions import do_reset_calendar_feed, do_save_preferences
from secondround.portal.actions import (
    do_issue_portal_link,
    do_request_reschedule,
    do_set_outcome_message,
    do_upload_document,
)
from secondround.portal.demo import DEMO_CANDIDATE_EMAIL
from secondround.privacy.actions import do_erase_candidate, do_save_retention_policy
from secondround.scheduling.actions import do_save_working_hours
from secondround.webhooks.actions import do_create_subscription, do_save_webhook_settings
from secondround.webhooks.sending import deliver

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def build_rich_organisation():
    organisation, _ = seed_demo(verbosity=0)
    member = {m.user.email: m for m in organisation.members.select_related("user")}
    admin, ana = member["admin@demo.test"], member["ana@demo.test"]

    do_create_api_token(None, ana, "spreadsheet script")
    do_set_decision_policy(admin, approvers_advisory=True)
    do_save_preferences(ana, receive=[])
    do_reset_calendar_feed(ana)
    do_save_working_hours(ana, start=time(9), end=time(17), days=[0, 1, 2, 3, 4])
    do_add_candidate(
        admin,
        name="Ola Nordmann",
        email="ola@example.com",
        cv_upload=SimpleUploadedFile("Ola CV.pdf", PDF, content_type="application/pdf"),
    )
    dana = Candidate.objects.get(organisation=organisation, email=DEMO_CANDIDATE_EMAIL)
    link, _ = do_issue_portal_link(admin, dana)
    application = dana.applications.exclude(stage__in=CLOSED_STAGES).first()
    do_upload_document(link, application, SimpleUploadedFile("notes.txt", b"My notes."))
    do_request_reschedule(link, application, "Mondays suit me better.")
    do_set_outcome_message(admin, application, "Thank you for your time with us.")
    do_save_retention_policy(admin, enabled=True, months=36)
    do_save_webhook_settings(admin, allow_private_targets=True)
    hook = do_create_subscription(
        admin, url="http://127.0.0.1:9/hook", events=["candidate.created"]
    )
    do_add_candidate(admin, name="Hook Person", email="hook@example.com")
    deliver(hook.deliveries.get().pk)  # nobody listens on port 9: one failed attempt logged
    gone = do_add_candidate(admin, name="Gone Person", email="gone@example.com")
    do_erase_candidate(admin, gone, confirmation="Gone Person")

    other = do_create_organisation("Globex", "globex")
    oscar = do_add_member(
        None, other, email="oscar@globex.test", display_name="Oscar", roles={"admin"}
    )
    job_admin = do_add_member(
        None, other, email="rita@globex.test", display_name="Rita", roles={"recruiter"}
    )
    from secondround.hiring.actions import do_create_job

    job = do_create_job(job_admin, title="Welder")
    person = do_add_candidate(oscar, name="Globex Person", email="person@globex.test")
    do_apply(oscar, person, job)
    return organisation
