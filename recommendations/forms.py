"""Forms for the committee officers' workflow, and the read-only rule for published reports."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from .models import Committee, Outcome, ProgressUpdate, Report, ReportSection, Scrutiny
from .services import Decision, ensure_report_is_draft

NO_DECISION = ""
DECISION_CHOICES = [*Outcome.choices, (NO_DECISION, "No decision yet")]


class StartReportForm(forms.Form):
    """The next report of a scrutiny for a committee's meeting; the meeting is made if new."""

    committee = forms.ModelChoiceField(
        queryset=Committee.objects.order_by("name"),
        empty_label="Choose a committee",
        error_messages={"required": "Choose the committee the report goes to",
                        "invalid_choice": "Choose a committee from the list"},
    )
    # GOV.UK's date input: three boxes, one error message for the whole date.
    meeting_day = forms.CharField(required=False, max_length=2)
    meeting_month = forms.CharField(required=False, max_length=2)
    meeting_year = forms.CharField(required=False, max_length=4)
    number = forms.IntegerField(
        label="Report number",
        min_value=1,
        max_value=999,
        error_messages={
            "required": "Enter the report's item number on the agenda",
            "invalid": "Report number must be a whole number, like 4",
            "min_value": "Report number must be 1 or more",
            "max_value": "Report number must be 999 or less",
        },
    )
    title = forms.CharField(
        max_length=300,
        error_messages={"required": "Enter the report's title",
                        "max_length": "Title must be 300 characters or fewer"},
    )
    scrutiny = forms.ModelChoiceField(
        queryset=Scrutiny.objects.order_by("title"),
        empty_label="Choose a scrutiny",
        error_messages={"required": "Choose the scrutiny whose recommendations it updates",
                        "invalid_choice": "Choose a scrutiny from the list"},
    )

    DATE_PARTS = ("meeting_day", "meeting_month", "meeting_year")

    def clean(self):
        cleaned = super().clean()
        parts = [self.data.get(self.add_prefix(name), "").strip() for name in self.DATE_PARTS]
        for name in self.DATE_PARTS:
            self._errors.pop(name, None)
        if not any(parts):
            self.add_error("meeting_day", "Enter the meeting date")
        elif not all(parts):
            self.add_error("meeting_day", "Meeting date must include a day, month and year")
        else:
            try:
                day, month, year = (int(part) for part in parts)
                if not 1900 <= year <= 2999:
                    raise ValueError
                cleaned["meeting_date"] = date(year, month, day)
            except ValueError:
                self.add_error("meeting_day", "Meeting date must be a real date, like 6 3 2008")
        committee, number = cleaned.get("committee"), cleaned.get("number")
        meeting_date = cleaned.get("meeting_date")
        if committee and number and meeting_date and Report.objects.filter(
            meeting__committee=committee, meeting__date=meeting_date, number=number
        ).exists():
            self.add_error(
                "number",
                f"The {committee} meeting on {meeting_date.day} {meeting_date:%B %Y} "
                f"already has a report {number}",
            )
        return cleaned


class DecisionsForm(forms.Form):
    """Members' decision and minute on every update of one report, saved together."""

    def __init__(self, *args, updates, **kwargs):
        super().__init__(*args, **kwargs)
        self.updates = list(updates)
        for update in self.updates:
            decision = getattr(update, "decision", None)
            number = update.recommendation.number
            self.fields[self.outcome_field(update)] = forms.ChoiceField(
                label=f"Decision on recommendation {number}",
                choices=DECISION_CHOICES,
                required=False,
                initial=decision.outcome if decision else NO_DECISION,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Choose a decision for recommendation {number} "
                    "from the list",
                },
            )
            self.fields[self.minute_field(update)] = forms.CharField(
                label=f"Minute on recommendation {number} (optional)",
                required=False,
                max_length=5000,
                initial=decision.minute if decision else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"Minute on recommendation {number} must be 5,000 "
                    "characters or fewer",
                },
            )

    @staticmethod
    def outcome_field(update) -> str:
        return f"outcome-{update.pk}"

    @staticmethod
    def minute_field(update) -> str:
        return f"minute-{update.pk}"

    def clean(self):
        cleaned = super().clean()
        for update in self.updates:
            outcome = cleaned.get(self.outcome_field(update))
            minute = cleaned.get(self.minute_field(update), "")
            if minute.strip() and outcome == NO_DECISION:
                self.add_error(
                    self.outcome_field(update),
                    f"Choose a decision for recommendation {update.recommendation.number} "
                    "to go with its minute, or clear the minute",
                )
        return cleaned

    def rows(self):
        """Each update with its two bound fields, in the report's order, for the template."""
        return [
            (update, self[self.outcome_field(update)], self[self.minute_field(update)])
            for update in self.updates
        ]

    def decisions(self) -> dict[int, Decision]:
        return {
            update.pk: Decision(
                outcome=self.cleaned_data[self.outcome_field(update)],
                minute=self.cleaned_data[self.minute_field(update)].strip(),
            )
            for update in self.updates
        }


class DraftReportOnlyForm(forms.ModelForm):
    """Refuses changes to a published report's parts, whichever admin form makes them.

    Unchanged rows pass, so a page that merely shows them (a recommendation's
    inline list of updates, say) can still be saved.
    """

    def clean(self):
        cleaned = super().clean()
        report = cleaned.get("report") or self._report_of_instance()
        if report is not None and (self.instance._state.adding or self.has_changed()):
            try:
                ensure_report_is_draft(report)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned

    def _report_of_instance(self) -> Report | None:
        return self.instance.report if self.instance.report_id else None


class ProgressUpdateForm(DraftReportOnlyForm):
    class Meta:
        model = ProgressUpdate
        fields = [
            "report", "recommendation", "proposed_status", "timescale_from_months",
            "timescale_to_months", "linked_to", "response", "status_statement",
        ]


class ReportSectionForm(DraftReportOnlyForm):
    class Meta:
        model = ReportSection
        fields = ["report", "letter", "heading", "body"]


class DraftReportOnlyInlineFormSet(forms.BaseInlineFormSet):
    """Refuses deleting a published report's parts through an inline."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            report = form.instance.report if form.instance.report_id else None
            if report is not None and form.instance.pk:
                ensure_report_is_draft(report)
