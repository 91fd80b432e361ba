"""Picket settings, read from environment variables (see the configuration reference in README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from picket.generated_secrets import secret_from_env_or_file
from picket.paths import PACKAGE_DIR, SOURCE_ROOT, var_dir


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR: Path = var_dir()
BASE_DIR = PACKAGE_DIR

# Encryption and keyed-hash keys live outside the database: PICKET_KEYRING (JSON) or this file.
KEYRING_FILE = Path(os.environ.get("PICKET_KEYRING_FILE") or VAR_DIR / "keyring.json")
SECRET_KEY = secret_from_env_or_file(env_name="PICKET_SECRET_KEY", path=VAR_DIR / "secret_key")
DEBUG = env_bool("PICKET_DEBUG")
ALLOWED_HOSTS = env_list("PICKET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PICKET_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "picket.web",
    "picket.geo",
    "picket.accounts",
    "picket.audit",
    "picket.privacy",
    "picket.people",
    "picket.analytics",
    "picket.notify",
    "picket.intake",
    "picket.tracing",
    "picket.prosecution",
    "picket.monitoring",
    "picket.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "picket.audit.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "picket.accounts.middleware.IdleSessionMiddleware",
    "picket.accounts.middleware.TwoFactorRequiredMiddleware",
    "picket.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "picket.privacy.middleware.KeyProblemMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "picket.urls"
WSGI_APPLICATION = "picket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "picket.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'picket.sqlite3'}",
        conn_max_age=int(os.environ.get("PICKET_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PICKET_STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end assets come from npm packages (package.json); `npm ci` puts them under node_modules/.
NODE_MODULES = Path(os.environ.get("PICKET_NODE_MODULES") or SOURCE_ROOT / "node_modules")
_DEVANAGARI_FONT = NODE_MODULES / "@fontsource" / "noto-sans-devanagari" / "files"
# Without the npm package (no Node.js on the machine) pages fall back to the system's Devanagari fonts.
DEVANAGARI_WEB_FONT = _DEVANAGARI_FONT.is_dir()
STATICFILES_DIRS: list[tuple[str, Path] | Path] = (
    [("vendor/noto-sans-devanagari", _DEVANAGARI_FONT), PACKAGE_DIR / "web" / "fontface"] if DEVANAGARI_WEB_FONT else []
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
UPLOAD_DIR = VAR_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PICKET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("PICKET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Used in emailed links (notifications); set to the address users reach Picket at.
#: Collectors and staff-given addresses never reach this server's own network (or a cloud metadata service)
#: unless this is set: a page or feed is untrusted input. Tests with local servers set it.
PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = env_bool("PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES")
PICKET_BASE_URL = os.environ.get("PICKET_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("PICKET_DEFAULT_FROM_EMAIL", "picket@localhost")
EMAIL_HOST = os.environ.get("PICKET_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PICKET_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PICKET_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PICKET_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PICKET_EMAIL_USE_TLS")

# Sign-in hardening: lock an account after repeated wrong passwords until an administrator unlocks it.
# Locking by username only (not by address): field offices share one public address behind NAT.
AXES_FAILURE_LIMIT = int(os.environ.get("PICKET_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = None
AXES_LOCKOUT_PARAMETERS = ["username"]
# Per-address limits are Picket's own (web/ratelimit.py: 30 sign-in attempts per 5 minutes per address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "picket.accounts.views_security.locked_out"
AXES_VERBOSE = False
# Second factor: TOTP (an authenticator app) with single-use recovery codes.
OTP_TOTP_ISSUER = os.environ.get("PICKET_OTP_ISSUER", "Picket")
IDLE_SESSION_SECONDS = int(os.environ.get("PICKET_IDLE_MINUTES", "30")) * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("PICKET_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("PICKET_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS is only ever sent over HTTPS (SecurityMiddleware); behind a TLS proxy, trust its header.
SECURE_HSTS_SECONDS = int(os.environ.get("PICKET_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
if env_bool("PICKET_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("PICKET_SSL_REDIRECT")
# Reverse proxies in front of Picket whose X-Forwarded-For is trusted (audit addresses, rate limits).
PICKET_TRUSTED_PROXY_COUNT = int(os.environ.get("PICKET_TRUSTED_PROXY_COUNT", "0"))
# A Content Security Policy without 'unsafe-inline': no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# API tokens: default and maximum lifetime in days.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("PICKET_API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = 365
API_PAGE_SIZE_MAX = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PICKET_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs only; URLs never hold personal data (ids only), by convention and review.
        "django.request": {"level": "WARNING"},
    },
}
