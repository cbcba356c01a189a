"""Admin for the strategy: objectives and measures are edited in the context of their activity."""

from django.contrib import admin

from scrutiny.admin import HistoryAdmin, StackedInline, TabularInline

from .models import (
    Activity,
    Aim,
    Objective,
    Responsibility,
    Strategy,
    StrategyAbbreviation,
    StrategySection,
    SuccessMeasure,
    Unit,
)


class StrategySectionInline(StackedInline):
    model = StrategySection
    extra = 0


class AimInline(TabularInline):
    model = Aim
    extra = 0


class ActivityInline(TabularInline):
    model = Activity
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


class StrategyAbbreviationInline(TabularInline):
    """The strategy's own abbreviations list, as it prints it, in its order."""

    model = StrategyAbbreviation
    fields = ["position", "term", "expansion"]
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(HistoryAdmin):
    list_display = ["title", "organisation"]
    inlines = [AimInline, StrategySectionInline, ActivityInline, StrategyAbbreviationInline]


class ObjectiveInline(TabularInline):
    model = Objective
    fields = ["ref", "position", "what_we_seek_to_do"]
    extra = 0
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ["number", "title", "strategy"]
    list_display_links = ["number", "title"]
    list_filter = ["strategy"]
    search_fields = ["title", "narrative", "we_seek_to", "how_we_will_achieve_it"]
    inlines = [ObjectiveInline]


class ResponsibilityInline(TabularInline):
    model = Responsibility
    autocomplete_fields = ["unit"]
    extra = 0


class SuccessMeasureInline(StackedInline):
    model = SuccessMeasure
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    list_display = ["ref", "what_we_seek_to_do", "activity"]
    list_display_links = ["ref", "what_we_seek_to_do"]
    list_filter = ["activity__strategy", "activity"]
    list_select_related = ["activity"]
    search_fields = ["ref", "what_we_seek_to_do", "how_we_will_achieve_it"]
    inlines = [ResponsibilityInline, SuccessMeasureInline]
    ordering = ["activity__number", "position", "ref"]


@admin.register(SuccessMeasure)
class SuccessMeasureAdmin(HistoryAdmin):
    list_display = ["ref", "text", "objective"]
    list_select_related = ["objective"]
    list_filter = ["objective__activity"]
    search_fields = ["ref", "text"]
    ordering = ["objective__activity__number", "objective__position", "position", "ref"]


@admin.register(Unit)
class UnitAdmin(HistoryAdmin):
    search_fields = ["name"]
