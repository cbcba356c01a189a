"""The admin app, with the project's admin site (scrutiny/admin.py) as its default site."""

from django.contrib.admin.apps import AdminConfig


class ScrutinyAdminConfig(AdminConfig):
    default_site = "scrutiny.admin.AdminSite"
