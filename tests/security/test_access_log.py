"""Defect 10: the access log keeps route and status, never a query string (queries can hold a
CPR number, the iframe's old address a widget key)."""

from __future__ import annotations

import logging

from search_api.app import create_app


def test_uvicorn_access_records_lose_their_query_string(settings, caplog):
    create_app(settings)  # installs the filter on uvicorn's access logger
    logger = logging.getLogger("uvicorn.access")
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        # The exact call uvicorn's protocols make for every response.
        logger.info('%s - "%s %s HTTP/%s" %d', "10.0.0.1:5000", "GET", "/?q=010203-1234+jens", "1.1", 200)
        logger.info('%s - "%s %s HTTP/%s" %d', "10.0.0.1:5000", "GET", "/widget/embed?key=vb_hemmelig", "1.1", 200)
    messages = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert messages == ['10.0.0.1:5000 - "GET / HTTP/1.1" 200', '10.0.0.1:5000 - "GET /widget/embed HTTP/1.1" 200']


def test_the_filter_is_installed_once_however_many_apps_are_built(settings):
    create_app(settings)
    create_app(settings)
    assert len(logging.getLogger("uvicorn.access").filters) == 1
