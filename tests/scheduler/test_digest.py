"""The daily digest per organization: claimed once a day after 07:00 Hanoi time, only
where something is overdue or due within a week, in each reader's language."""
from datetime import date

from sched_support import hanoi

DIGEST = "deadline_digest"


def test_one_digest_a_day_listing_overdue_and_upcoming(make, mail, tick, open_deadline):
    make.department()
    investor = make.org("investor", name_vi="Công ty Hạ tầng Phùng Xá",
                        name_en="Phung Xa Infrastructure")
    make.user("investor", org=investor, email="vi@cdt.vn")
    make.user("investor", org=investor, email="en@cdt.vn", locale="en")
    quiet = make.org("investor")
    make.user("investor", org=quiet, email="quiet@cdt.vn")
    violation = make.violation(make.cluster(investor=investor, name="CCN Phùng Xá"),
                               make.user("inspector"))
    open_deadline(investor, date(2026, 12, 1), title="Nộp phương án khắc phục",  # overdue
                  entity_id=violation.id)
    open_deadline(investor, date(2026, 12, 9), title="Hoàn thành khắc phục",  # in 5 days
                  entity_type="organization", entity_id=investor.id)  # its own: no cluster
    open_deadline(investor, date(2026, 12, 30))  # beyond the week: not listed

    tick(hanoi(date(2026, 12, 4), 6, 59))
    assert mail.of_kind(DIGEST) == []
    for hour in (7, 8, 17):
        tick(hanoi(date(2026, 12, 4), hour))
    digests = mail.of_kind(DIGEST)
    assert sorted(m["To"] for m in digests) == ["en@cdt.vn", "vi@cdt.vn"]
    vi = mail.to("vi@cdt.vn", DIGEST)[0]
    assert vi["Subject"] == ("[Tổng hợp ngày 04/12/2026] Công ty Hạ tầng Phùng Xá: "
                             "1 việc quá hạn, 1 việc sắp đến hạn")
    text = vi.get_content()
    # Each line names the cluster its case concerns ("#1" told nobody which).
    assert (f"Nộp phương án khắc phục ({violation.cluster.code} — CCN Phùng Xá): "
            "hạn 01/12/2026, quá 3 ngày") in text
    assert "Hoàn thành khắc phục: hạn 09/12/2026, còn 5 ngày" in text
    assert "30/12/2026" not in text
    en = mail.to("en@cdt.vn", DIGEST)[0]
    assert en["Subject"].startswith("[Digest 04/12/2026] Phung Xa Infrastructure: 1 overdue")

    tick(hanoi(date(2026, 12, 5), 7))  # the next day, the next digest
    assert len(mail.to("vi@cdt.vn", DIGEST)) == 2


def test_later_runs_render_only_the_digests_still_owed(make, tick, open_deadline, outbox,
                                                       monkeypatch):
    """After the day's first run each organization's digest is claimed and nothing more
    is rendered; an organization that got something due later that day still gets its
    digest, and only it."""
    import scheduler.digest

    make.department()
    first = make.org("investor", email="van-thu@first.vn")
    make.user("investor", org=first, email="cdt@first.vn")
    later = make.org("investor")
    make.user("investor", org=later, email="cdt@later.vn", locale="en")
    no_address = make.org("investor")
    make.user("investor", org=no_address, email=None)
    open_deadline(first, date(2026, 12, 8))
    open_deadline(no_address, date(2026, 12, 8))
    assert tick(hanoi(date(2026, 12, 4), 7))["digests_claimed"] == 2  # user + office
    assert [n.channel for n in outbox(kind=DIGEST)] == ["email", "email"]

    rendered = []
    real_render = scheduler.digest.render

    def counting(kind, locale, **context):
        rendered.append((context["org"], locale))
        return real_render(kind, locale, **context)

    monkeypatch.setattr(scheduler.digest, "render", counting)
    assert tick(hanoi(date(2026, 12, 4), 8))["digests_claimed"] == 0
    assert rendered == []
    open_deadline(later, date(2026, 12, 9))
    assert tick(hanoi(date(2026, 12, 4), 9))["digests_claimed"] == 1
    assert [locale for _, locale in rendered] == ["vi", "en"]
    assert len(outbox(kind=DIGEST)) == 3
