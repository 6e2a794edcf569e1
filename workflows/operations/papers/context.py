"""What each paper is filled with, read from the case: the issuing body, the parties, the
findings and measurements with their limits and exceedance factors, the legal basis (Decree
45's article, clause and point from the fine suggestion), what is required and by when.
Whatever the case does not record stays None, and prints as a dotted blank."""
import re
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from forms.web_labels import CATEGORIES
from models import AuditEntry, Deadline, Finding, Inspection, PlantReading, User
from workflows.engine.calendar import local_date
from workflows.wastewater.fines import limitation_expires_on
from workflows.wastewater.standards import UnknownStandardError, load_library

from .forms import phrases
from .text import money, moment, vn_date, vn_number

MEASUREMENT_HEAD = ["TT", "Thông số", "Đơn vị", "Kết quả", "Giới hạn cho phép (Cmax)",
                    "Số lần vượt"]
READINGS_SHOWN = 20  # a station's run can hold thousands of readings: the worst are printed


def place_of(cluster) -> str:
    where = ", ".join(p for p in (cluster.commune, cluster.district, phrases()["place"]) if p)
    return f"{cluster.name} ({where})"


def header_of(org) -> list[tuple[str, str]]:
    """The issuing body as Decree 30 writes it: the superior body, then the body in bold."""
    if org is None:
        return []
    lines = [("", org.parent.name_vi.upper())] if org.parent is not None else []
    return lines + [("B", org.name_vi.upper())]


def party(cluster) -> dict:
    """The organisation the paper concerns: the cluster's infrastructure investor. The
    product keeps its name only; address, tax code and representative stay blank."""
    investor = cluster.investor
    return {"name": investor.name_vi if investor else None, "address": None,
            "tax_code": None, "registration": None, "representative": None,
            "representative_title": None}


def official(user) -> dict:
    return {"name": (user.full_name or user.username) if user else None, "title": None,
            "organization": user.organization.name_vi if user else None}


def members(team: str | None) -> list[dict]:
    """The inspection team as typed, one person a line (or separated by ';'), each
    "Name - title" or "Name (title)": a name and a title for the record's lines."""
    found = []
    for part in re.split(r"[\n;]", team or ""):
        part = part.strip(" -•\t")
        if not part:
            continue
        named = re.fullmatch(r"(.+?)\s+[-–]\s+(.+)", part) or re.fullmatch(
            r"(.+?)\s*\((.+)\)", part)
        name, title = (named[1].strip(), named[2].strip()) if named else (part, None)
        found.append({"name": name, "title": title})
    return found


def last_event(session, entity, trigger: str):
    return session.scalar(select(AuditEntry.created_at).where(
        AuditEntry.entity_type == entity.entity_type, AuditEntry.entity_id == entity.id,
        AuditEntry.trigger == trigger).order_by(AuditEntry.seq.desc()).limit(1))


def measurement_table(rows, standard_code: str | None) -> list[list[str]]:
    """Rows of (parameter, value, unit, permitted_max, exceedance_factor) as the papers
    print them; [] when there is nothing measured."""
    names = _parameter_names(standard_code)
    table = [MEASUREMENT_HEAD]
    for i, m in enumerate(rows, 1):
        table.append([str(i), names.get(m.parameter.lower(), m.parameter), m.unit,
                      vn_number(m.value), vn_number(m.permitted_max),
                      vn_number(m.exceedance_factor) if m.exceedance_factor is not None
                      and m.exceeds else "—"])
    return table if len(table) > 1 else []


def _parameter_names(code: str | None) -> dict:
    try:
        standard = load_library().get(code)
    except (UnknownStandardError, ValueError, TypeError):
        return {}
    return {p.key: p.name_vi for p in standard.parameters}


def category_label(category: str) -> str:
    with force_locale("vi"):  # a legal paper is Vietnamese, whatever the reader's language
        return str(CATEGORIES.get(category, category))


