"""On a phone every section of the menu is on screen and can be tapped: nothing hides past
the edge of a sideways-scrolling bar with no cue."""
import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["manager", "inspector", "investor"])
def test_every_section_is_reachable_on_a_phone(people, make, db, role):
    user = make.user(role)
    db.session.commit()
    tab = people("phone")
    page = tab.login(user)
    links = page.locator("nav.mainnav a")
    count = links.count()
    assert count >= 4
    width = page.viewport_size["width"]
    hrefs = []
    for i in range(count):
        link = links.nth(i)
        box = link.bounding_box()
        assert link.is_visible() and box is not None
        # Wholly inside the screen: no sideways scrolling needed to find it.
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (link.inner_text(), box)
        hrefs.append(link.get_attribute("href"))
    nav = page.locator("nav.mainnav")
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for href in hrefs:  # and each one opens its section
        page.locator(f'nav.mainnav a[href="{href}"]').click()
        page.wait_for_load_state()
        assert page.url.endswith(href), (href, page.url)
    tab.shot(f"phone-navigation-{role}")


def test_a_workflow_diagram_is_readable_on_a_phone(people, make, db):
    """Shrunk to a phone's width a diagram's labels are specks: there it stays folded,
    keeps its own size when opened, and scrolls sideways to show the current state."""
    inspector = make.user("inspector")
    violation = make.violation(make.cluster(), inspector, state="notified")
    db.session.commit()
    for viewport, folded in (("phone", True), ("desktop", False)):
        tab = people(viewport)
        tab.login(inspector)
        page = tab.go(f"/violations/{violation.id}")
        page.wait_for_selector("pre.mermaid[data-processed] svg", state="attached")
        diagram = page.locator("details.diagram").first
        assert diagram.evaluate("d => !d.open") is folded
        if folded:
            diagram.locator("summary").click()
        frame = diagram.locator(".mermaid-wrap")
        current = frame.locator(".current").first
        current.wait_for(state="visible")
        shown, box = frame.bounding_box(), current.bounding_box()
        assert shown["x"] <= box["x"] and box["x"] + box["width"] <= shown["x"] + shown["width"]
        scrolls = frame.evaluate("f => f.scrollWidth > f.clientWidth")
        assert scrolls is folded  # its own size on a phone, the frame's width on a desk
        node = current.locator("rect, path").first.bounding_box()
        if folded:
            assert node["height"] >= 30, node  # a label one can read, not shrunk
        assert not tab.errors, tab.errors
