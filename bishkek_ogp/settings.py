"""Settings for the Bishkek OGP portal.

One file for every deployment: each value that differs between a laptop and production is read from
the environment, with a default that makes `make run` work on a fresh machine (SQLite, no Redis,
Celery tasks run in-process). Production sets the variables listed in README.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def local_secret_key() -> str:
    """A random key kept in var/, so a laptop needs no configuration and never shares a key."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must precede the admin so that its admin classes patch translated fields.
    "modeltranslation",
    "bishkek_ogp.admin.BackOfficeConfig",  # django.contrib.admin, searches bounded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "commitments",
    "monitoring",
    "feedback",
    "participation",
    # After the apps: its post_migrate gives the roles their permissions (bishkek_ogp/apps.py).
    "bishkek_ogp.apps.ProjectConfig",
]

MIDDLEWARE = [
    # First, so that every log line of the request, however it ends, carries its id.
    "bishkek_ogp.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen, so that its message is in the visitor's language.
    "bishkek_ogp.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # ETag on every GET, and 304 answers to If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # Last, as django-axes requires: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bishkek_ogp.urls"
WSGI_APPLICATION = "bishkek_ogp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commitments.context_processors.demo_data",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            # Persistent connections are checked before reuse, so a restarted PostgreSQL costs at
            # most one failed request instead of a web-process restart.
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Parameters bound by the server, so that psycopg prepares the queries a page repeats on
        # its persistent connection: PostgreSQL then skips planning them (about half of the
        # database's time for a page). Turn off behind a pooler in transaction mode (PgBouncer).
        DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
            "DATABASE_SERVER_SIDE_BINDING", default=True
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed while a writer commits; IMMEDIATE transactions plus a
                # busy timeout make concurrent writers wait instead of failing with "locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages: kept server-side until content changes (bounded), and briefly by browsers. Pages
# of citizens' feedback, which moves too often to drop every page, and of the reports workers
# render are kept for BRIEF_PAGE_CACHE_SECONDS instead.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "3600"))
BRIEF_PAGE_CACHE_SECONDS = int(os.environ.get("BRIEF_PAGE_CACHE_SECONDS", "30"))
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "60"))

