"""The WSGI entry point: Django, with what the WSGI_WRAPPER setting names around it (the public
page cache, delivery.wsgi). Wiring only: it imports no app."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calfcare.settings")

django_application = get_wsgi_application()
application = import_string(settings.WSGI_WRAPPER)(django_application)
