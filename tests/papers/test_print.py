"""Every entity page prints without its menu, forms and diagram (static/print.css)."""
import re


def test_entity_pages_link_the_print_stylesheet(case, web, client):
    web.login(case["inspector"])
    for url in (f"/violations/{case['violation'].id}", f"/inspections/{case['inspection'].id}",
                f"/clusters/{case['cluster'].id}"):
        page = web.text(url)
        assert re.search(r'<link rel="stylesheet" href="/static/print.css[^"]*" media="print">',
                         page), url
    css = client.get("/static/print.css").get_data(as_text=True)
    hidden = css.split("{ display: none !important; }")[0]
    for selector in (".topbar", "nav", "form", "#workflow", "details.diagram", ".actions"):
        assert selector in hidden
