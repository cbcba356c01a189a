"""Forms for the committee officers' workflow: starting a report and recording decisions."""

from datetime import date

from django import forms

from scrutiny.forms import NormalisedForm

from ..forms import SeenVersionField
from ..models import AS_PROPOSED, OUTCOMES_FOR, Committee, Report, Scrutiny
from ..timescales import EARLIEST_DATE, LATEST_MEETING
from ..versions import VersionConflict
from .services import (
    NO_DECISION_VERSION,
    Decision,
    already_started_message,
    is_started,
    meeting_date_problem,
)

NO_DECISION = ""


def decision_choices(put_as: str) -> list[tuple[str, str]]:
    """The decisions that fit what the paper put to members, and "No decision yet"."""
    return [(outcome.value, outcome.label) for outcome in OUTCOMES_FOR[put_as]] + [
        (NO_DECISION, "No decision yet")
    ]


class StartReportForm(NormalisedForm):
    """The next report of a scrutiny for a committee's meeting; the meeting is made if new."""

    committee = forms.ModelChoiceField(
        queryset=Committee.objects.order_by("name"),
        empty_label="Choose a committee",
        error_messages={
            "required": "Choose the committee the report goes to",
            "invalid_choice": "Choose a committee from the list",
        },
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
        error_messages={
            "required": "Enter the report's title",
            "max_length": "Title must be 300 characters or fewer",
        },
    )
    scrutiny = forms.ModelChoiceField(
        queryset=Scrutiny.objects.order_by("title"),
        empty_label="Choose a scrutiny",
        error_messages={
            "required": "Choose the scrutiny whose recommendations it updates",
            "invalid_choice": "Choose a scrutiny from the list",
        },
    )

    DATE_PARTS = ("meeting_day", "meeting_month", "meeting_year")

    @staticmethod
    def initial_from(previous: Report | None) -> dict:
        """The next paper usually goes where the last went, under the same title."""
        if previous is None:
            return {}
        return {
            "committee": previous.meeting.committee_id,
            "scrutiny": previous.scrutiny_id,
            "title": previous.title,
        }

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
                meeting_date = date(year, month, day)
                if not EARLIEST_DATE <= meeting_date <= LATEST_MEETING:
                    raise ValueError
                cleaned["meeting_date"] = meeting_date
            except (ValueError, OverflowError):  # date() overflows on a huge day or month
                self.add_error("meeting_day", "Meeting date must be a real date, like 6 3 2008")
        committee, number = cleaned.get("committee"), cleaned.get("number")
        meeting_date, scrutiny = cleaned.get("meeting_date"), cleaned.get("scrutiny")
        if (
            committee
            and number
            and meeting_date
            and is_started(committee=committee, meeting_date=meeting_date, number=number)
        ):
            message = already_started_message(
                committee=committee, meeting_date=meeting_date, number=number
            )
            self.add_error("number", message)
        elif meeting_date and scrutiny:
            if problem := meeting_date_problem(scrutiny=scrutiny, meeting_date=meeting_date):
                self.add_error("meeting_day", problem)
        return cleaned


class DecisionsForm(NormalisedForm):
    """Members' decision and minute on every update of one report, saved together.

    Each update carries `put_as`, its effective status (what the paper put to
    members), and is offered only the decisions that fit it.
    """

    def __init__(self, *args, updates, **kwargs):
        super().__init__(*args, **kwargs)
        self.updates = list(updates)
        for update in self.updates:
            decision = getattr(update, "decision", None)
            number = update.recommendation.number
            self.fields[self.outcome_field(update)] = forms.ChoiceField(
                label=f"Decision on recommendation {number}",
                choices=decision_choices(update.put_as),
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

    @classmethod
    def agreed_as_proposed(cls, data, updates) -> "DecisionsForm":
        """The page as submitted, every proposal now agreed; items for consideration as they were.

        Nothing is saved and nothing is checked yet: the officer changes the
        exceptions one by one, then saves. Minutes and the versions the page
        showed are kept.
        """
        initial = {name: value for name, value in data.items() if name != "csrfmiddlewaretoken"}
        for update in updates:
            if outcome := AS_PROPOSED.get(update.put_as):
                initial[cls.outcome_field(update)] = outcome
        return cls(updates=updates, initial=initial)

    def rows(self):
        """Each update with its bound fields, in the report's order, for the template."""
        return [
            (
                update,
                self[self.outcome_field(update)],
                self[self.minute_field(update)],
                self[self.version_field(update)],
            )
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
