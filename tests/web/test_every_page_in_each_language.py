"""Every page, as each role sees it, in Vietnamese and in English: no text leaks past the
catalogue (a Vietnamese text on an English page, a code where a label belongs), no value
past the formats (None, nan, a Python repr, an ISO date, a figure in the other language's
format), no placeholder left unrendered. The pages come from the app's URL map, so a new
page is crawled too, its ids filled from a small world (crawl_world.py) that has one of
every thing; the checks are visible_text.py's."""
import itertools
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from crawl_world import CLUSTERS, DATA, NUMBERS, PEOPLE, World
from forms import web_labels
from models import (AuditEntry, Cluster, Finding, Inspection, Notification, Obstacle,
                    PlanTarget, Violation)
from models.clusters import RECEIVING_BODIES
from models.organizations import KNOWN_KINDS
from visible_text import leaks, visible_text
from workflows.engine.fields import FIELDS
from workflows.engine.registry import WORKFLOWS, workflows_for
from workflows.machines import policies
from workflows.operations.clusters import CLUSTER_FIELDS
from workflows.operations.plants import PLANT_FIELDS
from workflows.permissions import ROLES

CATALOGUE = Path(__file__).resolve().parents[2] / "translations/en/LC_MESSAGES/messages.po"
LOGINS = ("admin", "manager", "inspector", "investor", "commune", None)  # None: no login
LANGUAGES = ("vi", "en")

# The routes that are not pages: files, feeds, JSON, probes. Every other GET route is
# crawled; one whose arguments the world cannot fill fails the test, so no page is
# silently left out.
NOT_PAGES = {
    "static": "the stylesheets and scripts",
    "attachments.download": "a file as uploaded",
    "exports.download": "a spreadsheet",
    "reports.import_template": "a CSV template",
    "calendar_feed.feed": "an iCalendar feed",
    "verify.as_json": "JSON for other systems",
    "ops.healthz": "a probe", "ops.readyz": "a probe", "ops.metrics": "Prometheus text",
}
# Pages whose query string shows more than their bare URL does.
VARIANTS = ["/violations?show=all", "/obstacles?show=all", "/deadlines/all?bucket=week",
            "/deadlines/all?bucket=month", "/deadlines/all?bucket=overdue",
            "/notifications?show=unread", "/plan/targets?year=2026", "/dashboard?year=2027",
            "/inspections?date_from=31/02/2026"]  # a refused filter says why, on the page
ENTITIES = {"cluster_id": Cluster, "inspection_id": Inspection, "violation_id": Violation,
            "obstacle_id": Obstacle}

# The values people typed or named, which are Vietnamese on an English page too: people's
# and places' names, numbers of decisions, and what users wrote (crawl_world.DATA).
# Organizations are not here: each has its English name, which an English page must use.
TYPED = {*PEOPLE.values(), *DATA.values(), *NUMBERS,
         *(part for names in CLUSTERS.values() for part in names)}
# The periodic reports page says, in English, which note the (Vietnamese) report files
# write in a cell the system keeps no figure for, and translates it beside.
QUOTED = {"Hệ thống không lưu số liệu này"}


def kept_with_records(session) -> set[str]:
    """The texts records keep in Vietnamese, as officials sign them (docs/i18n.md): a
    violation's title and its fine suggestion's readings and warnings, a finding's
    assessment, the audit's comments; and the notices, written in the reader's language
    when they were queued (before the crawl switched it). Not the suggestion's citations
    nor its supplementary sanction: a page says them from their codes."""
    texts = set(session.scalars(select(Violation.title)))
    texts |= set(session.scalars(select(AuditEntry.comment)))
    texts |= set(session.scalars(select(Finding.assessment_note)))
    for n in session.scalars(select(Notification).where(Notification.subject != "")):
        texts |= {n.subject, *n.body.splitlines()}
    for fs in filter(None, session.scalars(select(Violation.fine_suggestion))):
        texts |= {*fs.get("readings", ()), *fs.get("warnings", ())}
    return {t.strip() for t in texts if t and t.strip()}


def known_codes(session) -> set[str]:
    """The identifiers the app has labels for, which a page must never show bare."""
    codes = {"cluster", "inspection", "violation", "obstacle", "organization", "deadline",
             *FIELDS, *PLANT_FIELDS, *CLUSTER_FIELDS, *ROLES, *KNOWN_KINDS, *RECEIVING_BODIES,
             *web_labels.CATEGORIES, *web_labels.INSPECTION_KINDS, *web_labels.OBSTACLE_KINDS,
             *policies.defaults()}
    for wf in WORKFLOWS.values():
        codes |= {wf.name, *(s.name for s in wf.states), *(t.trigger for t in wf.transitions)}
    codes |= set(session.scalars(select(AuditEntry.trigger).distinct()))
    return {c for c in codes if len(c) > 2}


def english_catalogue() -> set[str]:
    with CATALOGUE.open("rb") as fh:
        return {m.string for m in read_po(fh) if isinstance(m.string, str) and m.string}


def triggers(session, name, entity_id) -> list[str]:
    """The actions that leave the entity's current state: the pages that may answer."""
    entity = session.get(ENTITIES[name], entity_id)
    return [t.trigger for wf in workflows_for(entity.entity_type) for t in wf.transitions
            if wf.transition_for(getattr(entity, wf.attribute), t.trigger)]


