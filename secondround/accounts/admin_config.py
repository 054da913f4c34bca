"""Installs secondround's admin site (see admin_site.py) as Django's default admin site.

Kept apart from admin_site.py because INSTALLED_APPS imports it before models load."""

from django.contrib.admin.apps import AdminConfig


class SecondroundAdminConfig(AdminConfig):
    default_site = "secondround.accounts.admin_site.SecondroundAdminSite"
