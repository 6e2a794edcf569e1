"""Which deadlines a user may see: officials all; an investor those its organization holds
or that concern its clusters."""
from sqlalchemy import or_, select

from models import Cluster, Deadline, Inspection, Violation


def deadline_scope(query, user):
    if user.sees_everything:
        return query
    own_clusters = select(Cluster.id).where(Cluster.investor_id == user.organization_id)
    return query.where(or_(
        Deadline.holder_org_id == user.organization_id,
        (Deadline.entity_type == "cluster") & Deadline.entity_id.in_(own_clusters),
        (Deadline.entity_type == "violation") & Deadline.entity_id.in_(
            select(Violation.id).where(Violation.cluster_id.in_(own_clusters))),
        (Deadline.entity_type == "inspection") & Deadline.entity_id.in_(
            select(Inspection.id).where(Inspection.cluster_id.in_(own_clusters))),
    ))
