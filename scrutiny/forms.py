"""What every form that takes text from a browser shares: line breaks as LF, no stray controls.

HTML has browsers send a textarea's line breaks as CRLF, while the seed data,
the import and everything typed through the test client hold LF. Left alone,
an unchanged textarea looks changed (so a published paper's row refuses the
save) and the same words are stored two ways. So every form's submitted data,
and every imported file, passes through `normalise_text` first.

Text pasted from Word or a terminal can carry control characters (a vertical
tab, an escape) that XML cannot hold, so every XLSX and Word export of it
would fail; `normalise_text` drops them on the way in too.
"""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.datastructures import MultiValueDict

# What XML 1.0 cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF.
NOT_IN_XML_BUT_NUL = "\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_UNSAFE = re.compile(f"[\x00{NOT_IN_XML_BUT_NUL}]")
# NUL is left for Django's "Null characters are not allowed." and the import's binary check.
XML_UNSAFE_BUT_NUL = re.compile(f"[{NOT_IN_XML_BUT_NUL}]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot hold (XLSX and Word files are XML)."""
    return XML_UNSAFE.sub("", text)


def normalise_text(text: str) -> str:
    """Text as the tracker stores it: CRLF and lone CR become LF, and controls XML refuses go."""
    return XML_UNSAFE_BUT_NUL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


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


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK's wording: what to do, not what went wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
