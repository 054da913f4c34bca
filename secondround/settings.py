"""Settings for secondround, read from the environment through small typed helpers.

Defaults suit a laptop: DEBUG on, SQLite under ``$SECONDROUND_DATA_DIR``.
Production sets ``SECONDROUND_DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
usually ``DATABASE_URL``; startup refuses to run without the first two.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SECONDROUND_DATA_DIR", ".secondround")).resolve()

DEBUG = env_bool("SECONDROUND_DEBUG", True)
TESTING = "pytest" in sys.modules or env_bool("SECONDROUND_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (at least 50 random characters) when SECONDROUND_DEBUG=0."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SECONDROUND_DEBUG=0.")

# Demo accounts have the password "demo": only a debug install may hold them.
DEMO_ALLOWED = DEBUG

INSTALLED_APPS = [
    "secondround.accounts.admin_config.SecondroundAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator apps (TOTP), the second sign-in factor
    "django_otp.plugins.otp_static",  # single-use recovery codes
    "django_tasks",
    "secondround.worker",  # before django_tasks_db: its db_worker recovers dead workers' tasks
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from local static files, not a CDN
    "secondround.accounts",
    "secondround.hiring",
    "secondround.scorecards",
    "secondround.concerns",
    "secondround.decisions",
    "secondround.audit",
    "secondround.calibration",
    "secondround.notifications",
    "secondround.scheduling",
    "secondround.portal",
    "secondround.webhooks",
    "secondround.imports",
    "secondround.web",
    "secondround.api",
    "secondround.demo",
    "secondround.transfer",
    "secondround.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "secondround.accounts.middleware.MemberMiddleware",
    "axes.middleware.AxesMiddleware",
    "secondround.web.friendly_errors.FriendlyNotFoundMiddleware",
]
# With DEBUG on, answer "not found" with the friendly 404.html rather than Django's technical
# page (secondround.web.friendly_errors); SECONDROUND_DEBUG_404=1 keeps the technical page.
FRIENDLY_404_IN_DEBUG = not env_bool("SECONDROUND_DEBUG_404", False)

ROOT_URLCONF = "secondround.urls"
WSGI_APPLICATION = "secondround.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # First, so that the password-reset pages override django.contrib.admin's.
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secondround.web.context.main_nav",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL through DATABASE_URL -------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Tests close connections after each request: the live server's keep-alive threads must
    # not hold the test database open when it is dropped.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "secondround.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the membership with the user (one query per request).
    "secondround.accounts.backends.MemberModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_CLIENT_IP_HEADERS", "REMOTE_ADDR")
AXES_ENABLED = not TESTING or env_bool("AXES_ENABLED", False)
# Password reset e-mails per rolling hour (secondround/accounts/password_reset.py).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
# Two-factor sign-in (secondround/accounts/two_factor.py): the name authenticator apps show.
# django-otp throttles codes itself: after n wrong codes in a row, the next is refused for
# 2^(n-1) seconds (OTP_TOTP_THROTTLE_FACTOR, OTP_STATIC_THROTTLE_FACTOR, default 1).
OTP_TOTP_ISSUER = "secondround"
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
AUTH_PASSWORD_VALIDATORS = (
    []
    if DEBUG
    else [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ]
)

# --- E-mail: console by default, SMTP when EMAIL_HOST is set -------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "secondround <noreply@localhost>")
# Scorecard reminders: first this long after the interview ends, then daily for N days.
SCORECARD_REMINDER_DELAY_HOURS = env_int("SCORECARD_REMINDER_DELAY_HOURS", 2)
SCORECARD_REMINDER_DAYS = env_int("SCORECARD_REMINDER_DAYS", 14)

# --- Links sent outside the app (e-mails, command output) -------------------------
# The address people open secondround at, e.g. https://hiring.example.com (no trailing
# slash). A request knows its own host, an e-mail or a terminal does not: invitation links
# are built from this. `check --deploy` requires it, over https (secondround.W001/W002).
SECONDROUND_BASE_URL = env_str("SECONDROUND_BASE_URL", "" if not DEBUG else "http://127.0.0.1:8000")
SECONDROUND_BASE_URL = SECONDROUND_BASE_URL.rstrip("/")
# How long an invitation link stays valid.
SECONDROUND_INVITATION_DAYS = env_int("SECONDROUND_INVITATION_DAYS", 7)

# --- Background tasks ------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("SECONDROUND_IMMEDIATE_TASKS", False)
            else "django_tasks_db.backend.DatabaseBackend"
        )
    }
}

# A RUNNING task whose worker died is queued again when a worker starts (secondround/worker):
# at once if that worker ran on the same machine, else once it started this long ago.
TASK_STALE_SECONDS = env_int("SECONDROUND_TASK_STALE_SECONDS", 15 * 60)
TASK_MAX_ATTEMPTS = env_int("SECONDROUND_TASK_MAX_ATTEMPTS", 3)
# A changed scorecard queues a calibration run this many seconds later, and the changes made
# meanwhile join it (one run waits per organisation: secondround/calibration/tasks.py).
CALIBRATION_COALESCE_SECONDS = env_int("SECONDROUND_CALIBRATION_COALESCE_SECONDS", 3)

# --- Cache: shared by every app server (the portal's rate limit counts in it) -----
# The database cache by default (its table is made by `migrate`, see portal/cache.py); Redis
# when REDIS_URL is set. Never a per-process memory cache: each process would count alone.
# Sessions have a cache of their own ("sessions"), so that they never push the rate limit's
# counts out of the default one (the database cache drops a third of its entries once it
# holds MAX_ENTRIES, 300 unless set).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": REDIS, "sessions": dict(REDIS)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "secondround_cache",
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "secondround_session_cache",
            # One entry per signed-in browser; past this, sessions are read from the database.
            "OPTIONS": {"MAX_ENTRIES": env_int("SECONDROUND_SESSION_CACHE_ENTRIES", 100_000)},
        },
    }
# Every signed-in request reads its session: from that cache (one key lookup, no ORM query
# to build), written through to the database, so that a session outlives a cache that is
# cleared. Whatever ends sessions must go through the session store, which drops both
# copies (accounts.actions.end_sessions).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"

# --- Candidate portal ----------------------------------------------------------------
PORTAL_LINK_DAYS = env_int("PORTAL_LINK_DAYS", 30)
# Failed link attempts from one client address before the portal answers 429 for a while.
PORTAL_MAX_FAILED_ATTEMPTS = env_int("PORTAL_MAX_FAILED_ATTEMPTS", 10)
PORTAL_LOCKOUT_SECONDS = env_int("PORTAL_LOCKOUT_SECONDS", 15 * 60)
PORTAL_MAX_UPLOAD_BYTES = env_int("PORTAL_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# Candidates' documents go to the "uploads" storage (see Uploads below), like CVs.

# --- Static files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if DEBUG:
    # Whitenoise warns about a missing STATIC_ROOT until the first collectstatic.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Uploads (candidates' CVs): through the "uploads" storage, never served as is ------
# Files are read back only through views that apply the read filters (hiring.candidate_views).
# The default keeps them under the data directory; any other storage backend can be named
# with SECONDROUND_UPLOADS_BACKEND (it then reads its own settings). Tests use a throwaway
# directory, so that they never write into a developer's data.
UPLOADS_BACKEND = env_str(
    "SECONDROUND_UPLOADS_BACKEND", "django.core.files.storage.FileSystemStorage"
)
if TESTING and not env_str("SECONDROUND_UPLOADS_DIR"):
    import atexit
    import shutil
    import tempfile

    UPLOADS_DIR = Path(tempfile.mkdtemp(prefix="secondround-uploads-"))
    atexit.register(shutil.rmtree, UPLOADS_DIR, ignore_errors=True)
else:
    UPLOADS_DIR = Path(env_str("SECONDROUND_UPLOADS_DIR", str(DATA_DIR / "uploads"))).resolve()
if UPLOADS_DIR == STATIC_ROOT or STATIC_ROOT in UPLOADS_DIR.parents:
    raise ImproperlyConfigured("SECONDROUND_UPLOADS_DIR must not be inside the static root.")
STORAGES["uploads"] = {"BACKEND": UPLOADS_BACKEND}
if UPLOADS_BACKEND.endswith("FileSystemStorage"):
    # base_url is a placeholder: nothing serves this directory (no MEDIA_URL route).
    STORAGES["uploads"]["OPTIONS"] = {"location": str(UPLOADS_DIR), "base_url": "/no-direct-url/"}
# The largest CV a person may upload, in bytes (5 MB unless set).
CV_MAX_BYTES = env_int("SECONDROUND_CV_MAX_BYTES", 5 * 1024 * 1024)
# The largest file the web import takes (about 200,000 rating rows); the CLI has no limit.
IMPORT_MAX_BYTES = env_int("SECONDROUND_IMPORT_MAX_BYTES", 20 * 1024 * 1024)

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Security: production passes `manage.py check --deploy` with no warnings -------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4), in every mode: scripts and styles come only from
# our own static files (no inline script or style anywhere, htmx's indicator style turned
# off in base.html), nothing is framed, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    # The healthcheck is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
