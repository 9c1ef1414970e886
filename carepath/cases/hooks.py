"""What other apps do when a case changes, called explicitly by the case services in their transaction.

Apps register in AppConfig.ready(), e.g. follow-up rules rescheduling reassessments on a risk change:

    hooks.on_risk_changed.append(reschedule_reassessment)

- on_case_opened(actor, case)
- on_risk_changed(actor, case, previous_level)
- close_blockers(actor, case, status) -> list[str]: reasons the case cannot close yet (steps outstanding,
  follow-ups open). A supervisor may close over them with a written reason.
- on_case_closed(actor, case, status, reason): e.g. cancel future tasks with that reason.
"""

from __future__ import annotations

from collections.abc import Callable

on_case_opened: list[Callable] = []
on_risk_changed: list[Callable] = []
close_blockers: list[Callable] = []
on_case_closed: list[Callable] = []
