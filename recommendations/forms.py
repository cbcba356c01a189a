"""Forms for the admin: versioned saves, and the read-only rule for published reports."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from scrutiny.forms import NormalisedModelForm

from .models import (
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Report,
    ReportAbbreviation,
    ReportSection,
)
from .paper.record import lock_decidable, lock_meeting, lock_writable
from .status import decision_misfit
from .versions import Difference, conflict_messages, saved_by, shown


class SeenVersionField(forms.IntegerField):
    """The version of the row a page showed: not itself a change to the row."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionedForm(NormalisedModelForm):
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
        required=False,
        min_value=1,
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
            if (
                page_showed is not None
                and not model_field.many_to_many
                and (
                    getattr(page_showed, model_field.attname)
                    == getattr(stored, model_field.attname)
                )
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


class DraftReportOnlyForm(NormalisedModelForm):
    """Refuses writing a published report's parts, whichever admin form (or revert) writes them.

    Both the report the row is stored in and the one it would move to are
    locked and checked (paper/record.py), so moving a row out of a published
    report is refused as firmly as moving one in. Unchanged rows pass, so a
    page that merely shows them (a recommendation's inline list of updates,
    say) can still be saved; a revert always writes, so it is always checked.
    """

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding or self.has_changed() or hasattr(self.instance, "_history"):
            try:
                lock_writable(self.stored_report_id(), cleaned.get("report"))
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned

    def stored_report_id(self) -> int | None:
        """The report the row is in now, from the database: the form's copy may be moved."""
        if self.instance.pk is None:
            return None
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        return stored.values_list("report_id", flat=True).first()


class ProgressUpdateForm(VersionedForm, DraftReportOnlyForm):
    class Meta:
        model = ProgressUpdate
        fields = [
            "report",
            "recommendation",
            "proposed_status",
            "due_from",
            "due_by",
            "timescale_change_reason",
            "linked_to",
            "response",
            "status_statement",
        ]
        widgets = {"timescale_change_reason": forms.Textarea(attrs={"rows": 2})}


class ReportSectionForm(VersionedForm, DraftReportOnlyForm):
    class Meta:
        model = ReportSection
        fields = ["report", "letter", "heading", "body"]


class ReportAbbreviationForm(DraftReportOnlyForm):
    class Meta:
        model = ReportAbbreviation
        fields = ["report", "position", "term", "expansion"]


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
    """Refuses deleting a published report's parts through an inline, wherever the row points."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk:
                lock_writable(form.stored_report_id(), form.instance.report_id)


class ReportForm(VersionedForm):
    """A report's own fields: refused once it is published, checked under the report's lock.

    The admin saves the whole row, so a page opened before a publish would
    otherwise put the report back to a draft.
    """

    class Meta:
        model = Report
        fields = ["meeting", "number", "scrutiny", "title", "standfirst", "by", "summary", "author"]
        # Plain words for the people who fill it in, not the print trade's or a format's name.
        labels = {"standfirst": "Description", "by": "By"}
        help_texts = {
            "standfirst": "One sentence under the title saying what the paper is about.",
            "summary": "The paper's Summary section. You can use Markdown: leave a blank line "
            'between paragraphs, start a line with "- " for a bulleted list and wrap words in '
            "**double asterisks** for bold.",
        }

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            lock_writable(self.instance.pk)
        return cleaned


class MeetingForm(NormalisedModelForm):
    """A meeting with a published report keeps its date and committee: they are in the record."""

    class Meta:
        model = Meeting
        fields = ["committee", "date"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Compared with the stored row, not the page's: a revert shows an old version.
        stored = Meeting.objects.filter(pk=self.instance.pk).values("date", "committee").first()
        moved = stored and (
            cleaned.get("date") != stored["date"]
            or getattr(cleaned.get("committee"), "pk", None) != stored["committee"]
        )
        if moved:
            lock_meeting(self.instance)
        return cleaned


class MembersDecisionForm(VersionedForm):
    """A decision in the admin: on a published report's update only, as the decisions page."""

    class Meta:
        model = MembersDecision
        fields = ["update", "outcome", "minute"]

    def clean(self):
        cleaned = super().clean()
        update = cleaned.get("update")
        if update is not None:
            lock_decidable(update.report_id)
            if cleaned.get("outcome"):
                others = {other.recommendation_id: other for other in update.report.updates.all()}
                if misfit := decision_misfit(update, cleaned["outcome"], others):
                    self.add_error("outcome", misfit)
        return cleaned
