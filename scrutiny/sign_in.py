"""What django-axes records of a failed sign-in."""

# The length of axes' username column. No account's name is longer (Django's
# limit is 150), and PostgreSQL refuses a longer value with a server error
# instead of recording the attempt.
RECORDED_USERNAME_LENGTH = 255


def attempted_username(request, credentials=None) -> str | None:
    """The username a sign-in was tried with, cut to the length axes can record."""
    data = credentials if credentials else getattr(request, "data", request.POST)
    username = data.get("username")
    return username[:RECORDED_USERNAME_LENGTH] if isinstance(username, str) else username
