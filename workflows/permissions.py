"""Who may do what: the named role sets, every can_* predicate and the visibility queries.

The pages, the API, the templates and the operations all ask here, so a button and the check
behind it never disagree. Each predicate takes the user first, then the object it is about.
A workflow transition names its roles with the sets below; the engine checks them."""
from sqlalchemy import or_, select
from sqlalchemy.orm import object_session

from models import Cluster, Deadline, Inspection, Obstacle, Organization, Violation

ADMIN, MANAGER, INSPECTOR, INVESTOR = "admin", "manager", "inspector", "investor"
ROLES = (ADMIN, MANAGER, INSPECTOR, INVESTOR)

# State officials: they see every cluster, plan inspections, log findings and handle
# violations.
OFFICIALS = frozenset({ADMIN, MANAGER, INSPECTOR})
# The department's managers: they decide a cluster's life and edit its record and plants.
MANAGERS = frozenset({ADMIN, MANAGER})
ADMINS = frozenset({ADMIN})
INVESTORS = frozenset({INVESTOR})
# An organization's calendar feed is a shared credential: who may (re)issue or revoke it.
ORG_FEED_ROLES = frozenset({ADMIN, MANAGER, INVESTOR})
# Organization kinds are data; these are the companies. Every other kind is a state body
# (a department, a committee), whose people hold the official roles.
INVESTOR_KINDS = frozenset({"investor"})
# The department that manages the industrial clusters (Decree 32/2024: the provincial
# Department of Industry and Trade): its managers close inspections and decide violations
# whichever department inspected.
CLUSTER_AUTHORITY_KINDS = frozenset({"industry_department"})


# Findings are logged on site, and may be completed until the check record is concluded.
FINDINGS_OPEN_STATES = ("in_progress", "findings_recorded")

def role_fits(role: str, organization) -> bool:
    """Investor roles only in investor organizations, official roles only in official ones."""
    return (role in INVESTORS) == (organization.kind in INVESTOR_KINDS)


def can_manage_accounts(user) -> bool:
    """Users and organizations are created and changed by the administrators."""
    return user.role in ADMINS


def sees_everything(user) -> bool:
    """State officials see every cluster; an investor only its own."""
    return user.role in OFFICIALS


def cluster_of(entity):
    return entity if entity.entity_type == "cluster" else entity.cluster


# An unannounced (đột xuất) check is kept from the investor, with its deadlines, until the
# inspecting team notifies it: announcing it early would defeat its purpose. One cancelled
# before it was ever announced stays unknown to them.
UNANNOUNCED_KIND = "surprise"
UNANNOUNCED_HIDDEN_STATES = ("planned", "cancelled")


def is_unannounced(entity) -> bool:
    return (entity.entity_type == "inspection" and entity.kind == UNANNOUNCED_KIND
            and entity.state in UNANNOUNCED_HIDDEN_STATES)


def _announced_inspections():
    """The inspections an investor may know of: every one but the unannounced."""
    return ~((Inspection.kind == UNANNOUNCED_KIND)
             & Inspection.state.in_(UNANNOUNCED_HIDDEN_STATES))


def can_view(user, entity) -> bool:
    if sees_everything(user):
        return True
    return cluster_of(entity).investor_id == user.organization_id and \
        not is_unannounced(entity)


def may_act(user, entity) -> bool:
    """Organization scope. An investor acts only on its own clusters' entities. Officials act
    on an inspection (and on the violations found by it) only within their organization: an
    inspector on those its organization leads, or that name it lead inspector (the explicit
    assignment that lets another department's inspector work on it); a manager on those led
    by its department or an organization it supervises, except that the managers of the
    clusters' own authority (CLUSTER_AUTHORITY_KINDS) decide on every cluster's case.
    Administrators act on everything."""
    if user.role == INVESTOR:
        return cluster_of(entity).investor_id == user.organization_id
    if user.role == ADMIN:
        return True
    inspection = _leading_inspection(entity)
    if inspection is None:
        return True  # a cluster, an obstacle, a violation no inspection found: any official
    if inspection.lead_inspector_id == user.id:
        return True
    if user.role == INSPECTOR:
        return inspection.organization_id == user.organization_id
    return user.organization.kind in CLUSTER_AUTHORITY_KINDS or \
        in_remit(user, inspection.organization_id)


def _leading_inspection(entity):
    if entity.entity_type == "inspection":
        return entity
    return entity.inspection if entity.entity_type == "violation" else None


def in_remit(user, organization_id) -> bool:
    """The user's organization, or one it supervises (directly or further down)."""
    session = object_session(user)
    seen = set()
    while organization_id is not None and organization_id not in seen:
        if organization_id == user.organization_id:
            return True
        seen.add(organization_id)
        org = session.get(Organization, organization_id) if session is not None else None
        organization_id = org.parent_id if org is not None else None
    return False


