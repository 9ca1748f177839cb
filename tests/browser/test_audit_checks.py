"""The audit itself: it must fail a page with known faults and pass a clean one.

Without these, a green accessibility run could mean an audit that checks nothing.
"""

import pytest

from .harness import VIEWPORTS, audit_page

pytestmark = pytest.mark.browser

FAULTY = """<!DOCTYPE html><html><head><title>Faulty</title>
<style>a.bare:focus { outline: none; box-shadow: none; }</style></head><body>
<h1>First heading</h1><h1>Second heading</h1>
<main>
<input type="text" name="q">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<p style="color:#b5b5b5;background:#ffffff">Pale grey text that nobody can read.</p>
<a class="bare" href="#nowhere">A link without a focus ring</a>
<div style="width:2400px">Too wide for a phone</div>
</main></body></html>"""

CLEAN = """<!DOCTYPE html><html lang="vi"><head><title>Trang sạch</title>
<style>:focus-visible { outline: 3px solid #ffbf47; }</style></head><body>
<main><h1>Tiêu đề duy nhất</h1>
<label for="q">Tìm kiếm</label> <input id="q" type="search" name="q">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Biểu tượng" width="20" height="20">
<p>Chữ đen trên nền trắng.</p><a href="#main">Một liên kết</a>
</main></body></html>"""


@pytest.fixture
def blank_page(chromium):
    context = chromium.new_context(**VIEWPORTS["phone"])
    yield context.new_page()
    context.close()


def test_audit_reports_every_kind_of_fault(blank_page):
    blank_page.set_content(FAULTY)
    report = audit_page(blank_page, "self-test-faulty", lang="vi")
    text = "\n".join(report.problems)
    assert "axe serious color-contrast" in text
    assert "axe serious html-has-lang" in text
    assert "axe critical label" in text
    assert "axe critical image-alt" in text
    assert "2 h1 elements" in text
    assert 'html lang="None"' in text
    assert "form field without a label" in text
    assert "image without alt" in text
    assert "scrolls sideways" in text
    assert "focus not visible" in text and "A link without a focus ring" in text


def test_audit_passes_a_clean_page(blank_page):
    blank_page.set_content(CLEAN)
    report = audit_page(blank_page, "self-test-clean", lang="vi")
    assert report.problems == []
