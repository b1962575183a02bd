# Production image of the portal: gunicorn by default; docker-compose.yml runs Celery from it too.
FROM python:3.11-slim-bookworm

# Log lines reach `docker logs` as they are written; no .pyc or pip cache left in the layers.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    VAR_DIR=/data/var

# WeasyPrint (PDF reports) loads Pango and HarfBuzz from the system, not from its wheel, and needs
# at least one font; gettext provides msgfmt for compilemessages; postgresql-client (15, as the db
# service) provides pg_dump and pg_restore for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The site never runs as root. /data belongs to that user: a fresh named volume mounted on
# /data/media inherits the ownership, so uploads can be written; /data/var holds beat's schedule.
RUN useradd --create-home --uid 1000 ogp \
    && mkdir -p /data/media /data/var \
    && chown -R ogp:ogp /data

WORKDIR /app

# Named paths rather than `COPY . .`: a working copy holds .venv/, .git/ and var/ (the local
# SQLite database and secret key), none of which may end up in an image.
COPY pyproject.toml README.md manage.py ./
COPY bishkek_ogp bishkek_ogp
COPY commitments commitments
COPY monitoring monitoring
COPY feedback feedback
COPY participation participation
RUN pip install .
COPY templates templates
COPY static static
COPY locale locale

# Static files and translations are fixed at build time. These steps get a throwaway SECRET_KEY,
# kept out of the image's environment: without one, settings would write a key into the image.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only-not-secret python manage.py compilemessages

USER ogp
EXPOSE 8000

# Gunicorn's heartbeat files go to /dev/shm: on the overlay filesystem they can stall workers.
CMD ["gunicorn", "bishkek_ogp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