def can_attach(user, entity) -> bool:
    """Whoever may act on the entity may add evidence to it (an investor to its own)."""
    return can_view(user, entity) and may_act(user, entity)


def can_manage_clusters(user) -> bool:
    return user.role in MANAGERS


def can_manage_plants(user) -> bool:
    return user.role in MANAGERS


def can_plan_inspection(user) -> bool:
    return user.role in OFFICIALS


def can_log_finding(user, inspection) -> bool:
    return (user.role in OFFICIALS and may_act(user, inspection)
            and inspection.state in FINDINGS_OPEN_STATES)


# A finding can be corrected while the check is still on site or its record open, and
# withdrawn until the check is closed (its violation, if nobody has answered it, goes too).
WITHDRAW_FINDING_STATES = ("in_progress", "findings_recorded", "concluded")


def can_correct_finding(user, finding) -> bool:
    """Whoever may log findings on the check may correct one, while it is still open."""
    return can_log_finding(user, finding.inspection)


def can_withdraw_finding(user, finding) -> bool:
    """Officials acting on the check withdraw a wrong finding until the check is closed."""
    inspection = finding.inspection
    return (user.role in OFFICIALS and may_act(user, inspection)
            and inspection.state in WITHDRAW_FINDING_STATES)


def can_open_violation(user) -> bool:
    return user.role in OFFICIALS


def can_draw_up_paper(user, entity) -> bool:
    """Check records, violation records and decision drafts are drawn up by officials; the
    investor reads them among the case's files."""
    return user.role in OFFICIALS and can_view(user, entity)


def can_import_clusters(user) -> bool:
    return user.role in MANAGERS


def can_report_tt14(user) -> bool:
    """The twice-yearly Circular 14/2024 reports are the department's."""
    return user.role in OFFICIALS


def can_manage_plan(user) -> bool:
    """The department enters and edits each year's plan targets."""
    return user.role in MANAGERS


def can_report_obstacle(user, cluster) -> bool:
    """Officials report an obstacle on any cluster; an investor on its own clusters."""
    return user.role in OFFICIALS or (user.role == INVESTOR
                                      and cluster.investor_id == user.organization_id)


def can_evaluate(user, plant=None) -> bool:
    """Officials evaluate any sample; an investor only against one of its own plants."""
    if user.role in OFFICIALS:
        return True
    return user.role == INVESTOR and plant is not None and can_view(user, plant)


def can_issue_feed(user, scope: str) -> bool:
    """Anyone may (re)issue a personal feed; an organization's only its managers, admins and
    investors (an inspector's organization feed would be the whole department's)."""
    return scope == "user" or (scope == "organization" and user.role in ORG_FEED_ROLES)


def can_close_deadline(user, deadline) -> bool:
    """A recurring report's deadline is closed by its holder, or by the department."""
    return user.organization_id == deadline.holder_org_id or user.role in MANAGERS


def can_see_scheduler(user) -> bool:
    return user.role in MANAGERS


def can_edit_policies(user) -> bool:
    return user.role in ADMINS


def can_see_dashboard(user) -> bool:
    return user.role in OFFICIALS


def visible(query, model, user):
    """Restrict a query on clusters or cluster-owned entities to what `user` may see."""
    if sees_everything(user):
        return query
    if model is Cluster:
        return query.where(Cluster.investor_id == user.organization_id)
    if model is Inspection:
        query = query.where(_announced_inspections())
    return query.where(model.cluster_id.in_(
        select(Cluster.id).where(Cluster.investor_id == user.organization_id)))


def deadline_scope(query, user):
    """Officials see every deadline; an investor those its organization holds or that
    concern its clusters, but none of an unannounced inspection."""
    if sees_everything(user):
        return query
    own_clusters = select(Cluster.id).where(Cluster.investor_id == user.organization_id)
    unannounced = select(Inspection.id).where(~_announced_inspections())
    query = query.where(~((Deadline.entity_type == "inspection")
                          & Deadline.entity_id.in_(unannounced)))
    return query.where(or_(
        Deadline.holder_org_id == user.organization_id,
        (Deadline.entity_type == "cluster") & Deadline.entity_id.in_(own_clusters),
        (Deadline.entity_type == "violation") & Deadline.entity_id.in_(
            select(Violation.id).where(Violation.cluster_id.in_(own_clusters))),
        (Deadline.entity_type == "inspection") & Deadline.entity_id.in_(
            select(Inspection.id).where(Inspection.cluster_id.in_(own_clusters))),
        (Deadline.entity_type == "obstacle") & Deadline.entity_id.in_(
            select(Obstacle.id).where(Obstacle.cluster_id.in_(own_clusters))),
    ))
