from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("activities/<int:pk>/", views.activity, name="activity"),
]
