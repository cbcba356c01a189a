from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("recommendations.urls")),
    path("strategy/", include("strategy.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
