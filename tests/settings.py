"""Test-only tweaks on top of the one settings module."""

import os

from anren_registry.settings import *  # noqa: F403

# Fast hashing: a test suite logs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic in tests: plain storage finds files where they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One folder per xdist worker (gw0, gw1 …), as pytest-django gives each its own database.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405

# A browser loads a page's images (the dashboard's charts) in parallel. With an in-memory
# SQLite database the live server's threads would all share one connection and can lock
# up; a file gives each thread its own. PostgreSQL needs nothing. Under xdist
# pytest-django appends the worker to the name: .test-db.sqlite3_gw0, .test-db.sqlite3_gw1.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / ".test-db.sqlite3"}  # noqa: F405
