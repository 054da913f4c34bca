"""Every model's `visible_to(member)`, table-driven over every role (tables.VISIBLE)."""

import pytest
import rules
from django.apps import apps

from tests.permissions.conftest import cases
from tests.permissions.scene import thing
from tests.permissions.tables import VISIBLE

DOMAIN_APPS = [
    "accounts",
    "hiring",
    "scorecards",
    "concerns",
    "decisions",
    "audit",
    "calibration",
    "notifications",
    "scheduling",
]
NOT_FILTERED = {"accounts.organisation"}  # the tenant itself: a member only ever sees their own


@pytest.mark.parametrize(("viewer", "name", "expected"), cases(VISIBLE))
def test_visible_to(scene, arrive, viewer, name, expected):
    member = arrive(viewer)
    obj = thing(scene, name)
    visible = type(obj).objects.visible_to(member).filter(pk=obj.pk)
    assert visible.exists() is expected


def test_table_covers_every_domain_model(db, scene):
    """A model without a read filter, a view predicate or a row in the table fails here."""
    covered = {thing(scene, name)._meta.label_lower for name in VISIBLE}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            key = model._meta.label_lower
            if key in NOT_FILTERED:
                continue
            assert hasattr(model.objects, "visible_to"), f"{key} has no visible_to"
            assert key in covered, f"{key} has no row in tables.VISIBLE"
            perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
            assert rules.perm_exists(perm), f"{perm} is not registered"
