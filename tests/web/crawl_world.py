"""A small Hanoi with one of every thing a page shows, for the crawler in
test_every_page_in_each_language.py: clusters at several stages with their plants,
inspections with findings and measurements, violations in many states (one with its fine
suggestion and a paper drawn up), obstacles, deadlines (the scheduler's recurring reports
among them), notifications, plan targets, calendar feeds and a scheduler heartbeat.

Everything people typed is in DATA or NAMES below, so the crawler can tell a value a user
entered in Vietnamese from a Vietnamese text the interface forgot to translate. Every
organization has its English name, so an organization named in Vietnamese on an English
page is a leak."""
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from werkzeug.datastructures import FileStorage

from models import Notification, Violation
from scheduler.heartbeat import Node, beat
from scheduler.jobs import tick
from workflows.engine.fire import fire
from workflows.operations import feeds
from workflows.operations.evidence import store_attachment
from workflows.operations.findings import correct_finding, withdraw_finding
from workflows.operations.inspections import log_finding
from workflows.operations.papers import draw_up
from workflows.operations.plan_targets import create_target, update_target
from workflows.operations.clusters import update_cluster
from workflows.operations.plants import add_plant, update_plant

# The world starts two months before the tests' clock (28/11/2026), so the deadlines it
# opens are by then due, overdue or reminded, and the half-yearly reports are open.
START = datetime(2026, 10, 1, 3, 0, tzinfo=timezone.utc)
PDF = b"%PDF-1.7\n" + b"\x00" * 64

# Names: each organization in both languages (pages pick the reader's), and the proper
# names of people and places, which are Vietnamese in either language.
ORGANIZATIONS = {  # key: (kind, name_vi, name_en); the department is make.department()'s
    "investor": ("investor", "Công ty CP Hạ tầng Phùng Xá", "Phung Xa Infrastructure JSC"),
    "other_investor": ("investor", "Công ty TNHH Đầu tư Thanh Oai",
                       "Thanh Oai Investment Co., Ltd"),
    "commune": ("commune_committee", "UBND xã Phùng Xá", "Phung Xa Commune People's Committee"),
    "environment": ("environment_department", "Sở Nông nghiệp và Môi trường",
                    "Department of Agriculture and Environment"),
    "city": ("city_committee", "UBND Thành phố Hà Nội", "Hanoi People's Committee"),
}
PEOPLE = {"admin": "Hoàng Quản Trị", "manager": "Nguyễn Văn Quản",
          "inspector": "Trần Thị Kiểm", "investor": "Lê Văn Đầu", "commune": "Phạm Thị Xã"}
# Log-in names that are no code of the app's (a role's name would read as one).
USERNAMES = {"admin": "quantri", "manager": "lanhdao", "inspector": "thanhtra",
             "investor": "chudautu", "commune": "canboxa"}
CLUSTERS = {  # key: (name, former district, commune)
    "certified": ("CCN Phùng Xá", "Thạch Thất", "Phùng Xá"),
    "operational": ("CCN Ngọc Liệp", "Quốc Oai", "Ngọc Liệp"),
    "planned": ("CCN Bát Tràng", "Gia Lâm", "Bát Tràng"),
    "established": ("CCN Đắc Sở", "Hoài Đức", "Đắc Sở"),
    "other": ("CCN Thanh Oai", "Thanh Oai", "Bình Minh"),
}
# What users typed: titles, descriptions, comments, numbers of decisions and records.
DATA = {
    "plant": "Trạm XLNT tập trung Phùng Xá",
    "plant_basis": "Đã vận hành từ năm 2020",
    "receiving_name": "Sông Đáy",
    "team": "Trần Thị Kiểm - Trưởng đoàn",
    "finding_water": "Nước thải sau xử lý tại cửa xả vượt quy chuẩn",
    "finding_air": "Bụi tại khu vực kho than",
    "finding_open": "Chưa có sổ nhật ký vận hành trạm",
    "sampling_point": "Cửa xả số 1",
    "correction": "Sửa đơn vị đo",
    "finding_wrong": "Ghi nhầm khu vực kho",
    "withdrawn": "Ghi nhầm cơ sở",
    "violation_title": "Xả nước thải chưa qua xử lý",
    "plan": "Phương án lắp bể lắng",
    "extension": "Xin gia hạn vì mưa lớn",
    "reject": "Phương án chưa đủ chi tiết",
    "remedied": "Đã lắp bể lắng và quan trắc lại",
    "verified": "Kết quả quan trắc lại đạt",
    "dismiss": "Nhầm cụm công nghiệp",
    "escalate": "Chủ đầu tư không trả lời",
    "cancel": "Hoãn vì mưa bão",
    "conclude": "Kết luận: có vi phạm về nước thải",
    "obstacle_land": "Vướng giải phóng mặt bằng 2 ha",
    "obstacle_power": "Chưa có đường điện trung thế",
    "obstacle_road": "Đường vào cụm xuống cấp",
    "obstacle_water": "Thiếu nguồn nước sạch",
    "obstacle_fire": "Chưa nghiệm thu phòng cháy",
    "obstacle_text": "Còn 12 hộ chưa nhận tiền bồi thường",
    "person": "Ông Đỗ Văn Xử",
    "resolved": "Đã bàn giao mặt bằng",
    "escalated_obstacle": "Vượt thẩm quyền của Sở",
    "working": "Đang làm việc với điện lực",
    "lab_result": "coliform 6000 vi khuẩn/100ml",
}
# Numbers of decisions, records and certificates, as officials write them.
NUMBERS = ("1234/QĐ-UBND", "567/QĐ-SCT", "89/GCN-STNMT", "125/QĐ-SCT", "126/QĐ-SCT",
           "01/BB-VPHC", "02/BB-VPHC", "03/BB-VPHC", "04/BB-VPHC", "45/QĐ-XPHC",
           "127/QĐ-SCT")


