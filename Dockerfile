# Have Your Say: a slim, non-root image. Build: docker build -t have-your-say .
# Run:  docker run --env-file .env -v hys-data:/data have-your-say
# Content is baked in at /app/content; mount your own folder there to override it.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /venv
# Exactly the locked, hash-checked dependency tree; then the bot itself without dependencies.
COPY requirements.lock ./
RUN /venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN /venv/bin/pip install --no-cache-dir --no-deps .

FROM python:3.11-slim-bookworm
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HYS_CONTENT_DIR=/app/content \
    HYS_DATABASE=/data/have-your-say.sqlite3 \
    HYS_WEB_LISTEN=0.0.0.0
# The board report's PDF is printed by WeasyPrint, which lays text out with Pango (Debian's
# bookworm packages, pinned). The fonts it embeds ship inside the bot (bot/fonts). pg_dump is
# PostgreSQL's client, for `python -m bot backup` when HYS_DATABASE_URL names a server.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0=1.50.12+ds-1 \
        libpangoft2-1.0-0=1.50.12+ds-1 \
        libharfbuzz-subset0=6.0.0+dfsg-3 \
        postgresql-client-15=15.20-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 hys \
    && useradd --system --uid 10001 --gid hys --home-dir /app --shell /usr/sbin/nologin hys \
    && mkdir -p /data /app \
    && chown hys:hys /data
COPY --from=build /venv /venv
COPY content /app/content
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
# Webhook mode (python -m bot run --webhook), behind your HTTPS proxy.
EXPOSE 8080
# The web chat (python -m bot web, or run with HYS_WEB_PORT=8000), behind your HTTPS proxy.
EXPOSE 8000
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
