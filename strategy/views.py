"""The strategy as the committee reads it: the document, and each activity's delivery plan."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from recommendations.models import Recommendation
from recommendations.text import Glossary

from .models import (
    Activity,
    Aim,
    Objective,
    Responsibility,
    Strategy,
    StrategyAbbreviation,
    StrategySection,
    SuccessMeasure,
)

# A national tracker can link hundreds of recommendations to one objective; the
# delivery plan shows the first few and links to the rest in the table.
RECOMMENDATIONS_SHOWN = 10


def recommendations_in_order():
    return Recommendation.objects.in_number_order()[:RECOMMENDATIONS_SHOWN]


def strategy_glossary(abbreviations) -> Glossary:
    """The glossary the strategy's pages read: its own list first (its DIP, its PPO)."""
    return Glossary.load().preferring((entry.term, entry.expansion) for entry in abbreviations)


@require_safe
def index(request):
    """The strategies; with only one there is nothing to choose, so it opens that one."""
    strategies = list(Strategy.objects.order_by("title"))
    if len(strategies) == 1:
        return redirect(strategies[0])
    return render(request, "strategy/strategy/index.html", {"strategies": strategies})


def neighbours(activity):
    """The activities before and after this one in its strategy, by number."""
    siblings = list(
        Activity.objects.filter(strategy=activity.strategy_id)
        .only("number", "title", "strategy")
        .order_by("number")
    )
    at = next(i for i, sibling in enumerate(siblings) if sibling.pk == activity.pk)
    previous = siblings[at - 1] if at > 0 else None
    following = siblings[at + 1] if at + 1 < len(siblings) else None
    return previous, following


@require_safe
def detail(request, pk):
    strategies = Strategy.objects.prefetch_related(
        Prefetch("aims", queryset=Aim.objects.order_by("number")),
        Prefetch("sections", queryset=StrategySection.objects.order_by("position")),
        Prefetch("activities", queryset=Activity.objects.order_by("number")),
        Prefetch("abbreviations", queryset=StrategyAbbreviation.objects.order_by("position")),
    )
    strategy = get_object_or_404(strategies, pk=pk)
    abbreviations = strategy.abbreviations.all()
    sections = strategy.sections.all()
    ctx = {
        "strategy": strategy,
        # The document's own order: the Notes come after the delivery plan.
        "sections_before": [section for section in sections if not section.after_delivery_plan],
        "sections_after": [section for section in sections if section.after_delivery_plan],
        "abbreviations": abbreviations,
        "glossary": strategy_glossary(abbreviations),
    }
    return render(request, "strategy/strategy/detail.html", ctx)


@require_safe
def activity(request, pk):
    """One activity's chapter and its delivery plan table, in a fixed number of queries."""
    measures = (
        SuccessMeasure.objects.order_by("position", "ref")
        .annotate(recommendation_count=Count("recommendations"))
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=recommendations_in_order(),
                to_attr="recommendations_shown",
            )
        )
    )
    objectives = (
        Objective.objects.order_by("position", "ref")
        .annotate(recommendation_count=Count("recommendations"))
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("unit").order_by("position", "pk"),
            ),
            Prefetch("measures", queryset=measures),
            Prefetch(
                "recommendations",
                queryset=recommendations_in_order(),
                to_attr="recommendations_shown",
            ),
        )
    )
    activities = Activity.objects.select_related("strategy").prefetch_related(
        Prefetch("objectives", queryset=objectives)
    )
    activity = get_object_or_404(activities, pk=pk)
    for objective in activity.objectives.all():
        responsibilities = objective.responsibilities.all()
        objective.lead_units = [r.unit for r in responsibilities if r.role == Responsibility.LEAD]
        objective.supporting_units = [
            r.unit for r in responsibilities if r.role == Responsibility.SUPPORTING
        ]
        # Items paired with measures are printed on each measure's row, not across them all.
        objective.how_by_measure = any(m.how_we_will_achieve_it for m in objective.measures.all())
    listed = StrategyAbbreviation.objects.filter(strategy_id=activity.strategy_id)
    previous, following = neighbours(activity)
    ctx = {
        "activity": activity,
        "glossary": strategy_glossary(listed.order_by("position")),
        "previous": previous,
        "following": following,
    }
    return render(request, "strategy/activity/activity.html", ctx)
