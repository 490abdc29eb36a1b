"""HTML for people: the paradox map, the query pages, the resource pages with their Linked Data
content negotiation, the comparison of cases, the lists, search; their templates and static files."""
