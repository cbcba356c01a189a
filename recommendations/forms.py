"""Forms for the committee officers' workflow, and the read-only rule for published reports."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from .models import Committee, Outcome, ProgressUpdate, Report, ReportSection, Scrutiny
from .services import NO_DECISION_VERSION, Decision, ensure_report_is_draft
from .versions import Difference, VersionConflict, conflict_messages, saved_by, shown

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
            except (ValueError, OverflowError):  # date() overflows on a huge day or month
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
            self.fields[self.version_field(update)] = SeenVersionField(
                required=False,
                min_value=NO_DECISION_VERSION,
                initial=decision.version if decision else NO_DECISION_VERSION,
            )

    @staticmethod
    def outcome_field(update) -> str:
        return f"outcome-{update.pk}"

    @staticmethod
    def minute_field(update) -> str:
        return f"minute-{update.pk}"

    @staticmethod
    def version_field(update) -> str:
        """The version of the update's decision the page showed; 0 when it had none."""
        return f"version-{update.pk}"

    def clean(self):
        cleaned = super().clean()
        damaged = [self._errors.pop(self.version_field(update), None) for update in self.updates]
        if any(damaged):  # hidden fields: no one could correct them by the row
            self.add_error(None, "This page was damaged: reload it and make your choices again")
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
        """Each update with its bound fields, in the report's order, for the template."""
        return [
            (update, self[self.outcome_field(update)], self[self.minute_field(update)],
             self[self.version_field(update)])
            for update in self.updates
        ]

    def decisions(self) -> dict[int, Decision]:
        return {
            update.pk: Decision(
                outcome=self.cleaned_data[self.outcome_field(update)],
                minute=self.cleaned_data[self.minute_field(update)].strip(),
                seen_version=self.cleaned_data[self.version_field(update)],
            )
            for update in self.updates
        }

    def refuse_conflict(self, conflict: VersionConflict) -> None:
        """Someone else's decisions, shown on their rows; saving again replaces them."""
        self.data = self.data.copy()
        by_id = {update.pk: update for update in self.updates}
        for update_id, version in conflict.versions.items():
            self.data[self.version_field(by_id[update_id])] = version
        for update_id, message in conflict.rows.items():
            self.add_error(self.outcome_field(by_id[update_id]), message)
        for message in conflict.messages:
            self.add_error(None, message)


