"""Merging two people's edits of one draft, so that no one's changes are silently lost (a pure function).

A draft is {"sections": {id: [entry, ...]}, "kept_at": str, "environment_reason": str}; every entry has a
stable "id" given when it was added. `merge(base, mine, theirs)` applies what changed from `base` to `mine`
onto `theirs` (what the server has now), entry by entry:

- an entry I added is added; an entry I deleted is deleted unless they changed it meanwhile (then theirs stays);
- an entry I changed takes my version unless they changed it too: then both versions are kept, mine as a copy;
- a text field both changed keeps theirs, and my text is reported so the page can show it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field


@dataclass
class Merged:
    draft: dict
    conflicts: list[str] = field(default_factory=list)


def _by_id(entries: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in entries if isinstance(e, dict) and e.get("id")}


def merge(base: dict, mine: dict, theirs: dict) -> Merged:
    result = copy.deepcopy(theirs)
    conflicts: list[str] = []
    sections = set(base.get("sections", {})) | set(mine.get("sections", {})) | set(theirs.get("sections", {}))
    for section in sorted(sections):
        b = _by_id(base.get("sections", {}).get(section, []))
        m_list = mine.get("sections", {}).get(section, [])
        m = _by_id(m_list)
        t = _by_id(theirs.get("sections", {}).get(section, []))
        out = list(result.get("sections", {}).get(section, []))
        for entry_id, entry in m.items():
            if entry_id not in b and entry_id not in t:
                out.append(copy.deepcopy(entry))  # I added it
            elif entry_id in b and entry != b[entry_id]:  # I changed it
                if entry_id not in t:
                    conflicts.append(f"{section}: an entry you changed was removed by the other person; yours is kept")
                    out.append(copy.deepcopy(entry))
                elif t[entry_id] == b[entry_id]:
                    out = [copy.deepcopy(entry) if e.get("id") == entry_id else e for e in out]
                elif t[entry_id] != entry:
                    conflicts.append(f"{section}: you and the other person changed the same entry; both are kept")
                    out.append({**copy.deepcopy(entry), "id": f"{entry_id}-mine"})
        for entry_id, entry in b.items():
            if entry_id not in m and entry_id in t:  # I deleted it
                if t[entry_id] == entry:
                    out = [e for e in out if e.get("id") != entry_id]
                else:
                    conflicts.append(f"{section}: an entry you removed was changed by the other person; it is kept")
        result.setdefault("sections", {})[section] = out
    for name in ("kept_at", "environment_reason"):
        b_value, m_value, t_value = base.get(name, ""), mine.get(name, ""), theirs.get(name, "")
        if m_value != b_value:
            if t_value == b_value:
                result[name] = m_value
            elif t_value != m_value:
                conflicts.append(f"{name}: both changed it; theirs is kept, yours was: {m_value}")
    return Merged(result, conflicts)
