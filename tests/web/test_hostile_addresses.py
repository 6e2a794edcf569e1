"""Addresses no page ever links to: ids past 32 and 64 bits, NUL in a path segment, page
numbers, holders and years past any column, search text past its length or with NUL. Never
a server error: an id that names nothing is a 404 (or 400), a filter the page cannot read
is ignored and the page shown."""
import pytest

from crawl_world import World
from html_forms import messages
from test_every_page_in_each_language import page_urls

HUGE_IDS = ["2147483648", "9223372036854775808", "18446744073709551617", "9" * 40]
LISTS = ["/clusters", "/inspections", "/violations", "/obstacles", "/deadlines",
         "/deadlines/all", "/notifications", "/dashboard", "/plan/targets"]
QUERIES = ["page=-1", "page=0", "page=99999999999999999999", "page=2147483648",
           "holder=" + "9" * 5000, "holder=-1", "holder=99999999999999999999",
           "year=99999999999999999999", "q=" + "x" * 300, "q=a%00b", "text=" + "y" * 300,
           "text=%00", "commune=" + "z" * 300, "commune=%00", "cluster_id=99999999999999999999",
           "date_from=31/02/2026", "date_to=00/00/0000", "state=%00", "kind=%00"]
EXPORTS = ["/exports/clusters.csv", "/exports/inspections.csv", "/exports/violations.xlsx",
           "/exports/deadlines.csv", "/exports/plan.csv"]


@pytest.fixture
def world(app, make, db, clock):
    return World(app, make, db, clock).build()


def _status(open_, url, **kw):
    """The status, a server error as 500 (the test app lets it through as raised)."""
    try:
        return open_(url, **kw).status_code
    except Exception as exc:  # noqa: BLE001 - any exception is the 500 a user would see
        return f"500 {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


def _as_admin(web, world):
    web.login(world.users["admin"])
    return web


def _id_pages(app, world, db) -> list[str]:
    """Every page with an id in its address, the id swapped for each hostile one."""
    urls = [u for u in page_urls(app, world, db.session) if any(c.isdigit() for c in u)]
    swapped = set()
    for url in urls:
        parts = url.split("?")[0].split("/")
        for i, part in enumerate(parts):
            if part.isdigit():
                for bad in HUGE_IDS + ["-1", "1%00", "%00"]:
                    swapped.add("/".join(parts[:i] + [bad] + parts[i + 1:]))
    return sorted(swapped)


def test_ids_past_the_columns_or_with_nul_name_nothing(app, web, world, db):
    _as_admin(web, world)
    urls = _id_pages(app, world, db)
    assert len(urls) > 50
    wrong = {url: _status(web.get, url) for url in urls}
    for url in ["/inspections/2147483648/findings", "/notifications/9223372036854775808/read",
                "/violation/18446744073709551617/papers", "/cluster/2147483648/evidence",
                "/accounts/users/2147483648/unlock", "/plants/%00/edit"]:
        wrong[f"POST {url}"] = _status(web.post, url, data={"reason": "x"})
    wrong = {url: status for url, status in wrong.items() if status not in (400, 404)}
    assert not wrong, "\n".join(f"{s} {u[:120]}" for u, s in sorted(wrong.items()))


def test_filters_past_their_limits_are_ignored(web, world):
    _as_admin(web, world)
    statuses = {f"{page}?{query}": _status(web.get, f"{page}?{query}")
                for page in LISTS for query in QUERIES}
    wrong = {url: status for url, status in statuses.items() if status != 200}
    assert not wrong, "\n".join(f"{s} {u[:120]}" for u, s in sorted(wrong.items()))


def test_exports_refuse_what_they_cannot_read(web, world):
    _as_admin(web, world)
    statuses = {f"{url}?{query}": _status(web.get, f"{url}?{query}")
                for url in EXPORTS for query in QUERIES}
    wrong = {url: s for url, s in statuses.items() if isinstance(s, str) or s >= 500}
    assert not wrong, "\n".join(f"{s} {u[:120]}" for u, s in sorted(wrong.items()))


def test_the_cluster_export_refuses_a_search_past_its_length(web, world):
    _as_admin(web, world)
    response = web.get("/exports/clusters.csv?q=" + "x" * 201, headers={
        "Referer": "http://localhost/clusters"})
    assert response.status_code == 303  # back to the list, the refusal flashed there
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert any("200" in m for m in messages(page)), messages(page)
    assert web.get("/exports/clusters.csv?q=" + "x" * 200).status_code == 200
