"""The admin base every tracked model's admin uses."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .forms import NormalisedModelForm


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose page of one past version saves only for people who may change.

    django-simple-history's revert form saves a POST after checking view
    permission alone, so without this a committee member (view only) could
    change tracked data, and anyone could rewrite a published report through it.
    Its forms store line breaks as LF, whatever the browser sent (scrutiny/forms.py).
    """

    form = NormalisedModelForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class StackedInline(admin.StackedInline):
    """An inline whose rows store line breaks as LF, like HistoryAdmin's forms."""

    form = NormalisedModelForm


class TabularInline(admin.TabularInline):
    """An inline whose rows store line breaks as LF, like HistoryAdmin's forms."""

    form = NormalisedModelForm