# --- Cache and Celery -----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Short socket timeouts: a dead Redis must fail fast, never hang a web request.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2"))
# The cache answers in well under a millisecond on the local network; a quarter of a second
# without an answer means it hangs.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.25"))

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bishkek-ogp",
            "OPTIONS": {
                # Fail fast, then leave Redis alone for a few seconds: a hung Redis must not hold
                # pages and submissions (bishkek_ogp/lib/fail_fast_cache.py).
                "CLIENT_CLASS": "bishkek_ogp.lib.fail_fast_cache.FailFastClient",
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                # The cache only speeds pages up and counts rate limits: while Redis is down,
                # reads miss and writes are dropped (and logged), so citizens' submissions are
                # still stored and pages still rendered instead of failing with a 500.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A named host: without one kombu warns "No hostname was supplied" on every task sent.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    # Publishing from a web request gives up quickly; the work is in the database and can be
    # re-enqueued, so waiting on a dead broker would only hold the citizen's request hostage.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
    "visibility_timeout": 3600,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Bishkek"
# Rendering PDFs is bounded in time and memory; a worker process is recycled regularly.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 512 * 1024  # KiB
CELERY_TASK_ROUTES = {"monitoring.tasks.render_report": {"queue": "pdf"}}
CELERY_BEAT_SCHEDULE = {
    "monthly-plan-reports": {
        "task": "monitoring.tasks.render_monthly_reports",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    "forget-submitter-ips": {
        "task": "feedback.tasks.forget_submitter_ips",
        "schedule": crontab(minute=30, hour=2),
    },
    "requeue-stuck-reports": {
        "task": "monitoring.tasks.requeue_stuck_reports",
        "schedule": 300.0,
    },
    "announce-missed-updates": {
        "task": "commitments.tasks.announce_missed_updates",
        "schedule": 300.0,
    },
    "deadline-reminders": {
        "task": "commitments.tasks.send_deadline_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_week="monday"),
    },
}

# Django 6 makes https the default scheme for URLs typed without one; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Behind the production proxy (docker-compose), the client address is the last X-Forwarded-For
# hop; a direct deployment must leave this off or clients could choose their own address.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", default=False)

# --- Authentication -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# After signing in with a `next` that is refused as unsafe (another site), the admin's index,
# not Django's default /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address as every other limit counts it (behind the proxy: USE_X_FORWARDED_FOR).
AXES_CLIENT_IP_CALLABLE = "bishkek_ogp.lib.client_address.client_address"
# A signed-in back-office session lasts a working day.
SESSION_COOKIE_AGE = 8 * 3600

# --- HTTP security headers ------------------------------------------------------------------------
# HTTPS=1 (docker-compose) turns on what only makes sense behind TLS; a local run over plain HTTP
# on loopback keeps working without it.
HTTPS = env_bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The container's own health probe talks plain HTTP to gunicorn.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts only from the site's own files: no inline script, no other host. Styles may be inline
# (the admin sets style attributes); images also as data: URLs (the API docs' icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Redoc builds its search worker from a blob: URL.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Languages ------------------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Kyrgyz dates in their grammatical form (bishkek_ogp/formats/ky/formats.py).
FORMAT_MODULE_PATH = ["bishkek_ogp.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Bishkek"
USE_TZ = True

# The official record of the 2025 plan is in English; other languages fall back through this
# chain, so a text entered in one language only is still shown rather than left blank.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("ky", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru", "ky")

# The audit trail keeps the reasons people give for changes, shown on the public change history;
# a reason is as long as it needs to be.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Static and media files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico and others), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "bishkek_ogp" / "root"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Public forms: submissions accepted per client address and hour (a school or an office may share
# one address; raise these there rather than turn the checks off).
FEEDBACK_HOURLY_LIMIT = int(os.environ.get("FEEDBACK_HOURLY_LIMIT", "10"))
FOLLOW_HOURLY_LIMIT = int(os.environ.get("FOLLOW_HOURLY_LIMIT", "5"))

# Evidence and meeting minutes: anything larger is refused with a message, not truncated.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.kg:587; by default mail is printed.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Open Bishkek <noreply@localhost>")
# Links in emails are built without a request: the public address of the site.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- REST API -------------------------------------------------------------------------------------
# The public filters' empty choice reads "All" rather than Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous write is told 401 with the scheme to use.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bishkek_ogp.api.permissions.AdminPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "bishkek_ogp.api.filters.FilterBackend",
        "bishkek_ogp.api.filters.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "bishkek_ogp.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "bishkek_ogp.api.throttles.AnonymousThrottle",
        "bishkek_ogp.api.throttles.UserThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "bishkek_ogp.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "bishkek_ogp.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "bishkek_ogp.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_VERSIONING_CLASS": None,
}
# Requests per minute; anonymous clients are counted by address, signed-in ones by account.
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "60/min")
API_USER_RATE = os.environ.get("API_USER_RATE", "1000/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Bishkek API",
    "DESCRIPTION": (
        "The City of Bishkek's OGP Local action plan as open data: plans, commitments, "
        "milestones, progress, monitoring and feedback statistics. Texts follow `?lang=ky|ru|en` "
        "or Accept-Language; the Content-Language header says which was used. Writes need a "
        "token (`Authorization: Token <key>`) of an account with the same permission as in the "
        "admin."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "commitments.models.ActionPlan.Status",
        "MilestoneStatusEnum": "commitments.models.MilestoneStatus",
        "LanguageEnum": "bishkek_ogp.api.views.LANGUAGE_CODES",
        "RecommendationResponseEnum": "monitoring.models.Recommendation.Response",
        "ContributionResponseEnum": "participation.models.Contribution.Response",
    },
}
# Spreadsheet round trip: importing milestones needs the right to change them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Between the preview and "Confirm import" the uploaded file waits in the cache under a random
# name, expiring on its own: a temporary folder let a forged name make the server parse, then
# delete, other files there, and kept the files of refused imports for good.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "bishkek_ogp.admin.ImportUploads"

# Parts of the site whose clients read errors in a format of their own: each prefix names a
# function (request, status, message) -> response, used for what their views do not answer
# themselves (an unknown address, a refused one, a server error).
ERROR_FORMATS = {
    "/api/": "bishkek_ogp.api.errors.error_response",
    "/open311/": "feedback.open311.formats.error_response",
}

# --- Open311 --------------------------------------------------------------------------------------
# The jurisdiction_id clients may send; any other value is refused (one endpoint, one city).
OPEN311_JURISDICTION = os.environ.get("OPEN311_JURISDICTION", "bishkek.kg")

# --- Logging and error reporting -----------------------------------------------------------------
# LOG_FORMAT=json (docker-compose sets it) writes one JSON object per line for log collectors;
# every line written while a request is handled carries its X-Request-ID.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bishkek_ogp.middleware.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Error reporting to Sentry (or a compatible service such as GlitchTip) only when SENTRY_DSN is
# set. No personal data is sent: no cookies, no user, no request bodies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
