"""The committee paper's pages, named within the recommendations namespace."""

from django.urls import path

from . import views, workspace

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/start/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/export.<slug:fmt>", views.report_export, name="report_export"),
    path("reports/<int:pk>/check/", views.report_check, name="report_check"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:pk>/discard/", views.report_discard, name="report_discard"),
    path("reports/<int:pk>/decisions/", views.report_decisions, name="report_decisions"),
    path("exports/<uuid:pk>/", views.prepared_export, name="prepared_export"),
    path(
        "exports/<uuid:pk>/download",
        views.prepared_export_download,
        name="prepared_export_download",
    ),
    path("reports/<int:pk>/as-at/", views.report_as_at, name="as_at"),
    path("reports/<int:pk>/changes/", views.report_changes, name="changes"),
]

# The draft's workspace (workspace.py): its task list and a page per task.
urlpatterns += [
    path("reports/<int:pk>/workspace/", workspace.workspace, name="workspace"),
    path(
        "reports/<int:pk>/workspace/recommendations/<int:number>/",
        workspace.workspace_update,
        name="workspace_update",
    ),
    path(
        "reports/<int:pk>/workspace/details/",
        workspace.workspace_details,
        name="workspace_details",
    ),
    path(
        "reports/<int:pk>/workspace/sections/<str:letter>/",
        workspace.workspace_section,
        name="workspace_section",
    ),
]
