"""Settings for the Anren mobile-party registry.

Everything that differs between a laptop and production comes from the
environment, read here and nowhere else. A fresh checkout runs on SQLite with
debug on; production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

# python-docx (the meetings' .docx print outs) brings lxml, and openpyxl writes through lxml
# whenever it is installed, with every Chinese character as a numeric reference (&#29956;):
# valid, but the xlsx exports would change byte for byte. Keep openpyxl's own writer (read
# when openpyxl is first imported, after the settings). OPENPYXL_LXML=True opts in.
os.environ.setdefault("OPENPYXL_LXML", "False")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-for-the-anren-registry"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin, as the county administrator's back office only (anren_registry.admin_site).
    "anren_registry.admin_config.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "import_export",
    "js_lib_bootstrap_icons",
    "audit",
    "accounts",
    "branches",
    "members",
    "shuangbao",
    "meetings",
    "dues",
    "assistance",
    # 民主评议党员: the yearly grading of members (issue 17).
    "appraisals",
    "village",
    # 发展党员: the pipeline from application to full membership.
    "development",
    # Members' self-service (/me/), their invitations, and 通知公告 (issue 21).
    "selfservice",
    # In-app notifications, e-mail and SMS channels, the log of what was sent.
    "notifications",
    # The background queue: django-tasks (Django 6.0's django.tasks, backported) on its ORM backend.
    "django_tasks",
    "django_tasks_db",
    # The daily reminders and the jobs page (failed tasks, retry): they read every app.
    "reminders",
    "jobs",
    # The project package itself, for project-wide commands (seed_demo).
    "anren_registry",
    # Dashboard, statistics and branch pages: figures over branches, members and assistance.
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anren_registry.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "anren_registry.middleware.DemoErrorPagesMiddleware",
    # Before anything stores the request (the audit log): a NUL byte is a 400 here.
    "anren_registry.middleware.RefuseNulBytesMiddleware",
    # 403s and scoped 404s go to the audit log; then the session clocks and the second factor.
    "audit.middleware.PermissionDenialLogMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",
    # A member's account opens /me/ only (after the session clocks, before the second factor).
    "selfservice.access.MemberPagesOnlyMiddleware",
    "accounts.sessions.SecondFactorMiddleware",
    "accounts.sessions.PasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anren_registry.urls"
CSRF_FAILURE_VIEW = "anren_registry.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "branches.context_processors.scope",
                "accounts.context_processors.rights",
            ],
        },
    },
]

WSGI_APPLICATION = "anren_registry.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A background worker writes beside the web server (make run): write-ahead logging lets
    # pages read while a task writes, a transaction takes the write lock when it begins (so
    # two writers queue instead of failing half-way), and a writer waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off for long analytical queries, not for a web page's
    # aggregates: its planning estimates made a 100 ms query spend 350 ms compiling.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# The one cache, shared by every app server so that none holds a copy that could
# disagree: Redis when REDIS_URL is set, otherwise a table in the database (created
# by a migration). It keeps figures that are costly to count (the dashboard's 双报 rates).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first so a locked-out user is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    # The permissions a role carries (who reads the audit log); before the model backend.
    "branches.backends.RolePermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Members log in with the phone number of their file (selfservice, issue 21).
    "selfservice.backends.PhoneBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failures of one user name from one address lock that pair for 15 minutes
# (so a stranger cannot lock the administrator out from elsewhere with 5 POSTs); 30
# failures of one name from any addresses lock the name itself (accounts.login).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_NAME = env_int("DJANGO_LOGIN_FAILURES_PER_NAME", 30)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: REMOTE_ADDR, or behind proxies the entry of X-Forwarded-For that
# the nearest of DJANGO_TRUSTED_PROXY_COUNT trusted proxies saw (0: no proxy trusted,
# the header is ignored, since anyone can send it). Behind the README's nginx: 1.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "audit.log.client_ip"
# axes.W006 asks to lock by IP alone too; a county office shares one public IP, and
# five typos there would lock out everyone, so the lock is by user name (with the IP).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Language: Chinese whatever the browser asks for; English only when picked.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are never served from a public URL: views check the scope first.
MEDIA_URL = "/media-not-public/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A filter's empty choice says 全部 ("All"), never django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

# Sessions end after 30 idle minutes and, whatever happens, 12 hours after login
# (accounts.sessions.SessionTimeoutMiddleware checks both).
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("DJANGO_SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Two-factor login (TOTP): required for the county administrator, the system
# administrator and the auditor whenever debug is off. DJANGO_OTP_REQUIRED=0
# relaxes it; don't in production: those three accounts can read or grant
# access to every member's file, and a password alone is phished or guessed.
OTP_REQUIRED = env_bool("DJANGO_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "安仁县流动党员管理系统"

# Content-Security-Policy: scripts only from our own static files (no inline
# script, no on* attributes anywhere). Styles allow 'unsafe-inline': Bootstrap's
# and crispy-forms' markup, the admin and pygal's SVG charts carry style
# attributes and <style> elements; CSS cannot run code, and every script stays
# locked down. Images allow data: for Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads: the one limit of a file, in bytes (rosters, photos, scans). Past it a file is
# dropped while it streams in and the form says why, before any parsing.
UPLOAD_MAX_SIZE = env_int("DJANGO_UPLOAD_MAX_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "lib.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # "preload" only allows a submission to the browsers' list; it changes nothing until one is made.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    # The web server in front (nginx) terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Background tasks (reminders, large imports) are rows in the database, run by
# `manage.py db_worker` (one or more, on any machine; SKIP LOCKED on PostgreSQL).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING this long without finishing is taken as lost (its worker was killed) when
# the worker that claimed it cannot be asked (another machine): jobs.recovery.
TASK_LOST_AFTER_SECONDS = env_int("DJANGO_TASK_LOST_AFTER_SECONDS", 60 * 60)

# Notifications: e-mail through Django's backends (the console in the demo), SMS through
# a gateway backend (notifications.sms; the logging one unless a gateway is configured).
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "dangjian@localhost")
SMS_BACKEND = os.environ.get("DJANGO_SMS_BACKEND", "notifications.sms.LoggingBackend")
SMS_GATEWAY_URL = os.environ.get("DJANGO_SMS_GATEWAY_URL", "")
SMS_GATEWAY_ACCOUNT = os.environ.get("DJANGO_SMS_GATEWAY_ACCOUNT", "")
SMS_GATEWAY_SECRET = os.environ.get("DJANGO_SMS_GATEWAY_SECRET", "")
SMS_SIGNATURE = os.environ.get("DJANGO_SMS_SIGNATURE", "安仁县委组织部")
# Quiet hours (local time): nothing goes out by e-mail or SMS from 21:00 to 08:00; what
# falls due then waits for the morning. In-app notifications are not held back.
NOTIFICATION_QUIET_HOURS = (21, 8)

# simple-history: who made a change comes from the request.
SIMPLE_HISTORY_REVERT_DISABLED = True

# No import or export buttons in the admin: rosters come in through the import centre
# (every row validated) and go out through the list pages (masked, formula-safe, logged).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
