"""What many test modules need, split by job.

* :mod:`.stores`: the repository's paths, copies of the bundle store, quads compared canonically;
* :mod:`.cli`: the ``lpskg`` command line run in this process or in a process of its own, and what its errors
  must look like;
* :mod:`.cases`: case files written by tests;
* :mod:`.results`: named queries asked with readable answers, and answers compared across engines;
* :mod:`.in_process`: the app answering HTTP requests in this process (the unit lane);
* :mod:`.http`: what every HTTP answer must look like;
* :mod:`.servers`: a real ``lpskg serve`` (the system lane);
* :mod:`.engines`: Oxigraph's server and Virtuoso for the remote-store tests (the system lane).
"""