def inspection_context(session, inspection) -> dict:
    cluster = inspection.cluster
    plant = cluster.plants[0] if cluster.plants else None
    findings = []
    for f in inspection.findings:
        findings.append({"category": category_label(f.category), "description": f.description,
                         "note": f.assessment_note,
                         "table": measurement_table(f.measurements, plant.standard_code
                                                    if plant else None)})
    team = members(inspection.team)
    recorded = last_event(session, inspection, "record_findings") or \
        last_event(session, inspection, "conclude")
    lead = session.get(User, inspection.lead_inspector_id) if inspection.lead_inspector_id \
        else None
    return {"inspection": inspection, "cluster": cluster, "place": place_of(cluster),
            "party": party(cluster), "at": moment(recorded),
            "team": team,
            "lead": official(lead) if lead and not any(
                (lead.full_name or lead.username) == m["name"] for m in team) else None,
            "lead_name": (lead.full_name or lead.username) if lead else None, "findings": findings,
            "environmental": any(f.category in ("wastewater", "air", "solid_waste",
                                                "hazardous_waste", "permit")
                                 for f in inspection.findings),
            "recorded_on": recorded}


def violation_context(session, violation, actor, now) -> dict:
    cluster = violation.cluster
    inspection = session.get(Inspection, violation.inspection_id) \
        if violation.inspection_id else None
    suggestion = violation.fine_suggestion or {}
    plant = next((p for p in cluster.plants if p.id == violation.plant_id), None) \
        or (cluster.plants[0] if cluster.plants else None)
    measured = [m for f in session.scalars(select(Finding).where(
        Finding.violation_id == violation.id)) for m in f.measurements]
    readings = session.scalars(
        select(PlantReading).where(PlantReading.violation_id == violation.id,
                                   PlantReading.exceeds.is_(True))
        .order_by(PlantReading.exceedance_factor.desc()).limit(READINGS_SHOWN)).all()
    standard = suggestion.get("standard") or (plant.standard_code if plant else None)
    deadlines = session.scalars(select(Deadline).where(
        Deadline.entity_type == "violation", Deadline.entity_id == violation.id,
        Deadline.closed_at.is_(None)).order_by(Deadline.due_date)).all()
    expires = limitation_of(violation)
    return {
        "violation": violation, "title": vietnamese(violation.title),
        "description": vietnamese(violation.description), "cluster": cluster, "place": place_of(cluster),
        "party": party(cluster), "official": official(actor),
        "inspection": inspection,
        "inspection_date": vn_date(inspection.planned_date) if inspection else None,
        "notified_at": moment(last_event(session, violation, "notify")),
        "sanctioned_at": last_event(session, violation, "sanction"),
        "table": measurement_table(measured or readings, standard),
        "from_station": bool(readings) and not measured,
        "citation": suggestion.get("citation") or None,
        "standard": f"{standard} cột {suggestion.get('column') or (plant and plant.standard_column)}"
        if standard else None,
        "fine": money(violation.fine_confirmed_vnd) if violation.fine_confirmed_vnd else None,
        "fine_range": (f"từ {money(suggestion['total_min_vnd'])} đến "
                       f"{money(suggestion['total_max_vnd'])}")
        if suggestion.get("total_min_vnd") is not None else None,
        "supplementary": suggestion.get("supplementary_sanction_text") or None,
        "deadlines": "; ".join(f"{d.title_vi}: hạn {vn_date(d.due_date)}" for d in deadlines),
        "limitation_expires_on": vn_date(expires) if expires else None,
        "time_barred": time_barred(violation, now),
        "law": phrases()["law_vphc"], "sector_decree": phrases()["sector_decree"],
        "field": phrases()["field_environment"], "place_name": phrases()["place"],
    }


def limitation_of(violation):
    """The last day the offence can be fined (Decree 45/2022: two years from sampling), as
    the fine suggestion computed it, else from the sampling date; None when unknown."""
    stored = (violation.fine_suggestion or {}).get("limitation_expires_on")
    if stored:
        return date.fromisoformat(stored)
    return limitation_expires_on(violation.sampled_on) if violation.sampled_on else None


def time_barred(violation, now) -> bool:
    expires = limitation_of(violation)
    return expires is not None and expires < local_date(now)


def vietnamese(text: str | None) -> str | None:
    """The Vietnamese half of a 'vi / en' text the product stored (a violation's title)."""
    if not text:
        return text
    return text.split(" / ")[0].strip()
