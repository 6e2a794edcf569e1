"""Where a record's page is: a path for the pages, a full address for what is read outside
the app (an e-mail the scheduler sends)."""
from urllib.parse import urlsplit

from flask import url_for

DETAIL_ENDPOINTS = {"cluster": "clusters.detail", "inspection": "inspections.detail",
                    "violation": "violations.detail", "obstacle": "obstacles.detail"}


def detail_url(entity_type: str, entity_id: int) -> str | None:
    """The entity's page; None for what has no page of its own (an organization's
    recurring report deadline, for one)."""
    endpoint = DETAIL_ENDPOINTS.get(entity_type)
    return url_for(endpoint, **{f"{entity_type}_id": entity_id}) if endpoint else None


def record_links(app):
    """(entity type, id) -> the record's page as a full address on PUBLIC_BASE_URL, for
    what is read outside the app (an e-mail); None when the app does not know its public
    address (the scheduler has no request to read it from)."""
    base = app.config.get("PUBLIC_BASE_URL")
    if not base:
        return None
    where = urlsplit(base)
    adapter = app.url_map.bind(where.netloc, script_name=where.path or "/",
                               url_scheme=where.scheme or "https")

    def link(entity_type: str, entity_id: int) -> str | None:
        endpoint = DETAIL_ENDPOINTS.get(entity_type)
        return adapter.build(endpoint, {f"{entity_type}_id": entity_id},
                             force_external=True) if endpoint else None
    return link
