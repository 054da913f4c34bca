import pytest

from secondround.errors import ActionError
from secondround.hiring.actions import do_create_job, do_update_job


def test_update_job_refuses_a_duplicate_title_with_a_clear_error(cast):
    do_create_job(cast.alice, title="Office Manager")
    with pytest.raises(ActionError) as refused:
        do_update_job(cast.alice, cast.job, title=" Office Manager ")
    assert refused.value.field == "title"
    cast.job.refresh_from_db()
    assert cast.job.title == "Data Engineer"


@pytest.mark.parametrize(
    "fields, field",
    [({"title": "  "}, "title"), ({"status": "party"}, "status"), ({"scale_max": 9}, "scale_max")],
)
def test_update_job_refuses_bad_fields(cast, fields, field):
    with pytest.raises(ActionError) as refused:
        do_update_job(cast.alice, cast.job, **fields)
    assert refused.value.field == field


def test_update_job_refuses_a_manager_from_elsewhere_or_without_the_role(cast):
    for manager in (cast.oscar, cast.ivy):
        with pytest.raises(ActionError):
            do_update_job(cast.alice, cast.job, hiring_manager=manager)
    do_update_job(cast.alice, cast.job, title="Senior Data Engineer", status="on_hold")
    cast.job.refresh_from_db()
    assert (cast.job.title, cast.job.status) == ("Senior Data Engineer", "on_hold")
