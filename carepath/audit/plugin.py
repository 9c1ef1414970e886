"""What the audit trail adds: the auditor's page."""

from carepath.core.extensions import Extension, NavItem

PLUGIN = Extension(
    label="audit",
    nav=(NavItem("Audit trail", "audit:log", roles=("auditor",), order=70),),
    urls=(("audit/", "carepath.audit.urls"),),
)
