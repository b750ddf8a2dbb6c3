# syntax=docker/dockerfile:1
# SSP Vidensbank: one image for every API replica. Build from the repository root:
#   docker build -t ssp-vidensbank .
# Validated here with hadolint only (scripts/validate-deploy.sh); no container engine runs on
# the project's machines, so this image has not been built by the project itself.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install the package and its dependencies into a virtual environment ---------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/vidensbank
ENV PATH=/opt/vidensbank/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY indexer ./indexer
COPY corpus ./corpus
COPY search_api ./search_api
COPY evaluation ./evaluation
COPY vidensbank ./vidensbank
# The project's own package; its dependencies are pinned or bounded in pyproject.toml.
# hadolint ignore=DL3013
RUN pip install '.[postgres]'

# --- runtime: Danish OCR and word lists, the venv, a user without privileges -------------
FROM ${PYTHON_IMAGE} AS runtime
# tesseract-ocr(-dan): OCR of scanned PDFs; wdanish, hunspell-da: OCR repair of æ/ø/å.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-dan wdanish hunspell-da \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/vidensbank --create-home vidensbank
COPY --from=build /opt/vidensbank /opt/vidensbank
ENV PATH=/opt/vidensbank/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    VIDENSBANK_DATA_DIR=/var/lib/vidensbank \
    VIDENSBANK_API__HOST=0.0.0.0 \
    VIDENSBANK_API__PORT=8000
USER 10001:10001
WORKDIR /var/lib/vidensbank
VOLUME ["/var/lib/vidensbank"]
EXPOSE 8000
# /readyz is 200 only when the store answers and the model is loaded (503 otherwise).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["vidensbank", "serve"]
