"""WSGI entry point. Refuses to serve without a real SECRET_KEY when DEBUG is off."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

application = get_wsgi_application()

from scrutiny.settings import require_production_secret_key  # noqa: E402

require_production_secret_key()
