"""No lost updates: rows that count their saves, so a save from a stale copy is refused.

Two people open the same progress update; the first saves. Without a check,
the second person's save would silently put back every value the first one
changed. So each versioned row carries a `version` that every save moves on,
the page carries the version it showed (see VersionedForm in forms.py), and a
save claims the next version with one `UPDATE ... WHERE version = n`: of two
saves made from the same version, only the first can succeed, however close
together they come.
"""

from dataclasses import dataclass

from django.db import models, transaction

LONGEST_VALUE_SHOWN = 200


class VersionConflict(Exception):
    """Someone else saved after the row was read; saving would overwrite their change.

    `messages` say so. Where several rows were saved at once, `rows` maps
    each conflicting row (by whatever key the caller uses) to what differs
    and `versions` to its version now, so a form can show the message by the
    row and carry the version: saving again is then a deliberate choice.
    """

    def __init__(
        self, messages: list[str], *, rows: dict | None = None, versions: dict | None = None
    ):
        self.messages = messages
        self.rows = rows or {}
        self.versions = versions or {}
        super().__init__(" ".join([*self.rows.values(), *messages]))


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Moves on with every save, so an edit made from an older copy is refused.",
    )

    class Meta:
        abstract = True

    def save_if_current(self, *, seen: int | None = None, **save_kwargs) -> None:
        """Save, unless the stored row has moved on from version `seen` (default: as loaded).

        The check and the claim are one conditional UPDATE, so it holds even
        between two requests racing each other. Raises VersionConflict and
        saves nothing (no history record either) when the row moved on.
        """
        if self._state.adding:
            self.save(**save_kwargs)
            return
        seen = self.version if seen is None else seen
        with transaction.atomic(using=self._state.db):
            rows = type(self)._default_manager.filter(pk=self.pk, version=seen)
            if not rows.update(version=seen + 1):
                name = self._meta.verbose_name
                raise VersionConflict(
                    [
                        f"Your changes were not saved: someone else saved this {name} ({self}) "
                        "while you were saving it. Reload the page to see their changes, then "
                        "make yours again."
                    ]
                )
            self.version = seen + 1
            if save_kwargs.get("update_fields") is not None:
                save_kwargs["update_fields"] = [*save_kwargs["update_fields"], "version"]
            self.save(**save_kwargs)


@dataclass(frozen=True)
class Difference:
    """One field where what someone submitted differs from what is stored now."""

    label: str
    yours: str
    stored: str

    def __str__(self):
        return f"{self.label}: yours “{self.yours}”, now stored “{self.stored}”."


def shown(value) -> str:
    """A value as a conflict message quotes it: empty said so, long text cut short."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(item) for item in value)
    text = " ".join(str(value).split())
    if len(text) > LONGEST_VALUE_SHOWN:
        return text[: LONGEST_VALUE_SHOWN - 1] + "…"
    return text


def saved_by(instance: models.Model) -> str:
    """Who made the latest save of `instance`, as its history records it."""
    latest = instance.history.select_related("history_user").first()
    user = latest.history_user if latest else None
    return user.get_username() if user else "someone else"


def conflict_messages(noun: str, who: str, differences: list[Difference]) -> list[str]:
    """The refusal, as a list of messages: what happened, each difference, what to do."""
    return [
        f"This {noun} was saved by {who} after you opened this page, so your changes have "
        "not been saved. Where your values differ from the stored ones:",
        *(str(difference) for difference in differences),
        "Check the values now stored. To replace them with yours, save again; to keep "
        "theirs, reload the page.",
    ]
