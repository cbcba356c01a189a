from django.urls import path

from . import glossary_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recommendations/", views.recommendation_list, name="list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="detail"),
    path("reports/<int:pk>/as-at/", views.report_as_at, name="as_at"),
    path("reports/<int:pk>/changes/", views.report_changes, name="changes"),
    path("glossary/", glossary_views.glossary, name="glossary"),
]
