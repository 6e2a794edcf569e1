"""Assess measurements against the cluster's binding standard (placeholder until the
wastewater evaluation lands: nothing is marked as exceeding)."""


def assess(cluster, measurements) -> None:
    return None
