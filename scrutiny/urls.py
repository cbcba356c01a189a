from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import SignInForm

urlpatterns = [
    path("", include("recommendations.urls")),
    path("strategy/", include("strategy.urls")),
    # Sign in and out, and changing one's own password. No password reset by
    # email: the tracker sends no mail; an administrator sets a new password.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]

handler400 = "scrutiny.views.bad_request"
handler403 = "scrutiny.views.permission_denied"
handler404 = "scrutiny.views.page_not_found"
handler500 = "scrutiny.views.server_error"
