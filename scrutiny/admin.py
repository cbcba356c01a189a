"""The admin base every tracked model's admin uses, and the site every admin is registered on."""

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connections
from simple_history.admin import SimpleHistoryAdmin

from .forms import NormalisedModelForm


def could_be_stored(field, value) -> bool:
    """Whether `value` is of `field`'s type and within what its column holds.

    A word posted for an id, or an id past what the database stores, is no
    row's: looked up, it makes the database refuse the query instead.
    """
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class KeyCheckedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete box, showing nothing chosen for a posted value no row can have.

    The form already says "Select a valid choice"; Django's widget would look
    the value up to show its name, and fail.
    """

    def optgroups(self, name, value, attr=None):
        keys = [key for key in value if could_be_stored(self.field.target_field, key)]
        return super().optgroups(name, keys, attr)


class KeyCheckedAutocompleteSelectMultiple(
    KeyCheckedAutocompleteSelect, AutocompleteSelectMultiple
):
    pass


class KeyCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows, refusing a posted value no row can have before asking the database.

    Django's field asks for every posted id at once, and SQLite refuses an id past 64 bits.
    """

    def clean(self, value):
        if isinstance(value, list | tuple):
            options = self.queryset.model._meta
            key = options.get_field(self.to_field_name) if self.to_field_name else options.pk
            for choice in value:
                if not could_be_stored(key, choice):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": choice},
                    )
        return super().clean(value)


class KeyCheckedRelations:
    """Relation fields of an admin's forms that check a posted key before looking it up."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyCheckedMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CheckedChangeList(ChangeList):
    """Django's list page, treating a value no date or id can be as an invalid lookup (?e=1).

    Django catches a date-hierarchy year it cannot make a date of only when
    it raises ValueError (2147483648 overflows instead), and the other lookups
    fail only when the query runs: a year past 9999 when the SQL is made, an
    id past 64 bits when SQLite is handed it.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            _, params = queryset.query.clone().get_compiler(queryset.db).as_sql()
        except EmptyResultSet:
            return queryset
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        lowest, highest = connections[queryset.db].ops.integer_field_range("BigIntegerField")
        if any(isinstance(param, int) and not lowest <= param <= highest for param in params):
            raise IncorrectLookupParameters("A number past what the database stores.")
        return queryset


class RefusesCraftedRequests(KeyCheckedRelations):
    """A ModelAdmin answering values its own pages never send as the admin answers a bad one.

    AdminSite.register gives it to every model's admin, Django's own included.
    """

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_object(self, request, object_id, from_field=None):
        # Django checks ?_to_field= only when it is not empty; empty, it names no field.
        if from_field is not None and not self.to_field_allowed(request, from_field):
            raise DisallowedModelAdminToField(f"The field {from_field} cannot be referenced.")
        return super().get_object(request, object_id, from_field)


class AdminSite(admin.AdminSite):
    """The default admin site (see scrutiny/apps.py), whose every admin refuses crafted requests."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RefusesCraftedRequests):
            admin_class = type(
                admin_class.__name__,
                (RefusesCraftedRequests, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class HistoryAdmin(RefusesCraftedRequests, SimpleHistoryAdmin):
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


class StackedInline(KeyCheckedRelations, admin.StackedInline):
    """An inline whose rows store line breaks as LF, like HistoryAdmin's forms."""

    form = NormalisedModelForm


class TabularInline(KeyCheckedRelations, admin.TabularInline):
    """An inline whose rows store line breaks as LF, like HistoryAdmin's forms."""

    form = NormalisedModelForm
