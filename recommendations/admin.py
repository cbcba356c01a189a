"""Admin for Drugs Directorate staff (progress) and committee officers (reports, decisions)."""

from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Abbreviation,
    Committee,
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportSection,
    Scrutiny,
    Status,
)
from .status import NO_UPDATE, current_statuses


def statuses_for_request(request):
    """Every recommendation's current status, worked out once per request.

    The changelist's columns and filters all read it, so the page costs one
    query for statuses whatever its length.
    """
    if not hasattr(request, "_recommendation_statuses"):
        updates = ProgressUpdate.objects.visible_to(request.user).for_status()
        request._recommendation_statuses = current_statuses(updates)
    return request._recommendation_statuses


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "current status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Status.choices, ("none", "No update yet")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        wanted = "" if self.value() == "none" else self.value()
        statuses = statuses_for_request(request)
        matching = [pk for pk, current in statuses.items() if current.status == wanted]
        if wanted == "":
            return queryset.exclude(pk__in=list(statuses))
        return queryset.filter(pk__in=matching)


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        today = timezone.localdate()
        overdue = [
            pk for pk, current in statuses_for_request(request).items() if current.is_overdue(today)
        ]
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    fk_name = "recommendation"
    extra = 0
    autocomplete_fields = ["report", "linked_to"]
    fields = [
        "report",
        "proposed_status",
        ("timescale_from_months", "timescale_to_months"),
        "linked_to",
        "response",
        "status_statement",
    ]
    show_change_link = True


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "short_text", "scrutiny", "current_status", "overdue"]
    list_display_links = ["number", "short_text"]
    list_filter = ["scrutiny", CurrentStatusFilter, OverdueFilter]
    list_select_related = ["scrutiny"]
    search_fields = ["text", "note", "=number"]
    autocomplete_fields = ["objectives", "measures"]
    inlines = [ProgressUpdateInline]
    ordering = ["scrutiny__title", "number"]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "..."

    @admin.display(description="current status")
    def current_status(self, obj):
        if obj.current.basis:
            return f"{obj.current.label} ({obj.current.basis})"
        return obj.current.label

    @admin.display(description="overdue", boolean=True)
    def overdue(self, obj):
        return obj.current.is_overdue(timezone.localdate())

    def get_changelist_instance(self, request):
        # list_display callables see only the row, so give each row its status here.
        changelist = super().get_changelist_instance(request)
        statuses = statuses_for_request(request)
        for recommendation in changelist.result_list:
            recommendation.current = statuses.get(recommendation.pk, NO_UPDATE)
        return changelist


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


class ReportUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    fk_name = "report"
    extra = 0
    autocomplete_fields = ["recommendation", "linked_to"]
    fields = [
        "recommendation",
        "proposed_status",
        ("timescale_from_months", "timescale_to_months"),
        "linked_to",
        "response",
        "status_statement",
    ]
    show_change_link = True


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "scrutiny", "is_published"]
    list_filter = ["meeting__committee", "scrutiny", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["meeting__committee", "scrutiny"]
    search_fields = ["title", "summary", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "scrutiny"]
    date_hierarchy = "meeting__date"
    inlines = [ReportSectionInline, ReportUpdateInline]

    @admin.display(description="published", boolean=True)
    def is_published(self, obj):
        return obj.is_published


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "report", "proposed_status", "linked_to"]
    list_filter = ["proposed_status", "report__meeting__committee", "report"]
    list_select_related = ["recommendation", "report", "linked_to"]
    search_fields = ["response", "recommendation__text", "=recommendation__number"]
    autocomplete_fields = ["report", "recommendation", "linked_to"]


@admin.register(MembersDecision)
class MembersDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["update", "outcome"]
    list_filter = ["outcome", "update__report"]
    list_select_related = ["update__recommendation", "update__report"]
    search_fields = ["minute", "=update__recommendation__number"]
    autocomplete_fields = ["update"]


@admin.register(Scrutiny)
class ScrutinyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body"]
    search_fields = ["title", "body"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "date"]
    list_filter = ["committee"]
    search_fields = ["committee__name"]
    date_hierarchy = "date"


@admin.register(Abbreviation)
class AbbreviationAdmin(SimpleHistoryAdmin):
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]
