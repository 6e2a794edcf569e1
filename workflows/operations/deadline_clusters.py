"""The cluster a deadline concerns, whatever it is about: the cluster itself, or the
cluster of its inspection, violation or obstacle (an organization's own recurring report
concerns none); and the title of the violation or obstacle it is about. A reminder names
them, and a spreadsheet of deadlines is filtered by the cluster."""
from sqlalchemy import and_, case
from sqlalchemy.orm import aliased

from models import Cluster, Deadline, Inspection, Obstacle, Violation


def with_cluster(query):
    """`query`, a select over deadlines, with the code and name of the cluster each one
    concerns (cluster_code, cluster_name: None where it concerns none) and the title of its
    violation or obstacle (record_title: None for any other)."""
    about = {kind: aliased(model) for kind, model in (
        ("inspection", Inspection), ("violation", Violation), ("obstacle", Obstacle))}
    cluster = aliased(Cluster)
    cluster_id = case((Deadline.entity_type == "cluster", Deadline.entity_id),
                      *((Deadline.entity_type == kind, model.cluster_id)
                        for kind, model in about.items()))
    for kind, model in about.items():
        query = query.outerjoin(model, and_(Deadline.entity_type == kind,
                                            model.id == Deadline.entity_id))
    title = case(*((Deadline.entity_type == kind, about[kind].title)
                   for kind in ("violation", "obstacle")))
    return query.outerjoin(cluster, cluster.id == cluster_id).add_columns(
        cluster.code.label("cluster_code"), cluster.name.label("cluster_name"),
        title.label("record_title"))
