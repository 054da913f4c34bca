"""Deactivation hands a member's pending work to others, or leaves it unassigned where the
home page of admins and recruiters shows it until someone takes it over."""

import pytest
from django.test import Client
from django.urls import reverse

from secondround.accounts.actions import do_deactivate_member
from secondround.accounts.handover import Handover, pending_work, unassigned_work
from secondround.audit.models import AuditEvent
from secondround.decisions.actions import do_give_verdict, do_replace_approver
from secondround.errors import ActionError

pytestmark = pytest.mark.django_db


def client_for(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def test_pending_work_lists_steps_concerns_interviews_and_panels(held):
    ivy = pending_work(held.ivy)
    assert ivy.concerns == [held.concern]
    assert ivy.interviews == [held.future]  # not the past round-1 interviews
    assert set(ivy.rounds) == {held.round1, held.round2}
    assert [s.decision for s in pending_work(held.vera).steps] == [held.decision]


def test_work_handed_over_goes_to_the_chosen_people(held):
    step = pending_work(held.vera).steps[0]
    do_deactivate_member(held.alice, held.vera, Handover(steps={step.pk: held.val}))
    step.refresh_from_db()
    assert step.approver == held.val
    do_give_verdict(held.val, held.decision, "approved", "Agreed")

    do_deactivate_member(
        held.alice,
        held.ivy,
        Handover(
            concerns={held.concern.pk: held.ian},
            interviews={held.future.pk: held.ike},
            rounds={held.round1.pk: held.ike},
        ),
    )
    held.concern.refresh_from_db()
    assert held.concern.owner == held.ian
    assert set(held.future.interviewers.all()) == {held.ian, held.ike}
    assert set(held.round1.panel.all()) == {held.ian, held.ike}
    assert set(held.round2.panel.all()) == {held.ian}  # left to nobody: the seat goes
    # The past interview keeps ivy: she met the candidate.
    assert held.ivy in held.dana_r1.interviewers.all()
    event = AuditEvent.objects.get(action="member.deactivated", target_id=held.ivy.pk)
    assert event.data["concerns"] == {str(held.concern.pk): held.ian.pk}


def test_work_left_to_nobody_is_unassigned_and_shown_to_recruiters(held):
    do_deactivate_member(held.alice, held.vera)
    do_deactivate_member(held.alice, held.ivy)
    held.concern.refresh_from_db()
    assert held.concern.owner is None
    assert set(held.future.interviewers.all()) == {held.ian}

    left = unassigned_work(held.alice)
    assert [s.decision for s in left.steps] == [held.decision]
    assert left.concerns == [held.concern]
    assert unassigned_work(held.harry) is None  # not for a hiring manager

    home = client_for(held.alice).get("/")
    assert home.status_code == 200
    text = home.content.decode()
    assert "Needs reassigning" in text and "Approver needed" in text and "Depth in SQL" in text
    assert "Needs reassigning" not in client_for(held.harry).get("/").content.decode()

    # The decision itself says it needs an approver.
    page = client_for(held.alice).get(reverse("decision", args=[held.decision.pk]))
    assert page.status_code == 200 and "Approver needed" in page.content.decode()


def test_an_interview_left_with_nobody_shows_on_home(held):
    held.future.interviewers.remove(held.ian)
    do_deactivate_member(held.alice, held.ivy)
    assert unassigned_work(held.alice).interviews == [held.future]
    home = client_for(held.alice).get("/")
    assert home.status_code == 200 and "Interview with nobody on it" in home.content.decode()


def test_reassigning_from_home_puts_the_work_back_in_hands(held):
    do_deactivate_member(held.alice, held.vera)
    do_deactivate_member(held.alice, held.ivy)
    alice = client_for(held.alice)
    step = unassigned_work(held.alice).steps[0]

    response = alice.post(reverse("reassign_step", args=[step.pk]), {"member": held.val.pk})
    assert response.status_code == 302
    response = alice.post(
        reverse("reassign_concern", args=[held.concern.pk]), {"member": held.ike.pk}
    )
    assert response.status_code == 302

    left = unassigned_work(held.alice)
    assert left.steps == [] and left.concerns == []
    held.concern.refresh_from_db()
    assert held.concern.owner == held.ike
    # The decision goes on with val in vera's place, victor still after.
    do_give_verdict(held.val, held.decision, "approved", "Fine by me")
    do_give_verdict(held.victor, held.decision, "approved", "Agreed")
    held.decision.refresh_from_db()
    assert held.decision.status == "approved"
    assert AuditEvent.objects.filter(action="decision.approver_replaced").count() == 1


def test_reassigning_refuses_a_non_approver_or_someone_already_on_the_chain(held):
    do_deactivate_member(held.alice, held.vera)
    step = unassigned_work(held.alice).steps[0]
    with pytest.raises(ActionError, match="not an active approver"):
        do_replace_approver(held.alice, step, held.ike)
    with pytest.raises(ActionError, match="already on this decision"):
        do_replace_approver(held.alice, step, held.victor)


@pytest.mark.parametrize(
    "who, status",
    [("harry", 403), ("ivy", 403), ("nora", 403), ("vera", 403), ("oscar", 404)],
)
def test_only_admins_and_recruiters_reassign_from_home(held, who, status):
    do_deactivate_member(held.alice, held.victor)
    step = unassigned_work(held.alice).steps[0]
    client = client_for(getattr(held, who))
    response = client.post(reverse("reassign_step", args=[step.pk]), {"member": held.val.pk})
    assert response.status_code == status  # another organisation's step does not exist
    step.refresh_from_db()
    assert step.approver == held.victor


def test_the_confirmation_page_lists_the_work_and_hands_it_over(held):
    alice = client_for(held.alice)
    url = reverse("member_deactivate", args=[held.ivy.pk])
    page = alice.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Depth in SQL" in text and "Luis Ortega" in text and "still count" in text

    response = alice.post(
        url,
        {
            f"concerns_{held.concern.pk}": held.ian.pk,
            f"interviews_{held.future.pk}": held.ike.pk,
            f"rounds_{held.round1.pk}": "",
            f"rounds_{held.round2.pk}": held.ike.pk,
        },
    )
    assert response.status_code == 302 and response.url == reverse("team")
    held.ivy.refresh_from_db()
    held.concern.refresh_from_db()
    assert not held.ivy.active and held.concern.owner == held.ian
    assert set(held.future.interviewers.all()) == {held.ian, held.ike}
    assert set(held.round2.panel.all()) == {held.ian, held.ike}


def test_the_confirmation_page_refuses_handing_to_a_non_approver(held):
    alice = client_for(held.alice)
    step = pending_work(held.vera).steps[0]
    url = reverse("member_deactivate", args=[held.vera.pk])
    response = alice.post(url, {f"steps_{step.pk}": held.ike.pk})
    assert response.status_code == 422
    assert response.context["form"].errors[f"steps_{step.pk}"]
    held.vera.refresh_from_db()
    assert held.vera.active


def test_the_confirmation_page_shows_a_refusal_next_to_its_item(held):
    alice = client_for(held.alice)
    step = pending_work(held.vera).steps[0]
    url = reverse("member_deactivate", args=[held.vera.pk])
    response = alice.post(url, {f"steps_{step.pk}": held.victor.pk})  # already on the chain
    assert response.status_code == 422
    assert response.context["form"].errors[f"steps_{step.pk}"] == [
        "Victor is already on this decision's approval chain."
    ]
    held.vera.refresh_from_db()
    step.refresh_from_db()
    assert held.vera.active and step.approver == held.vera  # nothing happened