def page_urls(app, world, session) -> list[str]:
    """Each GET page of the URL map, once for every value the world has for its arguments
    (a finding's, under its own inspection)."""
    values = {**world.ids, "digest": world.digests,
              "indicator": sorted(set(session.scalars(select(PlanTarget.indicator))))}
    urls, unfilled = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES \
                or rule.rule.startswith("/api/"):
            continue
        names = [n for n in rule.arguments if n != "trigger"]
        if any(n not in values for n in names):
            unfilled.append(rule.rule)
            continue
        for combination in itertools.product(*(values[n] for n in names)):
            args = dict(zip(names, combination))
            if "finding_id" in args and \
                    world.finding_of[args["finding_id"]] != args.get("inspection_id"):
                continue
            if "trigger" not in rule.arguments:
                urls.append(rule.build(args)[1] if args else rule.rule)
                continue
            entity_arg = next(n for n in names if n in ENTITIES)
            for trigger in triggers(session, entity_arg, args[entity_arg]):
                urls.append(rule.build({**args, "trigger": trigger})[1])
    assert not unfilled, f"pages the crawler cannot fill: {unfilled}"
    return sorted(set(urls)) + VARIANTS


def verdict_form(world) -> dict:
    """The verdict page's answer to a lab result: the fine suggested on request."""
    return {"surcharge_base": "fine_of_violation_chosen", "standard": "QCVN40:2011",
            "column": "B", "receiving_kind": "river", "organisation": "y",
            "plant_id": world.plants["certified"].id, "sampled_on": "27/11/2026",
            "lab_result": "cod 600 mg/l\ntss 180 mg/l\nph 10.5\n" + DATA["lab_result"]}


def crawl(app, client, urls, language, posts=()):
    """{url: visible pieces} of the pages that answer 200 with HTML."""
    pages = {}
    for method, url, data in [("GET", url, None) for url in urls] + list(posts):
        with app.app_context():  # its own session, as under a server
            response = client.open(url, method=method, data=data)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages[f"{method} {url}"] = visible_text(response.get_data(as_text=True), language)
    return pages


def test_every_page_speaks_the_readers_language(app, make, db, clock):
    world = World(app, make, db, clock).build()
    urls = page_urls(app, world, db.session)
    posts = [("POST", "/evaluations", verdict_form(world))]
    typed = sorted(TYPED | QUOTED | kept_with_records(db.session), key=len, reverse=True)
    codes, catalogue = known_codes(db.session), english_catalogue()
    found = defaultdict(set)  # (language, rule, fragment) -> {(login, url)}
    crawled = defaultdict(int)
    for login, language in itertools.product(LOGINS, LANGUAGES):
        # A browser of its own for each: a message flashed in one language is not left
        # for the next crawl to show.
        client = app.test_client()
        if login:
            response = client.post("/login", data={"username": world.users[login].username,
                                                   "password": "secret-pass"})
            assert response.status_code == 303, login
        client.post(f"/language/{language}")
        for url, pieces in crawl(app, client, urls, language, posts).items():
            crawled[login, language] += 1
            for rule, fragment in leaks(pieces, language, typed, codes, catalogue):
                found[language, rule, fragment[:160]].add((login or "anonymous", url))
    # Each login saw its pages in both languages (a log-in or a switch that failed would
    # otherwise pass an empty crawl).
    for login in LOGINS:
        assert crawled[login, "vi"] == crawled[login, "en"] > (1 if login is None else 20), \
            (login, dict(crawled))
    report = "\n".join(
        f"[{language}] {rule}: {fragment!r}\n    on {len(where)} page(s), e.g. "
        f"{sorted(where)[0]}" for (language, rule, fragment), where in sorted(found.items()))
    if found:
        pytest.fail(f"{len(found)} leaks:\n{report}", pytrace=False)


def test_the_checks_tell_a_leak_from_what_a_page_may_show():
    """Each rule finds its leak on a page made for it, and lets pass what is no leak: a
    name users typed, a field's machine figure, the language switch, a time's datetime,
    the catalogue's own "None.", a diagram's state codes."""
    page = """<html lang="en"><head><title>Cluster · Hanoi</title><style>.x{}</style></head>
    <body><script>var a = "{{ x }}";</script>
    <button lang="vi">Tiếng Việt</button>
    <h1 title="Chủ đầu tư">CCN Phùng Xá</h1>
    <time datetime="2026-11-20T03:00:00+00:00">20/11/2026</time>
    <input name="area_ha" value="74.25"><input name="name_vi" value="Sở Công Thương">
    <pre class="mermaid">stateDiagram-v2
    detected : Detected
    detected --> notified : Lập biên bản</pre>
    <p>None.</p><p>Fine: 450000000 · 1,200.5 đ · 5.000.000</p>
    <dl><dt>capacity_m3_day</dt><dd>None → True</dd><dd>attach</dd></dl>
    <p>Decimal('1.5') on 2026-11-20 %(n)s nan</p></body></html>"""
    pieces = visible_text(page, "en")
    assert "Tiếng Việt" not in pieces and "20/11/2026" in pieces and "74.25" in pieces
    found = leaks(pieces, "en", ["CCN Phùng Xá"], {"attach", "capacity_m3_day", "detected"},
                  {"None."})
    assert sorted({rule.split(" (")[0] for rule, _ in found}) == [
        "ISO date", "None", "True/False", "Vietnamese", "code", "nan", "number format",
        "placeholder", "repr"]
    assert {fragment for rule, fragment in found if rule == "Vietnamese"} == \
        {"Chủ đầu tư", "Lập biên bản", "Fine: 450000000 · 1,200.5 đ · 5.000.000"}
    assert {rule for rule, _ in found if rule.startswith("number")} == {
        "number format (450000000)", "number format (5.000.000)"}
    vietnamese = leaks(visible_text(page.replace('lang="en"', 'lang="vi"'), "vi"), "vi", [],
                       set(), set())
    assert ("number format (1,200.5)", "Fine: 450000000 · 1,200.5 đ · 5.000.000") in vietnamese
