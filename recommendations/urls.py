from django.urls import include, path

from . import glossary_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recommendations/", views.recommendation_list, name="list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="detail"),
    path("glossary/", glossary_views.glossary, name="glossary"),
    path("", include("recommendations.paper.urls")),
]
