"""Service Pulse: the dashboard's entrypoint (``pulse serve`` or ``streamlit run`` this file)."""

from dashboard.navigation import run

run()
