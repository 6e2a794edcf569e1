"""Demo clusters: a realistic Hanoi, driven through the real workflow engine so every
cluster has its audit timeline and deadlines, as if its decisions had been entered on the
day they were signed."""
import csv
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from models import Cluster, WastewaterPlant
from workflows.engine.calendar import HANOI
from workflows.operations.clusters import create_cluster
from workflows.engine.fire import fire

DATA = Path(__file__).resolve().parent.parent / "data" / "demo"

# Which named clusters of the sample play which part (see data/demo/README.md).
NAMED_ROLES = {
    "CCN làng nghề Phùng Xá": ("operating", "certified"),
    "CCN thị trấn Phùng": ("operating", "certified"),
    "CCN làng nghề Bát Tràng": ("operating", "plant_substandard"),
    "CCN làng nghề Duyên Thái": ("operating", "plant_substandard"),
    "CCN làng nghề Nguyên Khê": ("operating", "plant_substandard"),
    "CCN Tân Triều": ("operating", "plant_substandard"),
    "CCN CN3": ("new_2025", None),
    "CCN Bình Minh - Cao Viên": ("new_2025", None),
    "CCN Lâm Giang": ("new_2025", None),
}


def at(day: date, hour: int = 9) -> datetime:
    """A moment on `day` in Hanoi office hours, as the engine's aware `now`."""
    return datetime.combine(day, time(hour), tzinfo=HANOI)


def _read(name):
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class ClusterBuilder:
    def __init__(self, session, actor, orgs, rng: random.Random):
        self.session, self.actor, self.rng = session, actor, rng
        self.investors = [o for o in orgs.values() if o.kind == "investor"]
        self.communes = {}
        for row in _read("communes.csv"):
            self.communes.setdefault(row["district"], []).append(row["commune"])
        self.count = 0
        self.decision_no = 0

    def _decision(self, year):
        self.decision_no += 1
        return f"{self.decision_no}/QĐ-UBND-{year}"

    def place(self) -> tuple[str, str]:
        """A (former district, commune) pair from data/demo/communes.csv."""
        district = self.rng.choice(sorted(self.communes))
        return district, self.rng.choice(self.communes[district])

    def commune_of(self, name: str, district: str) -> str:
        """A named cluster lies in the commune its name gives, where the list has it;
        otherwise in one of its former district's communes."""
        communes = self.communes.get(district) or [""]
        return next((c for c in communes if c and c in name), self.rng.choice(communes))

    def create(self, name, district, kind="regular", area=None, investor=None, when=None,
               commune=None):
        self.count += 1
        rng = self.rng
        area = Decimal(str(area)) if area else Decimal(rng.randint(100, 600)) / 10
        industrial = (area * Decimal("0.68")).quantize(Decimal("0.01"))
        return create_cluster(
            self.session, self.actor, when or at(date(2017, 1, 5)),
            code=f"CCN-HN-{self.count:03d}", name=name, district=district,
            commune=commune or self.commune_of(name, district), kind=kind, area_ha=area,
            industrial_land_ha=industrial,
            leased_land_ha=(industrial * Decimal(rng.randint(0, 95)) / 100).quantize(
                Decimal("0.01")),
            investor_id=(investor or rng.choice(self.investors)).id)

    def establish(self, cluster, on: date, start_in_days=540):
        fire(self.session, cluster, "establish", self.actor, now=at(on), data={
            "decision_no": self._decision(on.year), "decision_date": on.isoformat(),
            "planned_start_date": (on + timedelta(days=start_in_days)).isoformat(),
            "planned_completion_date": (on + timedelta(days=start_in_days + 900)).isoformat()})

    def start(self, cluster, on: date):
        fire(self.session, cluster, "start_infrastructure", self.actor, now=at(on),
             data={"effective_date": on.isoformat()})

    def operate(self, cluster, on: date):
        fire(self.session, cluster, "declare_operational", self.actor, now=at(on),
             data={"decision_no": self._decision(on.year), "effective_date": on.isoformat()})

    def add_plant(self, cluster, capacity=None):
        capacity = capacity or Decimal(self.rng.choice([300, 400, 500, 800, 1000, 1500, 2000]))
        plant = WastewaterPlant(
            cluster=cluster, cluster_id=cluster.id, name=f"Trạm XLNT {cluster.name}",
            capacity_m3_day=capacity, standard_code="QCVN40:2011",
            standard_column=self.rng.choice("AB"), receiving_body="river",
            receiving_name=self.rng.choice(["Sông Đáy", "Sông Nhuệ", "Sông Tích", "Sông Hồng",
                                            "Sông Cà Lồ", "Sông Bùi"]),
            receiving_flow_m3s=Decimal(self.rng.choice([20, 45, 120, 300])),
            discharge_flow_m3_day=(capacity * Decimal("0.7")).quantize(Decimal("1")))
        # Operating before QCVN 40:2025 came into force: recorded as an existing facility,
        # with the event that qualifies it (a cluster brought into operation later is not).
        if cluster.operational_on and cluster.operational_on < date(2025, 9, 1):
            plant.existing_facility = True
            plant.existing_basis = "Trạm đã vận hành cùng cụm (dữ liệu mẫu)"
            plant.existing_basis_date = cluster.operational_on
        self.session.add(plant)
        self.session.flush()
        return plant

    def certify(self, cluster, on: date):
        fire(self.session, cluster, "certify_plant", self.actor, now=at(on), data={
            "certification_no": f"{self.decision_no}/GXN-STNMT", "certification_date":
            on.isoformat()})


