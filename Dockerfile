# calfcare production image: gunicorn serving the site, static files built in at build time.
FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app
RUN python -m venv /opt/venv
COPY requirements/base.txt requirements/base.txt
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements/base.txt

COPY manage.py gunicorn.conf.py ./
COPY calfcare calfcare
COPY articles articles
COPY publishing publishing
COPY feedback feedback
COPY delivery delivery
COPY translations translations
COPY content content
COPY templates templates
COPY static static
# collectstatic needs settings to import; this throwaway key exists only in this build stage.
RUN DJANGO_SECRET_KEY=collectstatic-only /opt/venv/bin/python manage.py collectstatic --no-input


FROM python:3.11-slim-bookworm

# The runtime user may write only under /data (the volume): the file cache, uploaded images and,
# as docs/operators.md runs it, the SQLite database. /app stays root's; no bytecode is written
# beside it.
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GUNICORN_BIND=0.0.0.0:8000 \
    DJANGO_CACHE_DIR=/data/cache \
    DJANGO_MEDIA_ROOT=/data/media

# libcairo2: CairoSVG draws a step's SVG picture onto its share card (articles.share_cards).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcairo2=1.16.0-7 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 calfcare \
    && useradd --system --uid 10001 --gid calfcare --home-dir /app --no-create-home calfcare \
    && mkdir -p /data/cache /data/media \
    && chown -R calfcare:calfcare /data

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app

USER 10001:10001
EXPOSE 8000
VOLUME ["/data"]
# /healthz answers "ok" once gunicorn serves and the database answers; the check uses Python's
# standard library, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "delivery.healthcheck"]
# tests/test_production_server.py starts exactly this command, with production settings.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]
