"""Hypothesis over the forms: whatever text a browser posts into the transition forms, the
new-inspection form and the finding form, the answer is a page (never a 500), and a refused
value comes back with a message."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Any text a browser can send (UTF-8, so no lone surrogates; NUL included), plus the values
# that once reached the database: huge numbers, NaN, far-off years.
HOSTILE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(["NaN", "Infinity", "-1", "0", "1e400", "9" * 40, "31/12/9999",
                     "9999-12-31", "00/00/0000", "\x00", "a\x00b", "01/01/2025", "5000000000"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
SETTINGS = settings(max_examples=25, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def world(make):
    investor_org = make.org("investor")
    inspector = make.user("inspector")
    cluster = make.cluster(investor=investor_org, stage="established")
    make.plant(cluster)
    return {"inspector": inspector, "manager": make.user("manager"), "cluster": cluster,
            "inspection": make.inspection(cluster, inspector, state="in_progress"),
            "violation": make.violation(cluster, inspector, state="notified")}


def _as(web, user):
    """Log in once per test: hypothesis runs every example in the same test client."""
    if getattr(web, "user", None) is not user:
        web.login(user)
        web.user = user
    return web


def _page(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    return response


@SETTINGS
@given(decision_no=HOSTILE, fine=HOSTILE, reason=HOSTILE)
def test_the_sanction_form(web, world, decision_no, fine, reason):
    _as(web, world["manager"])
    v = world["violation"]
    _page(web.post(f"/violations/{v.id}/actions/sanction",
                   data={"version": v.version, "decision_no": decision_no, "fine_vnd": fine,
                         "fine_departure_reason": reason}))


@SETTINGS
@given(day=HOSTILE, version=HOSTILE)
def test_a_date_transition_form(web, world, day, version):
    _as(web, world["manager"])
    c = world["cluster"]
    _page(web.post(f"/clusters/{c.id}/actions/start_infrastructure",
                   data={"version": version, "effective_date": day}))


@SETTINGS
@given(cluster=HOSTILE, day=HOSTILE, team=HOSTILE)
def test_the_new_inspection_form(web, world, cluster, day, team):
    _as(web, world["inspector"])
    _page(web.post("/inspections/new", data={"cluster_id": cluster, "kind": "periodic",
                                             "planned_date": day, "team": team}))


@SETTINGS
@given(parameter=HOSTILE, value=HOSTILE, unit=HOSTILE, sampled_at=HOSTILE)
def test_the_finding_form(web, world, parameter, value, unit, sampled_at):
    _as(web, world["inspector"])
    i = world["inspection"]
    _page(web.post(f"/inspections/{i.id}/findings", data={
        "category": "wastewater", "severity": "medium", "description": "Mẫu",
        "measurements-0-parameter": parameter, "measurements-0-value": value,
        "measurements-0-unit": unit, "measurements-0-sampled_at": sampled_at}))
