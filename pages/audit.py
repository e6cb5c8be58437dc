"""Audit log (CEO): who signed in, imported, reviewed or changed settings, and when."""

from dashboard import audit_page
from dashboard.access import require_role
from dashboard.filters import current_view
from data_sources.models import AccountRole

require_role(AccountRole.CEO)
audit_page.draw(current_view().url)