def _upload(name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(PDF), filename=name, content_type="application/pdf")


class World:
    """Builds the world with `make` (tests/conftest.py) and the app's own operations, as
    the pages and the scheduler would, and keeps the ids the crawler fills URLs with."""

    def __init__(self, app, make, db, clock):
        self.app, self.make, self.db, self.clock = app, make, db, clock
        self.ids: dict[str, list[int]] = {}
        self.users = {}
        self.digests: list[str] = []

    def keep(self, name: str, *rows):
        self.ids.setdefault(name, []).extend(r.id for r in rows)

    def at(self, days: int = 0, hours: int = 0):
        """Moves the clock on (each step is a new moment on the timelines)."""
        self.clock.set(self.clock() + timedelta(days=days, hours=hours))
        return self.clock()

    def fire(self, entity, trigger, actor, comment="", **data):
        self.at(hours=1)
        return fire(self.db.session, entity, trigger, actor, comment=comment, data=data,
                    now=self.clock())

    def attach(self, entity, actor, name):
        return store_attachment(self.db.session, entity, actor, _upload(name), self.clock(),
                                10 * 1024 * 1024).id

    def build(self):
        self.clock.set(START)
        self.organizations_and_people()
        self.clusters()
        self.inspections()
        self.violations()
        self.obstacles()
        self.plan()
        self.clock.set(datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc))
        self.scheduler()
        self.db.session.commit()
        return self

    def organizations_and_people(self):
        make = self.make
        department = make.department()
        orgs = {key: make.org(kind, name_vi=vi, name_en=en, code=key.upper())
                for key, (kind, vi, en) in ORGANIZATIONS.items()}
        orgs["department"] = department
        orgs["commune"].parent_id = department.id
        self.orgs = orgs
        for role, org in (("admin", department), ("manager", department),
                          ("inspector", department), ("investor", orgs["investor"])):
            self.users[role] = make.user(role, org=org, full_name=PEOPLE[role],
                                         username=USERNAMES[role])
        self.users["commune"] = make.user("inspector", org=orgs["commune"],
                                          full_name=PEOPLE["commune"],
                                          username=USERNAMES["commune"])
        self.keep("org_id", *orgs.values())
        self.keep("user_id", *self.users.values())

    def _cluster(self, key, stage, investor, **kw):
        name, district, commune = CLUSTERS[key]
        return self.make.cluster(investor=investor, stage=stage, name=name, district=district,
                                 commune=commune, **kw)

    def clusters(self):
        manager, investor = self.users["manager"], self.orgs["investor"]
        certified = self._cluster("certified", "planned", investor,
                                  area_ha=Decimal("74.25"), industrial_land_ha=Decimal("50"),
                                  leased_land_ha=Decimal("9.3"))
        self.fire(certified, "establish", manager, decision_no="1234/QĐ-UBND",
                  decision_date="2025-03-01", planned_start_date="2025-06-01",
                  planned_completion_date="2026-06-30")
        self.fire(certified, "start_infrastructure", manager, effective_date="2025-06-15")
        self.fire(certified, "declare_operational", manager, decision_no="567/QĐ-SCT",
                  effective_date="2026-05-01")
        plant = add_plant(self.db.session, certified, manager, self.clock(), name=DATA["plant"],
                          capacity_m3_day=Decimal("1500"), standard_code="QCVN40:2011",
                          standard_column="B", receiving_body="river",
                          receiving_name=DATA["receiving_name"],
                          receiving_flow_m3s=Decimal("30"),
                          discharge_flow_m3_day=Decimal("1200.5"), existing_facility=True,
                          existing_basis=DATA["plant_basis"],
                          existing_basis_date=date(2020, 1, 1))
        self.at(hours=1)
        update_plant(self.db.session, plant, manager, self.clock(),
                     capacity_m3_day=Decimal("2000"))
        plant.meets_standard = True
        self.at(hours=1)
        update_cluster(self.db.session, certified, manager, self.clock(),
                       leased_land_ha=Decimal("12.5"), mountainous=True)
        self.fire(certified, "certify_plant", manager, certification_no="89/GCN-STNMT",
                  certification_date="2026-09-15")
        operational = self._cluster("operational", "operational", investor,
                                    operational_on=date(2024, 5, 1))
        second = self.make.plant(operational, name=DATA["plant"] + " 2",
                                 existing_basis=DATA["plant_basis"])
        planned = self._cluster("planned", "planned", investor, kind="craft_village")
        established = self._cluster("established", "established", investor,
                                    establishment_date=date(2026, 2, 1))
        other = self._cluster("other", "operational", self.orgs["other_investor"])
        self.cluster_rows = {"certified": certified, "operational": operational,
                             "planned": planned, "established": established, "other": other}
        self.plants = {"certified": plant, "operational": second}
        self.keep("cluster_id", *self.cluster_rows.values())
        self.keep("plant_id", plant, second)

    def inspections(self):
        make, inspector, session = self.make, self.users["inspector"], self.db.session
        cluster = self.cluster_rows["operational"]
        planned = make.inspection(cluster, inspector, team=DATA["team"])
        surprise = make.inspection(self.cluster_rows["certified"], inspector, kind="surprise")
        concluded = make.inspection(cluster, inspector, team=DATA["team"])
        self.fire(concluded, "notify", inspector, decision_no="125/QĐ-SCT")
        self.fire(concluded, "start", inspector)
        log_finding(session, concluded, inspector, self.clock(), category="wastewater",
                    severity="high", description=DATA["finding_water"],
                    plant_id=self.plants["operational"].id,
                    measurements=[
                        {"parameter": "cod", "value": Decimal("320"), "unit": "mg/L",
                         "sampling_point": DATA["sampling_point"],
                         "sampled_at": self.clock() - timedelta(hours=2)},
                        {"parameter": "tss", "value": Decimal("95"), "unit": "mg/L",
                         "sampled_at": None},
                        {"parameter": "ph", "value": Decimal("10.5"), "unit": "",
                         "sampled_at": None}])
        log_finding(session, concluded, inspector, self.clock(), category="air",
                    severity="low", description=DATA["finding_air"], measurements=[
                        {"parameter": "PM10", "value": Decimal("1234.5"), "unit": "µg/m3",
                         "sampled_at": None}])
        self.fire(concluded, "record_findings", inspector)
        self.fire(concluded, "conclude", inspector, comment=DATA["conclude"])
        self.fire(concluded, "close", self.users["manager"])
        on_site = make.inspection(self.cluster_rows["certified"], inspector)
        self.fire(on_site, "notify", inspector, decision_no="126/QĐ-SCT")
        self.fire(on_site, "start", inspector)
        finding = log_finding(session, on_site, inspector, self.clock(), category="other",
                              severity="medium", description=DATA["finding_open"],
                              measurements=[])
        self.at(hours=1)
        correct_finding(session, finding, inspector, self.clock(), category="other",
                        severity="low", description=DATA["finding_open"],
                        reason=DATA["correction"])
        wrong = log_finding(session, on_site, inspector, self.clock(), category="land_use",
                            severity="low", description=DATA["finding_wrong"])
        self.at(hours=1)
        withdraw_finding(session, wrong, inspector, self.clock(), reason=DATA["withdrawn"])
        cancelled = make.inspection(cluster, inspector)
        self.fire(cancelled, "cancel", inspector, comment=DATA["cancel"])
        self.inspection_rows = {"planned": planned, "surprise": surprise,
                                "concluded": concluded, "on_site": on_site,
                                "cancelled": cancelled}
        self.keep("inspection_id", *self.inspection_rows.values())
        self.keep("finding_id", finding)
        self.finding_of = {finding.id: on_site.id}

    def violations(self):
        inspector, manager = self.users["inspector"], self.users["manager"]
        investor = self.users["investor"]
        found = Violation.query.filter_by(
            inspection_id=self.inspection_rows["concluded"].id).first()
        rows = {"fined": found}
        for key in ("detected", "rejected", "remediated", "dismissed", "escalated"):
            rows[key] = self.make.violation(self.cluster_rows["certified"], inspector,
                                            title=DATA["violation_title"])
        fined = rows["fined"]
        self.fire(fined, "notify", inspector, record_no="01/BB-VPHC")
        paper = draw_up(self.db.session, fined, "violation_record", "docx", inspector,
                        self.clock(), "http://localhost/")
        self.digests.append(paper.verify_hash)
        self.fire(fined, "sanction", manager, decision_no="45/QĐ-XPHC", fine_vnd="450000000")
        self.fire(fined, "submit_plan", investor, comment=DATA["plan"],
                  evidence_ids=[self.attach(fined, investor, "phuong-an.pdf")])
        self.fire(fined, "accept_plan", inspector, due_date="2026-12-20")
        self.fire(fined, "request_extension", investor, comment=DATA["extension"],
                  requested_due_date="2027-01-15")
        rejected = rows["rejected"]
        self.fire(rejected, "notify", inspector, record_no="02/BB-VPHC")
        self.fire(rejected, "submit_plan", investor, comment=DATA["plan"],
                  evidence_ids=[self.attach(rejected, investor, "phuong-an-2.pdf")])
        self.fire(rejected, "reject_plan", inspector, comment=DATA["reject"])
        done = rows["remediated"]
        self.fire(done, "notify", inspector, record_no="03/BB-VPHC")
        self.fire(done, "submit_plan", investor, comment=DATA["plan"],
                  evidence_ids=[self.attach(done, investor, "phuong-an-3.pdf")])
        self.fire(done, "accept_plan", inspector, due_date="2026-11-15")
        self.fire(done, "report_remediation", investor, comment=DATA["remedied"],
                  evidence_ids=[self.attach(done, investor, "nghiem-thu.pdf")])
        self.fire(done, "verify", inspector, comment=DATA["verified"])
        self.fire(done, "close", inspector)
        self.fire(rows["dismissed"], "dismiss", manager, comment=DATA["dismiss"])
        late = rows["escalated"]
        self.fire(late, "notify", inspector, record_no="04/BB-VPHC")
        self.fire(late, "mark_overdue", manager)
        self.fire(late, "escalate", manager, comment=DATA["escalate"])
        self.violation_rows = rows
        self.keep("violation_id", *rows.values())

    def obstacles(self):
        manager, investor = self.users["manager"], self.users["investor"]
        cluster = self.cluster_rows["established"]
        commune = self.orgs["commune"]
        rows = {state: self.make.obstacle(cluster, investor, kind=kind, title=DATA[title],
                                          description=DATA["obstacle_text"],
                                          responsible=commune)
                for state, kind, title in (
                    ("reported", "land_clearance", "obstacle_land"),
                    ("assigned", "capital", "obstacle_power"),
                    ("in_progress", "infrastructure", "obstacle_road"),
                    ("escalated", "planning", "obstacle_water"),
                    ("resolved", "procedures", "obstacle_fire"))}
        for key in ("assigned", "in_progress", "escalated", "resolved"):
            self.fire(rows[key], "assign", manager, resolve_by="2026-11-20",
                      person_in_charge=DATA["person"])
        self.fire(rows["in_progress"], "start", self.users["commune"], comment=DATA["working"])
        self.fire(rows["escalated"], "escalate", manager, comment=DATA["escalated_obstacle"])
        self.fire(rows["resolved"], "resolve", self.users["commune"], comment=DATA["resolved"])
        self.keep("obstacle_id", *rows.values())

    def plan(self):
        manager, session = self.users["manager"], self.db.session
        for year in (2026, 2027):
            for indicator, low, high in (("operational", 1, 3),
                                         ("plant_meets_standard", 50, 100),
                                         ("established_or_expanded", 1, 5)):
                target = create_target(session, manager, self.clock(), year=year,
                                       indicator=indicator, min_value=low, max_value=high)
                self.keep("target_id", target)
        update_target(session, target, manager, self.clock(), max_value=6)
        for role, scope in (("manager", "user"), ("investor", "organization")):
            feeds.issue(session, self.users[role], scope, self.clock())

    def scheduler(self):
        """The scheduler's day: recurring reports opened, reminders queued and sent, the
        late violations marked overdue; and the heartbeat of a leader that went silent
        five minutes ago, for the status page's every line."""
        self.db.session.commit()
        tick(self.app, self.clock())
        self.db.session.expire_all()
        beat(self.db.session, Node(), True, self.clock() - timedelta(minutes=5))
        # One notice queued since, to an investor who takes e-mail: the outbox's oldest.
        self.users["investor"].email = "chudautu@example.com"
        self.fire(self.inspection_rows["planned"], "notify", self.users["inspector"],
                  decision_no=NUMBERS[-1])
        first = Notification.query.order_by(Notification.id).first()
        if first is not None:
            first.read_at = self.clock()
