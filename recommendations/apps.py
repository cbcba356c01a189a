from django.apps import AppConfig
from django.core import checks

from .paper.fonts import fonts_installed


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"

    def ready(self):
        checks.register(fonts_installed)
