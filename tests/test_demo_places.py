"""The demo's clusters lie where their names say: a name that names a commune lies in that
commune, and each commune sits in its former district (data/demo/communes.csv). Before,
a name drew one district at random and the location another ("CCN Phúc Thọ 21" in Thanh
Trì)."""
import random

from models import Cluster, User


def test_demo_cluster_names_agree_with_their_commune_and_former_district(db):
    from demo.clusters import _read, build_clusters
    from demo.people import create_people

    orgs = create_people(db.session)
    manager = db.session.query(User).filter_by(username="quanly").one()
    build_clusters(db.session, manager, orgs, random.Random(7))
    district_of = {r["commune"]: r["district"] for r in _read("communes.csv")}
    districts = set(district_of.values())
    clusters = db.session.query(Cluster).all()
    assert len(clusters) > 100
    for c in clusters:
        assert district_of.get(c.commune) == c.district, (c.name, c.district, c.commune)
        named = [commune for commune in district_of if commune in c.name]
        if named:
            assert c.commune == max(named, key=len), (c.name, c.commune)
        # No generated name carries a district other than its own.
        assert not [d for d in districts if f"CCN {d} " in c.name and d != c.district], c.name
