"""The one place that joins the stages: read -> script -> synthesize -> sinks.

Each function here is what one CLI command calls; library users can call them too.
"""

from __future__ import annotations
