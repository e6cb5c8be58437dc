"""Service Pulse: the dashboard's entrypoint (``pulse serve``, or ``streamlit run`` this file).

It lives in ``dashboard/`` rather than beside ``pages/`` on purpose: a folder named ``pages``
next to the entrypoint switches Streamlit 1.67 back to its old multipage mode, in which a page
script runs without the entrypoint (no sidebar filters, no access check). Page paths are
therefore written relative to this file, as ``../pages/<name>.py``.
"""

from dashboard.navigation import run

run()
