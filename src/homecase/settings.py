"""Settings, all from environment variables, in one place.

Development needs no configuration: SQLite under ./var, mail to the console, a secret key
generated once into ./var. Production (HOMECASE_ENV=production) refuses to start without a
SECRET_KEY and ALLOWED_HOSTS, and turns on every protection `homecase check --deploy` asks for.
See `.env.example` for every variable.
"""

import secrets
from pathlib import Path

import environ

env = environ.Env()
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.str("HOMECASE_DATA_DIR", default=str(Path.cwd() / "var")))
PRODUCTION = env.str("HOMECASE_ENV", default="development") == "production"


def _development_secret_key() -> str:
    """A random key, kept in the data folder so a restart does not sign everyone out."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # fails loudly when missing
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "homecase.common",
    "homecase.accounts",
    "homecase.policy",
    "homecase.records",
    "homecase.housing",
    "homecase.notify",
    "homecase.complaints",
    "homecase.repairs",
    "homecase.asb",
    "homecase.reports",
    "homecase.api",
    "homecase.portal",
    "homecase.console",
    "homecase.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "homecase.urls"
WSGI_APPLICATION = "homecase.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "portal:sign-in"

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
                "homecase.common.context_processors.landlord",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'homecase.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo serve pages while a command writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("HOMECASE_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(DATA_DIR / "static"))
if not PRODUCTION:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Homecase <no-reply@homecase.local>")

# The landlord: name, working-day calendar, closing time. RULES.md "Working days and clocks".
HOMECASE_LANDLORD_NAME = env.str("HOMECASE_LANDLORD_NAME", default="Riverside Commons Housing")
HOMECASE_CALENDAR = env.str("HOMECASE_CALENDAR", default="england-and-wales")
HOMECASE_CLOSING_TIME = env.str("HOMECASE_CLOSING_TIME", default="17:00")
HOMECASE_COMPLAINT_TIMESCALES = env.str("HOMECASE_COMPLAINT_TIMESCALES", default="")
HOMECASE_REPAIRS_POLICY = env.str("HOMECASE_REPAIRS_POLICY", default="")
HOMECASE_ASB_POLICY = env.str("HOMECASE_ASB_POLICY", default="")
HOMECASE_SMS_BACKEND = env.str("HOMECASE_SMS_BACKEND", default="homecase.notify.backends.OutboxSms")
HOMECASE_LETTER_BACKEND = env.str(
    "HOMECASE_LETTER_BACKEND", default="homecase.notify.backends.OutboxLetter"
)
HOMECASE_SIGN_IN_LINK_MINUTES = env.int("HOMECASE_SIGN_IN_LINK_MINUTES", default=15)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
