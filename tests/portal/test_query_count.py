"""The candidate's page costs a bounded number of queries, however many rounds, people,
topics and documents it lists."""

from datetime import timedelta

from secondround.concerns.actions import do_raise_concern
from secondround.hiring import actions as hiring
from secondround.portal import actions

BOUND = 15  # measured: 13 with one round and topic, 12 with six of each (2026-11-26)


def _more_of_everything(cast, portal, n):
    for i in range(n):
        start = portal.r2.starts_at + timedelta(days=i + 1)
        hiring.do_schedule_interview(
            cast.alice, cast.dana_app, cast.round2, starts_at=start,
            ends_at=start + timedelta(hours=1), interviewers=[cast.ivy, cast.ian, cast.nora],
        )  # fmt: skip
        concern = do_raise_concern(cast.ivy, cast.dana_app, type="other", title=f"Doubt {i}")
        actions.do_share_topic(cast.harry, concern, f"Tell us more about topic {i}.")
    actions.do_save_intro(cast.nora, "Hello from Nora.")


def test_home_query_count_does_not_grow(client, cast, portal, django_assert_max_num_queries):
    _more_of_everything(cast, portal, 5)
    with django_assert_max_num_queries(BOUND):
        response = client.get(portal.url)
    assert response.status_code == 200
    assert response.content.decode().count("Tell us more about topic") == 5
    assert "Hello from Nora." in response.content.decode()
