"""The draft's workspace forms: the admin's forms, with the fields as GOV.UK pages ask for them.

Each subclasses the admin's form (recommendations/forms.py), so the conflicting
edit check, the published-report refusal, the model's rules and the slipped
timescale reason hold here exactly as there. What differs is how a timescale is
typed: as the report words it, in months from the meeting, or as dates in
GOV.UK's three-box date input. Both are turned into the update's promised
dates (`due_from`, `due_by`) before any field reads them, so everything after
works on dates alone.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from ..forms import (
    ProgressUpdateForm,
    ReportForm,
    ReportSectionForm,
    SeenVersionField,
    VersionedForm,
)
from ..models import Recommendation, ReportSection, Status
from ..timescales import (
    EARLIEST_DATE,
    LATEST_DUE,
    LONGEST_MONTHS,
    promised_dates,
    timescale_months,
)

MONTHS, DATES = "months", "dates"
DATE_PARTS = ("day", "month", "year")


def date_from_parts(parts: list[str], name: str) -> tuple[date | None, str]:
    """A date typed in three boxes, or the GOV.UK message saying what is wrong ("" if none)."""
    if not any(parts):
        return None, ""
    if not all(parts):
        return None, f"{name} must include a day, month and year"
    try:
        day, month, year = (int(part) for part in parts)
        typed = date(year, month, day)
    except (ValueError, OverflowError):  # date() overflows on a huge day or month
        return None, f"{name} must be a real date, like 6 9 2008"
    if not EARLIEST_DATE <= typed <= LATEST_DUE:
        return None, f"{name} must be between {EARLIEST_DATE.year} and {LATEST_DUE.year}"
    return typed, ""


class RecommendationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        text = obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"
        return f"{obj.number}: {text}"


class WorkspaceUpdateForm(ProgressUpdateForm):
    """One update of a draft: status, timescale (months or dates), link, response, reason."""

    timescale_as = forms.ChoiceField(
        choices=[
            (MONTHS, "In months from the meeting, as the report words it"),
            (DATES, "By dates"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    months_from = forms.IntegerField(
        label="Not before (months), optional",
        required=False,
        min_value=0,
        max_value=LONGEST_MONTHS - 1,
        error_messages={
            "invalid": "Not before must be a whole number of months, like 3",
            "min_value": "Not before must be 0 months or more",
            "max_value": f"Not before must be fewer than {LONGEST_MONTHS} months",
        },
    )
    months_to = forms.IntegerField(
        label="Complete within (months)",
        required=False,
        min_value=1,
        max_value=LONGEST_MONTHS,
        error_messages={
            "invalid": "Complete within must be a whole number of months, like 6",
            "min_value": "Complete within must be 1 month or more",
            "max_value": f"Complete within must be {LONGEST_MONTHS} months or fewer",
        },
    )

    # The dates the page shows in three boxes each; read into due_from and due_by.
    DATE_FIELDS = {"due_from": "Expected from", "due_by": "Expected by"}
    TIMESCALE_FIELDS = ("timescale_as", "months_from", "months_to", "due_from", "due_by")

    class Meta(ProgressUpdateForm.Meta):
        fields = [
            "proposed_status",
            "due_from",
            "due_by",
            "timescale_change_reason",
            "linked_to",
            "response",
            "status_statement",
        ]
        widgets = {"due_from": forms.HiddenInput, "due_by": forms.HiddenInput}
        labels = {
            "proposed_status": "Status this report proposes",
            "timescale_change_reason": "Why the timescale moved",
            "linked_to": "Treated as above: takes the status of",
            "response": "Response",
            "status_statement": "Status sentence, optional",
        }
        error_messages = {
            "proposed_status": {
                "required": "Choose the status this report proposes",
                "invalid_choice": "Choose complete, outstanding or for members' consideration",
            },
            "response": {"required": "Enter the response"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        update = self.instance
        self.meeting = update.report.meeting.date
        for name in DATE_PARTS:
            for field in self.DATE_FIELDS:
                self.fields[f"{field}_{name}"] = forms.CharField(required=False, max_length=4)
        self.fields["linked_to"] = RecommendationChoiceField(
            queryset=Recommendation.objects.filter(scrutiny_id=update.recommendation.scrutiny_id)
            .exclude(pk=update.recommendation_id)
            .order_by("number"),
            required=False,
            empty_label="Not linked",
            label=self._meta.labels["linked_to"],
            error_messages={"invalid_choice": "Choose a recommendation from the list"},
        )
        self.fields["linked_to"].initial = update.linked_to_id
        self.set_timescale_initial()
        self.timescale_problems: dict[str, str] = {}
        if self.is_bound:
            self.data = self.data.copy()
            self.read_timescale()

    def set_timescale_initial(self) -> None:
        update = self.instance
        months = timescale_months(self.meeting, update.due_from, update.due_by)
        self.initial.setdefault("timescale_as", MONTHS if months or not update.due_by else DATES)
        if months:
            self.initial.setdefault("months_from", months[0] or None)
            self.initial.setdefault("months_to", months[1])
        for field in self.DATE_FIELDS:
            day = getattr(update, field)
            for name in DATE_PARTS:
                self.initial.setdefault(f"{field}_{name}", getattr(day, name) if day else "")

    def submitted(self, name: str) -> str:
        return (self.data.get(self.add_prefix(name)) or "").strip()

    def read_timescale(self) -> None:
        """The promised dates as typed, put where due_from and due_by read them.

        Only outstanding work has a timescale; any other status clears it. What
        cannot be read is kept in `timescale_problems`, shown by its boxes.
        """
        due_from = due_by = None
        if self.submitted("proposed_status") == Status.OUTSTANDING:
            due_from, due_by = self.typed_dates()
        for field, value in (("due_from", due_from), ("due_by", due_by)):
            self.data[self.add_prefix(field)] = value.isoformat() if value else ""

    def typed_dates(self) -> tuple[date | None, date | None]:
        way = self.submitted("timescale_as")
        if way == DATES:
            typed = {}
            for field, name in self.DATE_FIELDS.items():
                parts = [self.submitted(f"{field}_{part}") for part in DATE_PARTS]
                typed[field], problem = date_from_parts(parts, name)
                if problem:
                    self.timescale_problems[field] = problem
            if not typed["due_by"] and "due_by" not in self.timescale_problems:
                self.timescale_problems["due_by"] = (
                    "Enter the date the work is expected to be complete by"
                )
            return typed["due_from"], typed["due_by"]
        if way == MONTHS:
            start, end = self.submitted("months_from"), self.submitted("months_to")
            if not end:
                self.timescale_problems["months_to"] = (
                    "Enter the number of months the work should be complete within"
                )
                return None, None
            try:
                from_months, to_months = int(start or 0), int(end)
            except ValueError:
                return None, None  # the month fields say so themselves
            if not (0 <= from_months < to_months <= LONGEST_MONTHS):
                self.timescale_problems.setdefault(
                    "months_from", "Not before must be fewer months than complete within"
                )
                return None, None
            return promised_dates(self.meeting, from_months, to_months)
        self.timescale_problems["timescale_as"] = "Choose how to give the timescale"
        return None, None

    def clean(self):
        for field, problem in self.timescale_problems.items():
            self.add_error(field, problem)
        return super().clean()

    def _update_errors(self, errors):
        """The model's own word on missing dates repeats a timescale problem already shown."""
        if self.timescale_problems and hasattr(errors, "error_dict"):
            kept = {
                name: messages
                for name, messages in errors.error_dict.items()
                if name not in self.DATE_FIELDS
            }
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)

    def timescale_errors(self) -> list[str]:
        """Every message about the timescale, shown together in its fieldset."""
        return [error for name in self.TIMESCALE_FIELDS for error in self.errors.get(name, [])]

    def error_targets(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary: the timescale's errors go to its boxes."""
        way = self.data.get(self.add_prefix("timescale_as")) if self.is_bound else ""
        timescale_target = {
            MONTHS: self["months_to"].auto_id,
            DATES: self["due_by_day"].auto_id,
        }.get(way, f"{self['timescale_as'].auto_id}_0")
        targets: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__":
                target = "update-form"
            elif name in self.TIMESCALE_FIELDS:
                target = timescale_target
            elif name == "proposed_status":
                target = f"{self[name].auto_id}_0"
            else:
                target = self[name].auto_id
            targets.extend((target, error) for error in errors)
        return targets


class WorkspacePageForm:
    """A workspace page's plain form: where the error summary's links lead."""

    form_id = ""

    def error_targets(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary: a field's box, else the form."""
        targets: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            target = self.form_id if name == "__all__" else self[name].auto_id
            targets.extend((target, error) for error in errors)
        return targets


class WorkspaceDetailsForm(WorkspacePageForm, ReportForm):
    """A draft's own words: title, description, who it is by, its author and summary."""

    form_id = "details-form"
    markdown_field = "summary"

    class Meta(ReportForm.Meta):
        fields = ["title", "standfirst", "by", "author", "summary"]
        labels = {"standfirst": "Description", "by": "By", "author": "Author", "summary": "Summary"}
        help_texts = {
            "standfirst": "One sentence under the title saying what the paper is about.",
            "by": "Who the report is from, for example Assistant Commissioner Specialist Crime.",
            "author": "The report's author or authors, with their role.",
            "summary": "What the paper tells members, before the recommendations.",
        }
        error_messages = {
            "title": {
                "required": "Enter the report's title",
                "max_length": "Title must be 300 characters or fewer",
            },
            "by": {"max_length": "By must be 300 characters or fewer"},
            "author": {"max_length": "Author must be 300 characters or fewer"},
        }


class WorkspaceSectionForm(WorkspacePageForm, ReportSectionForm):
    """One of a draft's sections C-F: its heading and its text."""

    form_id = "section-form"
    # 0: the page showed no section yet, so one someone else adds meanwhile is a conflict.
    seen_version = SeenVersionField(
        required=False,
        min_value=0,
        error_messages=VersionedForm.base_fields["seen_version"].error_messages,
    )

    class Meta(ReportSectionForm.Meta):
        fields = ["heading", "body"]
        labels = {"heading": "Heading", "body": "Text"}
        help_texts = {"heading": "", "body": "The section as the report will print it."}
        error_messages = {
            "heading": {
                "required": "Enter the section's heading",
                "max_length": "Heading must be 200 characters or fewer",
            },
            "body": {"required": "Enter the section's text"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", 0)

    def clean(self):
        """A section first saved by someone else while this page was open is theirs to keep.

        Checked under the report's lock (workspace.save_in_workspace), which every
        write to a report's sections takes, so no one can add it in between.
        """
        cleaned = super().clean()
        section = self.instance
        if (
            section._state.adding
            and (
                ReportSection.objects.filter(report_id=section.report_id, letter=section.letter)
            ).exists()
        ):
            raise ValidationError(
                f"Someone else saved section {section.letter} after you opened this page, so "
                "your changes have not been saved. Reload the page to see theirs, then make "
                "yours again."
            )
        return cleaned
