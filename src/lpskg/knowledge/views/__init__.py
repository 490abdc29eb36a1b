"""Read models: what each screen of lpskg reads from the graph, as plain Python data.

A page, an export and a JSON answer of the web layer draw or serialise what a
module here returns; none of them holds SPARQL.  Each module reads ``.rq``
files of the query library (``queries/pages/*.rq``, the named queries
``compare-*.rq``, ``intake/cases.rq``) with
:func:`lpskg.knowledge.library.read_model`, and shapes the rows into what the
screen shows:

* :mod:`.resource`: a resource page (facts, links both ways, evidence,
  sources) and the RDF a client gets; :mod:`.neighbourhood`: its links as a
  graph to draw;
* :mod:`.overview`: the overview's counts and cases; :mod:`.paradox_map` and
  :mod:`.process_map`: what the three figures of the paradox map show;
* :mod:`.compare`: cases side by side; :mod:`.lists`: the lists of cases and
  publications; :mod:`.cases`: every case with where it comes from;
* :mod:`.result_labels`: labels of the IRIs a query result shows;
  :mod:`.health`: whether the store answers (`/health`).

A screen that asks for a row group, case or column the graph does not have
gets :class:`UnknownChoice`, whose message lists the ones it has.
"""
from __future__ import annotations


class UnknownChoice(ValueError):
    """A screen asked for a row group, case or column the graph does not have; the message lists those it has."""
