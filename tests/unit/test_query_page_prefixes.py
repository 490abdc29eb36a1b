"""The query page lists the prefixes a query may use undeclared: every one of lpskg.namespaces.QUERY_PREFIXES,
from the code rather than typed by hand, so that the list cannot drift from what the endpoint accepts."""
from __future__ import annotations

import re
from html import unescape

import requests

from lpskg.namespaces import QUERY_PREFIXES


def test_the_query_page_lists_every_predeclared_prefix(endpoint):
    html = requests.get(endpoint.base_url + "/query", headers={"Accept": "text/html"}).text
    listed = re.search(r'<details class="prefixes" id="predeclared">(.*?)</details>', html, re.S).group(1)
    rows = dict(re.findall(r"<tr><th><code>([\w-]*):</code></th><td><code>([^<]*)</code></td></tr>", listed))
    assert {prefix: unescape(iri) for prefix, iri in rows.items()} == QUERY_PREFIXES
    assert "dct" in rows and "dc" not in rows   # dct: is predeclared (Dublin Core terms), dc: is not
