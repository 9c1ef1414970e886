"""The one settings module of CarePath; every difference between deployments is an environment variable."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CAREPATH_DATA", "var")).resolve()


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Production mode: HTTPS-only cookies, HSTS, SSL redirect, and a SECRET_KEY that must be given.
PRODUCTION = _bool("CAREPATH_PRODUCTION")
DEBUG = _bool("CAREPATH_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set in production mode (CAREPATH_PRODUCTION=1).")
    # Demo and development: a key generated once into the data folder.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # CarePath's layers, bottom to top (the import-linter contract in pyproject.toml enforces them).
    "carepath.core",
    "carepath.audit",
    "carepath.accounts",
    "carepath.jurisdictions",
    "carepath.clients",
    "carepath.cases",
    # Above cases, below the step apps: they write to cases and several steps use them.
    "carepath.protocol",
    "carepath.assessments",
    "carepath.disclosures",
    # The step apps (one package each, declared in its plugin.py; they never import each other).
    "carepath.emergency",
    "carepath.contacts",
    "carepath.followup",
    "carepath.safetyplans",
    "carepath.hospital",
    "carepath.collaboration",
    # Last: the API docs' static files (Swagger UI) served from the site.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "carepath.accounts.middleware.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "carepath.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "carepath.urls"
WSGI_APPLICATION = "carepath.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carepath.core.context.carepath",
            ],
        },
    }
]

# Database: DATABASE_URL, or SQLite in the data folder (WAL; IMMEDIATE transactions so that
# concurrent writers queue instead of failing half-way, which the audit chain relies on).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'carepath.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests as on PostgreSQL: opening the file and setting it up took 1-2 ms a request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements a connection runs again and again are prepared once (psycopg's prepare_threshold: after that
    # many runs), so PostgreSQL stops planning them on every page; that needs the values sent apart from the
    # SQL (server-side binding). "off" for a pooler that cannot keep prepared statements (PgBouncer before
    # 1.21 in transaction mode).
    _prepare = os.environ.get("PG_PREPARE_THRESHOLD", "5").strip().lower()
    if _prepare != "off":
        if not _prepare.isdigit():
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(f"PG_PREPARE_THRESHOLD is a number of runs (e.g. 5) or off, not {_prepare!r}.")
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": int(_prepare)}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"

# Sign-in hardening
LOCKOUT_THRESHOLD = int(os.environ.get("CAREPATH_LOCKOUT_THRESHOLD", "5"))
LOCKOUT_MINUTES = int(os.environ.get("CAREPATH_LOCKOUT_MINUTES", "15"))
# Session ends after this many minutes without a request; forms keep a draft in the browser tab.
SESSION_IDLE_MINUTES = int(os.environ.get("CAREPATH_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False  # the idle timeout is moved on by accounts.middleware.touch, once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Security headers; `manage.py check --deploy` is clean in production mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _bool("CAREPATH_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check the plain HTTP port
    SECURE_HSTS_SECONDS = int(os.environ.get("CAREPATH_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en"
# The pages are in English; the client's own copies (the safety plan) are also in Spanish.
LANGUAGES = [("en", "English"), ("es", "Español")]
# Message files are compiled from each app's locale/ into the data folder when CarePath starts (core.i18n).
LOCALE_PATHS = [DATA_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage; each organisation shows times in its own zone

STATIC_URL = "/static/"
# Where `carepath audit checkpoint` writes, and `carepath audit verify` reads, the audit trail's checkpoints
# (carepath/audit/checkpoints.py); keep a copy away from the database server too.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("CAREPATH_AUDIT_CHECKPOINTS") or DATA_DIR / "audit-checkpoints")
STATIC_ROOT = DATA_DIR / "static"  # `carepath manage collectstatic` fills it for production
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

FORM_RENDERER = "carepath.core.form_renderer.FastRenderer"  # Django's widget HTML, drawn without a template each
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CAREPATH_LOG_LEVEL", "WARNING")},
}

# Email for follow-up reminders, with Django's names; without EMAIL_HOST reminders are in-app only.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "carepath@localhost")

# Where links in emails and feeds point.
CAREPATH_BASE_URL = os.environ.get("CAREPATH_BASE_URL", "http://127.0.0.1:8000")