class SeenVersionField(forms.IntegerField):
    """The version of the row a page showed: not itself a change to the row."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionedForm(forms.ModelForm):
    """A change form that will not overwrite someone else's save with the copy it showed.

    The page carries the version of the row it showed in a hidden field. If
    the row has been saved since, each field someone else changed is compared
    with what was submitted: where saving would overwrite their value, the
    form is refused listing each such field, the submitted value and the
    stored one, and the hidden field moves on to the stored version, so saving
    again is a deliberate choice to replace them. Where nothing of theirs
    would be lost, the save goes ahead.

    Inside a transaction (the admin's) the stored row is read with
    select_for_update, so on PostgreSQL nobody can save it between this check
    and the save; the save itself (`Versioned.save_if_current`) is
    conditional on the version too. A post without the field (a script, not
    the page) is not checked.
    """

    seen_version = SeenVersionField(
        required=False, min_value=1,
        error_messages={
            "invalid": "This page was damaged: reload it and make your changes again.",
            "min_value": "This page was damaged: reload it and make your changes again.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("seen_version", self.version_shown())

    def is_restoring(self) -> bool:
        """simple-history's revert page shows an old version of the row, marked `_history`."""
        return hasattr(self.instance, "_history")

    def version_shown(self) -> int:
        if self.is_restoring():  # the old values, offered in place of the stored version
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
            return stored.values_list("version", flat=True).first() or self.instance.version
        return self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        self.version_conflict = []
        if self.instance.pk is None or seen is None:
            return cleaned
        if not self.has_changed() and not self.is_restoring():
            # Everything submitted is what this request read from the database:
            # nothing of anyone's is lost, and the save checks that version.
            cleaned["seen_version"] = self.instance.version
            return cleaned
        stored = self.stored_row()
        if stored is None:
            raise ValidationError(
                f"This {self._meta.model._meta.verbose_name} was deleted by someone else "
                "after you opened this page."
            )
        if stored.version != seen and (differences := self.differences_from(stored, seen)):
            self.carry_version(stored.version)
            noun = self._meta.model._meta.verbose_name
            self.version_conflict = conflict_messages(noun, saved_by(stored), differences)
            raise ValidationError(self.version_conflict)
        cleaned["seen_version"] = stored.version
        return cleaned

    def stored_row(self):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(rows.db).in_atomic_block:
            rows = rows.select_for_update()
        return rows.first()

    def compared_fields(self) -> list[str]:
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields]

    def differences_from(self, stored, seen: int) -> list[Difference]:
        """The fields where saving would overwrite someone else's change, as the form shows them.

        A field is listed when the submitted value differs from the stored one
        and the stored one is not what the page showed: a field only this
        person changed is theirs to change. What the page showed is the
        history record of version `seen`; without one (rows loaded from
        fixtures have none) every differing field is listed.
        """
        names = self.compared_fields()
        stored_values = model_to_dict(stored, fields=names)
        page_showed = stored.history.filter(version=seen).first()
        differences = []
        for name in names:
            field = self.fields[name]
            if not field.has_changed(stored_values.get(name), self[name].data):
                continue
            model_field = stored._meta.get_field(name)
            if page_showed is not None and not model_field.many_to_many and (
                getattr(page_showed, model_field.attname) == getattr(stored, model_field.attname)
            ):
                continue
            yours, theirs = self.cleaned_data.get(name), stored_values.get(name)
            if isinstance(field, forms.ModelMultipleChoiceField):
                pass  # both are lists of objects already
            elif isinstance(field, forms.ModelChoiceField):
                theirs = getattr(stored, name)  # the object, not its id
            elif isinstance(field, forms.ChoiceField):
                labels = dict(field.choices)
                yours, theirs = labels.get(yours, yours), labels.get(theirs, theirs)
            differences.append(Difference(str(field.label), shown(yours), shown(theirs)))
        return differences

    def carry_version(self, version: int) -> None:
        """Show the stored version in the hidden field, so saving again replaces it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = version

    def save(self, commit=True):
        """Inline rows save here: only if the row is still at the version checked."""
        instance = super().save(commit=False)
        if commit:
            instance.save_if_current(seen=self.cleaned_data.get("seen_version"))
            self._save_m2m()
        return instance


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


class ProgressUpdateForm(VersionedForm, DraftReportOnlyForm):
    class Meta:
        model = ProgressUpdate
        fields = [
            "report", "recommendation", "proposed_status", "timescale_from_months",
            "timescale_to_months", "timescale_change_reason", "linked_to", "response",
            "status_statement",
        ]
        widgets = {"timescale_change_reason": forms.Textarea(attrs={"rows": 2})}


class ReportSectionForm(DraftReportOnlyForm):
    class Meta:
        model = ReportSection
        fields = ["report", "letter", "heading", "body"]


class VersionedInlineFormSet(forms.BaseInlineFormSet):
    """Refuses deleting a row someone else changed after the page showed it.

    A form marked for deletion is not saved, so the formset ignores its
    errors; a version conflict found on it has to be raised here instead.
    """

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if getattr(form, "version_conflict", None):
                raise ValidationError(form.version_conflict)


class DraftReportOnlyInlineFormSet(VersionedInlineFormSet):
    """Refuses deleting a published report's parts through an inline."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            report = form.instance.report if form.instance.report_id else None
            if report is not None and form.instance.pk:
                ensure_report_is_draft(report)
