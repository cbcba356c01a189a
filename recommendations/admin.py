"""Admin for Drugs Directorate staff (progress) and committee officers (reports, decisions)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import flatten
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from scrutiny.admin import HistoryAdmin, StackedInline, TabularInline

from .filters import OVERDUE_CHOICES, STATUS_CHOICES, overdue_or_not, with_status
from .forms import (
    DraftReportOnlyInlineFormSet,
    MeetingForm,
    MembersDecisionForm,
    ProgressUpdateForm,
    ReportAbbreviationForm,
    ReportForm,
    ReportSectionForm,
    VersionedForm,
    VersionedInlineFormSet,
)
from .imports import COLUMN_HELP, ImportFailed, import_recommendations
from .imports.queued import (
    import_outcome,
    is_queued_import,
    may_see,
    problems_of,
    queue_import,
    summary_lines,
)
from .imports.reading import count_rows
from .models import (
    Abbreviation,
    CheckedImport,
    Committee,
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportAbbreviation,
    ReportSection,
    Scrutiny,
)
from .paper import services
from .paper.record import is_read_only, lock_writable, published_message
from .snapshot import snapshot_for
from .status import NO_UPDATE
from .versions import VersionConflict


def statuses_for_request(request):
    """Every recommendation's current status, worked out once per request.

    The changelist's columns and filters all read it, so the page costs one
    query for statuses whatever its length.
    """
    if not hasattr(request, "_recommendation_statuses"):
        request._recommendation_statuses = snapshot_for(request.user).statuses
    return request._recommendation_statuses


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "current status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return STATUS_CHOICES

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return with_status(queryset, statuses_for_request(request), {self.value()})


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return OVERDUE_CHOICES

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        statuses = statuses_for_request(request)
        return overdue_or_not(queryset, statuses, timezone.localdate(), self.value() == "yes")


# A progress update's fields as staff edit them, under its report or its recommendation.
UPDATE_FIELDS = [
    "proposed_status",
    ("due_from", "due_by"),
    "timescale_change_reason",
    "linked_to",
    "response",
    "status_statement",
    "seen_version",
]


class DraftUpdateInline(StackedInline):
    """A recommendation's updates in draft reports, which staff bring up to date here."""

    model = ProgressUpdate
    fk_name = "recommendation"
    form = ProgressUpdateForm
    formset = DraftReportOnlyInlineFormSet
    extra = 0
    autocomplete_fields = ["report", "linked_to"]
    fields = ["report", *UPDATE_FIELDS]
    show_change_link = True
    verbose_name = "update in a draft report"
    verbose_name_plural = "updates in draft reports"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(report__published_at__isnull=True)


class PublishedUpdateInline(StackedInline):
    """Its updates in published reports: the record, shown read-only, never changed here."""

    model = ProgressUpdate
    fk_name = "recommendation"
    extra = 0
    fields = ["report", *[name for name in UPDATE_FIELDS if name != "seen_version"]]
    readonly_fields = flatten(fields)
    verbose_name = "update in a published report"
    verbose_name_plural = "updates in published reports (read-only: corrections go in the next one)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(report__published_at__isnull=False)
            .select_related("report__meeting", "linked_to")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row, at most 5 MB. From Excel: Save As, "
        "CSV UTF-8 (comma delimited).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: split it into smaller ones.")
        return upload


def delete_selected_unless_published(modeladmin, request, queryset):
    """Django's bulk delete, refused with a message when a published report holds a row."""
    try:
        with transaction.atomic(using=router.db_for_write(modeladmin.model)):
            lock_writable(*modeladmin.held_report_ids(queryset))
            return delete_selected(modeladmin, request, queryset)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None


