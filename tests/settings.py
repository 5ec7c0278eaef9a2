"""Test-only tweaks on top of the one settings module."""

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
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
