"""The police service's own strategy: vision, aims, activities and delivery plan.

Refs are kept as the source document prints them (objective 2.2's only success
measure is numbered 2.1.2 there), so they are text, not computed numbers.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from recommendations.limits import MARKDOWN_LIMITS
from recommendations.models import ListedAbbreviation


class Strategy(models.Model):
    title = models.CharField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200, blank=True)
    vision = models.TextField(validators=MARKDOWN_LIMITS, help_text="Markdown.")
    foreword = models.TextField(validators=MARKDOWN_LIMITS, blank=True, help_text="Markdown.")
    foreword_by = models.CharField(
        max_length=200, blank=True, help_text="Name and role of the foreword's signatory."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:detail", args=[self.pk])


class StrategySection(models.Model):
    """A narrative chapter of the strategy (Introduction, Setting the Context, ...)."""

    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(validators=MARKDOWN_LIMITS, help_text="Markdown, footnotes included.")
    after_delivery_plan = models.BooleanField(
        default=False,
        help_text="Printed after the delivery plan and the abbreviations, as the Notes are.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "position"], name="strategy_section_position_unique"
            ),
        ]

    def __str__(self):
        return self.heading


class Aim(models.Model):
    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="aims")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(validators=MARKDOWN_LIMITS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="aim_number_unique"),
        ]

    def __str__(self):
        return f"Aim {self.number}"


class Activity(models.Model):
    """One of the strategy's key activities, as its narrative chapter describes it."""

    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, help_text="The chapter heading.")
    list_title = models.CharField(
        max_length=200, blank=True, help_text="How the list of key activities words it."
    )
    delivery_plan_title = models.CharField(
        max_length=200, blank=True, help_text="How the delivery plan's heading words it."
    )
    narrative = models.TextField(validators=MARKDOWN_LIMITS, help_text="Markdown.")
    we_seek_to = models.TextField(validators=MARKDOWN_LIMITS, help_text="Markdown list.")
    how_we_will_achieve_it = models.TextField(
        validators=MARKDOWN_LIMITS, help_text="Markdown list."
    )
    footnotes = models.TextField(
        validators=MARKDOWN_LIMITS, blank=True, help_text="The chapter's footnotes, Markdown."
    )
    delivery_plan_footnotes = models.TextField(
        validators=MARKDOWN_LIMITS,
        blank=True,
        help_text="The footnotes under this activity's delivery plan table, Markdown.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="activity_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategy:activity", args=[self.pk])


class Unit(models.Model):
    """A command, department or unit named as responsible in the delivery plan."""

    name = models.CharField(max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Objective(models.Model):
    """A row of the delivery plan: what we seek to do, who, and how."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="objectives")
    ref = models.CharField(max_length=20, help_text="As printed, e.g. 1.1")
    position = models.PositiveSmallIntegerField(default=0)
    what_we_seek_to_do = models.TextField(validators=MARKDOWN_LIMITS)
    units = models.ManyToManyField(
        Unit, through="Responsibility", related_name="objectives", blank=True
    )
    supporting_label = models.CharField(
        max_length=200,
        blank=True,
        default="Other Supporting Departments/Units:",
        help_text="The words that introduce the supporting units, as printed.",
    )
    how_we_will_achieve_it = models.TextField(
        validators=MARKDOWN_LIMITS,
        blank=True,
        help_text="Markdown list: the items printed across all its measures' rows. Where the "
        "plan pairs items with particular measures, give them with each measure instead.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__strategy", "activity__number", "position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "ref"], name="objective_ref_unique"),
        ]

    def __str__(self):
        return f"{self.ref} {self.what_we_seek_to_do}"

    def get_absolute_url(self):
        return reverse("strategy:activity", args=[self.activity_id]) + f"#objective-{self.ref}"


class Responsibility(models.Model):
    """Who is responsible for an objective: a lead or a supporting unit, in printed order."""

    LEAD = "lead"
    SUPPORTING = "supporting"
    ROLE_CHOICES = [(LEAD, "Lead"), (SUPPORTING, "Supporting")]

    objective = models.ForeignKey(Objective, models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="responsibilities")
    role = models.CharField(max_length=10, choices=ROLE_CHOICES)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "position"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "unit", "role"], name="responsibility_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["lead", "supporting"]),
                name="responsibility_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.get_role_display().lower()})"


class SuccessMeasure(models.Model):
    """'Recognising success': how the delivery plan says an objective will be judged."""

    objective = models.ForeignKey(Objective, models.CASCADE, related_name="measures")
    ref = models.CharField(max_length=20, help_text="As printed, e.g. 1.1.1")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(
        validators=MARKDOWN_LIMITS, help_text="Markdown; footnote markers as <sup>1</sup>."
    )
    how_we_will_achieve_it = models.TextField(
        validators=MARKDOWN_LIMITS,
        blank=True,
        help_text="Markdown list: the 'how we will achieve it' items the plan prints on this "
        "measure's row (objective 5.1 pairs one with each of its measures). Leave empty where "
        "the objective's items span all its measures.",
    )
    footnote = models.TextField(
        validators=MARKDOWN_LIMITS, blank=True, help_text="The footnote the text refers to."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__activity__number", "objective__position", "position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "ref"], name="measure_ref_unique"),
        ]

    def __str__(self):
        return f"{self.ref} {self.text}"


class StrategyAbbreviation(ListedAbbreviation):
    """The strategy's own abbreviations list, in its printed order (DPA before DOR)."""

    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="abbreviations")
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "position"]
        verbose_name = "abbreviation in the strategy"
        verbose_name_plural = "abbreviations (the strategy's own list, in its order)"
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "position"],
                name="strategy_abbreviation_position_unique",
                violation_error_message="Two of the strategy's abbreviations have this position.",
            ),
            models.UniqueConstraint(
                fields=["strategy", "term"],
                name="strategy_abbreviation_term_unique",
                violation_error_message="The strategy lists this abbreviation already.",
            ),
        ]
