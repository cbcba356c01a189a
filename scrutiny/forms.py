"""What every form that takes text from a browser shares: line breaks stored as LF.

HTML has browsers send a textarea's line breaks as CRLF, while the seed data,
the import and everything typed through the test client hold LF. Left alone,
an unchanged textarea looks changed (so a published paper's row refuses the
save) and the same words are stored two ways. So every form's submitted data,
and every imported file, passes through `normalise_text` first.
"""

from django import forms
from django.utils.datastructures import MultiValueDict


def normalise_text(text: str) -> str:
    """Text as the tracker stores it: CRLF and lone CR line breaks become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalised_data(data):
    """A copy of a form's submitted data with every text value normalised; files untouched."""
    if isinstance(data, MultiValueDict):
        copy = data.copy()
        for key, values in data.lists():
            copy.setlist(key, [normalised_value(value) for value in values])
        return copy
    return {key: normalised_value(value) for key, value in data.items()}


def normalised_value(value):
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, list | tuple):
        return [normalised_value(item) for item in value]
    return value


class NormalisedTextMixin:
    """A form whose submitted text is normalised before any field reads or compares it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = normalised_data(self.data)


class NormalisedForm(NormalisedTextMixin, forms.Form):
    pass


class NormalisedModelForm(NormalisedTextMixin, forms.ModelForm):
    pass