class KeepsPublishedReports:
    """Deletes, one or many, refused where a published report holds the rows (paper/record.py).

    `report_lookup` leads from the model to the reports that hold it.
    """

    report_lookup = "report"

    def held_report_ids(self, queryset) -> set[int]:
        return set(
            queryset.exclude(**{f"{self.report_lookup}__isnull": True}).values_list(
                self.report_lookup, flat=True
            )
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions[name] = (delete_selected_unless_published, name, description)
        return actions

    def delete_model(self, request, obj):
        lock_writable(*self.held_report_ids(type(obj)._default_manager.filter(pk=obj.pk)))
        super().delete_model(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class VersionedAdmin(HistoryAdmin):
    """Change pages that refuse to overwrite someone else's save: see forms.VersionedForm.

    The form checks the version inside the admin's transaction; the save
    claims the next version with a conditional UPDATE, and should a save
    still lose a race, nothing is saved and the page says so.
    """

    form = VersionedForm

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj.save_if_current(seen=form.cleaned_data.get("seen_version"))

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except VersionConflict as conflict:
            return self.refuse_conflict(request, conflict)

    def history_form_view(self, request, *args, **kwargs):
        """simple-history's revert page, in one transaction like the change page."""
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, *args, **kwargs)
        except VersionConflict as conflict:
            return self.refuse_conflict(request, conflict)

    def refuse_conflict(self, request, conflict):
        self.message_user(request, str(conflict), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


@admin.register(Recommendation)
class RecommendationAdmin(KeepsPublishedReports, VersionedAdmin):
    list_display = ["number", "short_text", "scrutiny", "current_status", "overdue"]
    list_display_links = ["number", "short_text"]
    list_filter = ["scrutiny", CurrentStatusFilter, OverdueFilter]
    list_select_related = ["scrutiny"]
    search_fields = ["text", "note", "=number"]
    autocomplete_fields = ["objectives", "measures"]
    inlines = [DraftUpdateInline, PublishedUpdateInline]
    ordering = ["scrutiny__title", "number"]
    report_lookup = "updates__report"

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "..."

    @admin.display(description="current status")
    def current_status(self, obj):
        return obj.current.wording

    @admin.display(description="overdue")
    def overdue(self, obj):
        """In words: the stock boolean column shows overdue work as a green tick."""
        return "Overdue" if obj.current.is_overdue(timezone.localdate()) else "No"

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        queued_import_view = self.admin_site.admin_view(self.queued_import_view)
        return [
            path("import/", import_view, name="recommendations_recommendation_import"),
            path(
                "import/<uuid:pk>/",
                queued_import_view,
                name="recommendations_recommendation_queued_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV of recommendations; any problem is listed and nothing changes.

        A file of more than IMPORT_QUEUE_ABOVE rows is imported by the task
        worker (imports/queued.py), and its own page follows it.
        """
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        problems = []
        if form.is_valid():
            try:
                return self.import_upload(request, form.cleaned_data["file"])
            except ImportFailed as failure:
                problems = failure.problems
        ctx = self.admin_site.each_context(request) | {
            "title": "Import recommendations from CSV",
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "column_help": COLUMN_HELP,
            "queue_above": f"{settings.IMPORT_QUEUE_ABOVE:,}",
            "max_rows": f"{settings.IMPORT_MAX_ROWS:,}",
        }
        return TemplateResponse(request, "admin/recommendations/recommendation/import.html", ctx)

    def import_upload(self, request, upload):
        """Import the file at once, or queue it when large; ImportFailed lists its problems."""
        content = upload.read()
        if is_queued_import(count_rows(content)):
            checked = queue_import(content=content, filename=upload.name, user=request.user)
            return redirect("admin:recommendations_recommendation_queued_import", checked.pk)
        result = import_recommendations(file=content, user=request.user)
        messages.success(request, f"Imported {upload.name}. {result}")
        return redirect("admin:recommendations_recommendation_changelist")

    def queued_import_view(self, request, pk):
        """Where a queued import stands: being imported, refused with its problems, or done."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        checked = get_object_or_404(CheckedImport.objects.defer("file"), pk=pk)
        if not may_see(checked, request.user):
            raise Http404("No such import")
        outcome = import_outcome(checked)
        title = {"underway": "Importing {}", "imported": "Imported {}"}.get(
            outcome, "{} was not imported"
        )
        ctx = self.admin_site.each_context(request) | {
            "title": title.format(checked.filename),
            "opts": self.model._meta,
            "checked": checked,
            "outcome": outcome,
            "problems": problems_of(checked),
            "summary_lines": summary_lines(checked),
        }
        template = "admin/recommendations/recommendation/queued_import.html"
        return TemplateResponse(request, template, ctx)

    def get_changelist_instance(self, request):
        # list_display callables see only the row, so give each row its status here.
        changelist = super().get_changelist_instance(request)
        statuses = statuses_for_request(request)
        for recommendation in changelist.result_list:
            recommendation.current = statuses.get(recommendation.pk, NO_UPDATE)
        return changelist


class FixedOncePublished:
    """An inline of a report's parts: read-only once the report is published."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not is_read_only(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_read_only(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_read_only(obj) and super().has_delete_permission(request, obj)


class ReportPartInline(FixedOncePublished, StackedInline):
    """A report's sections and updates, one stacked form each."""


class ReportAbbreviationInline(FixedOncePublished, TabularInline):
    """The report's own abbreviations list, as it prints it, in its order."""

    model = ReportAbbreviation
    form = ReportAbbreviationForm
    fields = ["position", "term", "expansion"]


class ReportSectionInline(ReportPartInline):
    model = ReportSection
    form = ReportSectionForm
    formset = VersionedInlineFormSet


class ReportUpdateInline(ReportPartInline):
    model = ProgressUpdate
    fk_name = "report"
    form = ProgressUpdateForm
    autocomplete_fields = ["recommendation", "linked_to"]
    formset = VersionedInlineFormSet
    fields = ["recommendation", *UPDATE_FIELDS]
    show_change_link = True


def publish_refusal(report: Report, error: Exception) -> str:
    """Why the publish action left this report a draft, for its own message."""
    if isinstance(error, ValidationError | VersionConflict):
        reason = " ".join(error.messages)
    else:  # a clash the locks did not foresee: the database refused the write
        reason = "someone else changed or published it while this ran; check it and try again."
    return f"Report {report.number} was not published: {reason}"


@admin.register(Report)
class ReportAdmin(KeepsPublishedReports, VersionedAdmin):
    form = ReportForm
    report_lookup = "pk"
    list_display = ["number", "title", "meeting", "scrutiny", "is_published"]
    list_filter = ["meeting__committee", "scrutiny", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["meeting__committee", "scrutiny"]
    search_fields = ["title", "summary", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "scrutiny"]
    date_hierarchy = "meeting__date"
    inlines = [ReportSectionInline, ReportAbbreviationInline, ReportUpdateInline]
    actions = ["publish_selected"]
    # Publishing goes through the action (or the report page), which checks the
    # permission and stamps the time; the field itself is not typed in.
    readonly_fields = ["published_at"]

    def has_change_permission(self, request, obj=None):
        return not is_read_only(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_read_only(obj) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("recommendations.publish_report")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            report = self.get_object(request, object_id)
            if is_read_only(report):
                self.message_user(request, published_message(report), "info")
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Publish the selected draft reports", permissions=["publish"])
    def publish_selected(self, request, queryset):
        """Each draft published on its own; one refused leaves the others published."""
        published, refused = 0, 0
        for report in queryset.filter(published_at__isnull=True):
            try:
                services.publish_report(report=report)
            except (ValidationError, VersionConflict, IntegrityError) as error:
                refused += 1
                self.message_user(request, publish_refusal(report, error), messages.ERROR)
            else:
                published += 1
        skipped = queryset.count() - published - refused
        if published or skipped:
            message = f"Published {published} report(s); they can no longer be changed."
            if skipped:
                message += f" {skipped} already published, left as they were."
            self.message_user(request, message, messages.SUCCESS if published else messages.INFO)

    @admin.display(description="published", boolean=True)
    def is_published(self, obj):
        return obj.is_published


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(KeepsPublishedReports, VersionedAdmin):
    list_display = ["recommendation", "report", "proposed_status", "linked_to"]
    list_filter = ["proposed_status", "report__meeting__committee", "report"]
    list_select_related = ["recommendation", "report", "linked_to"]
    search_fields = ["response", "recommendation__text", "=recommendation__number"]
    autocomplete_fields = ["report", "recommendation", "linked_to"]
    form = ProgressUpdateForm

    def has_change_permission(self, request, obj=None):
        published = obj is not None and is_read_only(obj.report)
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and is_read_only(obj.report)
        return not published and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            update = self.get_object(request, object_id)
            if update is not None and is_read_only(update.report):
                self.message_user(request, published_message(update.report), "info")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(MembersDecision)
class MembersDecisionAdmin(VersionedAdmin):
    form = MembersDecisionForm
    list_display = ["update", "outcome"]
    list_filter = ["outcome", "update__report"]
    list_select_related = ["update__recommendation", "update__report"]
    search_fields = ["minute", "=update__recommendation__number"]
    autocomplete_fields = ["update"]


@admin.register(Scrutiny)
class ScrutinyAdmin(HistoryAdmin):
    list_display = ["title", "body"]
    search_fields = ["title", "body"]


@admin.register(Committee)
class CommitteeAdmin(HistoryAdmin):
    search_fields = ["name"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    form = MeetingForm
    list_display = ["committee", "date"]
    list_filter = ["committee"]
    search_fields = ["committee__name"]
    date_hierarchy = "date"


@admin.register(Abbreviation)
class AbbreviationAdmin(HistoryAdmin):
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]
