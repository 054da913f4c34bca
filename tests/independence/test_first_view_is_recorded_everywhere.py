"""The independence audit hinges on when a reader first saw colleagues' feedback. Every place
that shows colleagues' scorecards records it, for every role, and no place records it while
the reader is still blind."""

from secondround.scorecards.models import FeedbackView
from tests.conftest import fill_scorecard


def seen(member, cast) -> bool:
    return FeedbackView.objects.filter(member=member, application=cast.dana_app).exists()


def test_hiring_manager_reading_the_application_page_is_recorded(client, cast):
    fill_scorecard(cast.ian, cast.dana_r1)
    client.force_login(cast.harry.user)
    assert client.get(f"/applications/{cast.dana_app.pk}/").status_code == 200
    assert seen(cast.harry, cast)


def test_blind_panel_member_is_not_recorded_on_any_page(client, cast):
    fill_scorecard(cast.ian, cast.dana_r1)
    client.force_login(cast.ivy.user)
    client.get(f"/applications/{cast.dana_app.pk}/")
    client.get(f"/interviews/{cast.dana_r1.pk}/kit/")
    assert not seen(cast.ivy, cast)
    fill_scorecard(cast.ivy, cast.dana_r1)
    client.get(f"/interviews/{cast.dana_r1.pk}/kit/")
    assert seen(cast.ivy, cast)
