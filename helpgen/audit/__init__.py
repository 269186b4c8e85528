"""`helpgen audit`: what a support lead checks in a help center, in one run, for people and CI.

`run_audit(project)` loads the site through the build's own stages and runs the checks
(`helpgen.audit.run.CHECKS`); the findings go to a terminal table (`terminal`), JSON
(`json_report`) or a standalone HTML page (`html_report`). See docs/audit.md.
"""

from helpgen.audit.finding import Finding
from helpgen.audit.run import AuditResult, run_audit

__all__ = ["AuditResult", "Finding", "run_audit"]
