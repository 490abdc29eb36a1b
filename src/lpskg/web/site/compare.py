"""``/compare``: cases side by side as a page, or exported with ``format=csv`` or ``format=json``.

What the table holds is the read model :mod:`lpskg.knowledge.views.compare`;
which cases and groups are shown, a text filter on the rows and ``only=`` are
URL parameters, so every comparison has a stable link.
"""
from __future__ import annotations

from flask import Response, render_template, request

from ...knowledge.views.compare import ONLY, as_csv, as_json, build, case_iris, comparison_rows
from ..errors import ApiError
from ..links import href
from ..responses import cross_origin, json_response
from ..services import services


def _listed(name: str) -> list[str]:
    return [item.strip() for value in request.args.getlist(name) for item in value.split(",") if item.strip()]


@cross_origin
def compare() -> Response:
    """The comparison as a page, or exported with ``format=csv`` or ``format=json``."""
    app = services()
    rows = comparison_rows(app.store, app.default_dataset())
    cases = case_iris(_listed("cases"), {str(r["case"]) for r in rows})
    only = request.args.get("only", "")
    if only and only not in ONLY:
        raise ApiError(400, f"only={only!r} is not a filter; use only=shown (rows some case shows) "
                            "or only=differ (rows on which the cases differ)")
    comparison = build(rows, cases, _listed("groups"), request.args.get("q", "").strip(), only)
    fmt = request.args.get("format", "")
    if fmt == "json":
        return json_response(as_json(comparison))
    if fmt == "csv":
        return Response(as_csv(comparison), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="lpskg-comparison.csv"'})
    if fmt:
        raise ApiError(400, f"format={fmt!r} is not an export of the comparison; use format=csv or format=json")
    return Response(render_template("compare.html", c=comparison, href=href,
                                    chosen_cases=cases, chosen_groups=_listed("groups")), mimetype="text/html")
