"""Submitting a scorecard links straight to the colleagues' feedback it unlocks."""

from django.urls import reverse

from tests.conftest import fill_scorecard, login


def test_the_confirmation_links_to_the_feedback_now_open(cast, client):
    fill_scorecard(cast.ian, cast.dana_r1, recommendation="strong_yes")
    fill_scorecard(cast.ivy, cast.dana_r1, submit=False)
    ivy = login(client, cast.ivy)
    kit = reverse("interview_kit", args=[cast.dana_r1.pk])
    before = ivy.get(reverse("scorecard", args=[cast.dana_r1.pk]))
    assert before.status_code == 200 and f"{kit}#colleagues-feedback" not in before.content.decode()

    data = {"recommendation": "yes", "notes": ""}
    for competency in (cast.problem, cast.collab):
        data[f"rating_{competency.pk}"] = "3"
        data[f"evidence_{competency.pk}"] = "Clear example"
    response = ivy.post(reverse("scorecard_submit", args=[cast.dana_r1.pk]), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{kit}#colleagues-feedback"' in html
    assert "Your colleagues' feedback on Dana Kim is open to you now." in html

    feedback = ivy.get(kit)
    assert feedback.status_code == 200
    page = feedback.content.decode()
    part = page.split('id="colleagues-feedback"')[1].split("</section>")[0]
    assert "Ian" in part and "strong yes" in part
