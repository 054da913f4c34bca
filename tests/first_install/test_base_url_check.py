"""`check --deploy` requires SECONDROUND_BASE_URL, over https: links in e-mails and command
output are built from it."""

import pytest
from django.core.checks import run_checks


def ours(settings, base_url):
    settings.SECONDROUND_BASE_URL = base_url
    issues = run_checks(include_deployment_checks=True, tags=["security"])
    return [(issue.id, issue.level >= 40) for issue in issues if issue.id.startswith("secondround")]


@pytest.mark.parametrize(
    "base_url, expected",
    [
        ("", [("secondround.E010", True)]),  # an error
        ("http://hiring.example.com", [("secondround.W011", False)]),  # a warning
        ("https:/hiring.example.com", [("secondround.W011", False)]),  # no host
        ("https://hiring.example.com", []),
    ],
)
def test_the_deploy_check_wants_an_https_base_url(settings, base_url, expected):
    assert ours(settings, base_url) == expected


def test_it_runs_only_with_deploy(settings):
    settings.SECONDROUND_BASE_URL = ""
    assert not [i for i in run_checks(tags=["security"]) if i.id.startswith("secondround.E010")]
