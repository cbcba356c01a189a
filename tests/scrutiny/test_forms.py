"""Line breaks from browsers (CRLF) are stored as LF, by every form and the import."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.http import QueryDict
from django.urls import reverse

from recommendations.imports import import_recommendations
from recommendations.models import ProgressUpdate, Recommendation
from scrutiny.forms import NormalisedTextMixin, normalise_text, normalised_data
from strategy.models import Activity
from tests.factories import form_values, make_report

pytestmark = pytest.mark.django_db


def test_it_turns_crlf_and_lone_cr_into_lf():
    assert normalise_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


def test_it_normalises_every_value_of_submitted_data_and_keeps_the_keys():
    data = QueryDict(mutable=True)
    data.setlist("response", ["a\r\nb", "c\rd"])
    data["title"] = "plain"
    normalised = normalised_data(data)
    assert normalised.getlist("response") == ["a\nb", "c\nd"]
    assert normalised["title"] == "plain"
    assert data.getlist("response") == ["a\r\nb", "c\rd"]  # the request's own data untouched


def test_every_admin_form_and_inline_normalises_line_endings():
    for model_admin in admin.site._registry.values():
        if model_admin.model._meta.app_label not in ("recommendations", "strategy"):
            continue
        assert issubclass(model_admin.form, NormalisedTextMixin), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline.form, NormalisedTextMixin), inline


def test_a_draft_update_typed_with_crlf_is_stored_with_lf(seed, staff, client_for):
    recommendation = Recommendation.objects.get(number=8)
    draft = make_report(recommendation.scrutiny, date(2008, 6, 5), published=False)
    update = ProgressUpdate.objects.create(
        report=draft, recommendation=recommendation, proposed_status="complete", response="Done."
    )
    client = client_for(staff)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    form = form_values(client.get(url), "recommendation_form")
    row = next(name for name, value in form.items() if value == str(update.pk))[: -len("-id")]
    response = client.post(url, form | {f"{row}-response": "Done:\r\n\r\n- first\r\n- second"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.response == "Done:\n\n- first\n- second"


def test_an_unchanged_page_with_crlf_saves_without_changing_anything(seed, staff, client_for):
    """Chromium sends every textarea's LF as CRLF; the published row must not look changed."""
    recommendation = Recommendation.objects.get(number=8)
    client = client_for(staff)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    form = {
        name: value.replace("\n", "\r\n")
        for name, value in form_values(client.get(url), "recommendation_form").items()
    }
    history = recommendation.history.count()
    assert client.post(url, form).status_code == 302
    assert recommendation.history.count() == history + 1  # the admin saves; nothing differs
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert "\r" not in stored.text


def test_an_imported_cell_with_crlf_is_stored_with_lf(seed, staff):
    csv = (
        b"scrutiny,scrutiny_body,number,text\r\n"
        b'"Line endings scrutiny",Body,1,"First line\r\nSecond line"\r\n'
    )
    import_recommendations(file=csv, user=None)
    assert Recommendation.objects.get(scrutiny__title="Line endings scrutiny").text == (
        "First line\nSecond line"
    )


def test_the_migration_rewrites_stored_crlf_history_included(seed):
    migration = importlib.import_module("recommendations.migrations.0005_text_line_endings")
    update = ProgressUpdate.objects.get(recommendation__number=8)
    update.save()  # a history record to rewrite
    ProgressUpdate.objects.filter(pk=update.pk).update(response="Old\r\nwords\rhere")
    update.history.update(response="Old\r\nhistory")
    Activity.objects.filter(pk=Activity.objects.first().pk).update(title="A\r\nB")

    migration.normalise_line_endings(apps, None)

    update.refresh_from_db()
    assert update.response == "Old\nwords\nhere"
    assert set(update.history.values_list("response", flat=True)) == {"Old\nhistory"}
    assert Activity.objects.filter(title="A\nB").exists()


def test_it_drops_control_characters_xml_cannot_hold_and_keeps_tabs_and_nul():
    """A vertical tab or an escape pasted from Word would break every XLSX and Word export."""
    assert normalise_text("Pasted\x0bfrom\x1bWord\x0c\ufffe") == "PastedfromWord"
    assert normalise_text("a\tb\nc\x00") == "a\tb\nc\x00"  # NUL: Django's own message refuses it


def test_a_recommendation_typed_with_control_characters_is_stored_without(seed, staff, client_for):
    recommendation = Recommendation.objects.get(number=8)
    client = client_for(staff)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    form = form_values(client.get(url), "recommendation_form")
    assert client.post(url, form | {"text": "Pasted\x0bfrom\x1bWord"}).status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).text == "PastedfromWord"


def test_an_imported_cell_with_control_characters_is_stored_without(seed):
    csv = (
        b"scrutiny,scrutiny_body,number,text\r\n"
        b'"Controls scrutiny",Body,1,"Pasted\x0bfrom\x1bWord"\r\n'
    )
    import_recommendations(file=csv, user=None)
    assert Recommendation.objects.get(scrutiny__title="Controls scrutiny").text == "PastedfromWord"


def test_the_migration_drops_stored_control_characters_history_included(seed):
    migration = importlib.import_module("recommendations.migrations.0011_text_without_xml_controls")
    update = ProgressUpdate.objects.get(recommendation__number=8)
    update.save()  # a history record to rewrite
    ProgressUpdate.objects.filter(pk=update.pk).update(response="Old\x0bwords\x1b")
    update.history.update(response="Old\x0chistory")
    Activity.objects.filter(pk=Activity.objects.first().pk).update(title="A\x1bB")

    migration.drop_xml_controls(apps, None)

    update.refresh_from_db()
    assert update.response == "Oldwords"
    assert set(update.history.values_list("response", flat=True)) == {"Oldhistory"}
    assert Activity.objects.filter(title="AB").exists()
