from django.urls import path

from . import glossary_views, views

app_name = "recommendations"

urlpatterns = [
    path("glossary/", glossary_views.glossary, name="glossary"),
]