def build_clusters(session, actor, orgs, rng) -> dict[str, list[Cluster]]:
    """Returns the clusters by the part they play, for the activity that follows."""
    b = ClusterBuilder(session, actor, orgs, rng)
    groups = {"old_2018_2020": [], "operating": [], "new": [], "planned": []}
    named = _read("hanoi_clusters_sample.csv")
    owner = orgs["INV01"]  # the demo investor's company

    # The 43 clusters established in 2018-2020: 20 had started by January 2024, 23 had not.
    old_named = [r for r in named if r["name"] not in NAMED_ROLES]
    for i in range(43):
        row = old_named[i] if i < len(old_named) else None
        district, commune = (row["district"], None) if row else b.place()
        cluster = b.create(row["name"] if row else f"CCN {commune} {i + 1}", district,
                           area=row["area_ha"] if row and row["area_ha"] else None,
                           investor=owner if i in (3, 30) else None, commune=commune)
        b.establish(cluster, date(2018 + i % 3, 1 + i % 12, 10 + i % 15))
        if i < 20:
            b.start(cluster, date(2021 + i % 3, 1 + (i * 5) % 12, 15))
        groups["old_2018_2020"].append(cluster)

    # About 70 operating clusters, 21 with a central plant (13 meeting the standard).
    by_name = {r["name"]: r for r in named}
    operating_names = [n for n, (part, _) in NAMED_ROLES.items() if part == "operating"]
    plant_roles = [NAMED_ROLES[n][1] for n in operating_names]
    plant_roles += ["certified"] * (13 - plant_roles.count("certified"))
    plant_roles += ["plant_substandard"] * (8 - plant_roles.count("plant_substandard"))
    for i in range(70):
        row = by_name[operating_names[i]] if i < len(operating_names) else None
        kind = row["kind"] if row else ("craft_village" if i % 16 == 7 else "regular")
        district, commune = (row["district"], None) if row else b.place()
        name = row["name"] if row else (
            f"CCN làng nghề {commune} {i + 1}" if kind == "craft_village"
            else f"CCN {commune} {i + 100}")
        cluster = b.create(name, district, kind, investor=owner if i in (0, 2, 12) else None,
                           when=at(date(2004, 3, 1)), commune=commune)
        established = date(2005 + i % 12, 1 + i % 12, 5)
        b.establish(cluster, established)
        b.start(cluster, established + timedelta(days=300))
        # Recent years bring clusters into operation too: 5 in 2024, 5 in 2025, 8 in 2026.
        operational = (date(2024 + (i - 52) // 6, 1 + (i * 3) % 11, 20) if i >= 52
                       else established + timedelta(days=1100))
        b.operate(cluster, min(operational, date(2026, 11, 10)))
        if i < len(plant_roles):
            capacity = Decimal("400") if row and row["name"] == "CCN thị trấn Phùng" else None
            b.add_plant(cluster, capacity)
            if plant_roles[i] == "certified":
                b.certify(cluster, min(operational + timedelta(days=200), date(2026, 10, 1)))
        groups["operating"].append(cluster)

    # Two certified clusters, well let, expanded in 2026 (the guard checks occupancy >= 60%).
    for cluster in [c for c in groups["operating"] if c.stage == "plant_certified"][2:4]:
        cluster.leased_land_ha = (cluster.industrial_land_ha * Decimal("0.8")).quantize(
            Decimal("0.01"))
        fire(session, cluster, "expand", actor, now=at(date(2026, 6, 18)),
             data={"decision_no": b._decision(2026), "decision_date": "2026-06-18"})

    # Newly established clusters: 11 in 2024, 9 in 2025 (three named in the 2025 plan), 6 in 2026.
    new_named = [by_name[n] for n, (part, _) in NAMED_ROLES.items() if part == "new_2025"]
    for i, year in enumerate([2024] * 11 + [2025] * 9 + [2026] * 6):
        row = new_named.pop() if year == 2025 and new_named else None
        district, commune = (row["district"], None) if row else b.place()
        cluster = b.create(row["name"] if row else f"CCN {commune} mới {i + 1}", district,
                           when=at(date(year, 1, 3)), commune=commune)
        b.establish(cluster, date(year, 2 + i % 9, 12), start_in_days=720)
        groups["new"].append(cluster)

    for i in range(4):
        district, commune = b.place()
        groups["planned"].append(b.create(f"CCN quy hoạch {commune} {i + 1}", district,
                                          when=at(date(2026, 3, 1)), commune=commune))
    return groups
