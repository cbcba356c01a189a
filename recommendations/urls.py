from django.urls import path

from . import glossary_views, report_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recommendations/", views.recommendation_list, name="list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="detail"),
    path("reports/<int:pk>/as-at/", views.report_as_at, name="as_at"),
    path("reports/<int:pk>/changes/", views.report_changes, name="changes"),
    path("glossary/", glossary_views.glossary, name="glossary"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/start/", report_views.report_start, name="report_start"),
    path("reports/<int:pk>/", report_views.report, name="report"),
    path("reports/<int:pk>/export.<slug:fmt>", report_views.report_export, name="report_export"),
    path("reports/<int:pk>/publish/", report_views.report_publish, name="report_publish"),
    path("reports/<int:pk>/decisions/", report_views.report_decisions, name="report_decisions"),
]
