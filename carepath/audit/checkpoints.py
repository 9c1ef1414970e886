"""Checkpoints of the audit trail: each chain's length and last hash, kept away from the database.

A hash chain shows any change to an entry, a deleted entry or one inserted in the middle: the entries after it
no longer fit. It cannot show entries removed from its end, or a whole chain removed, or its end rewritten by
someone who can recompute the hashes (they are not secret): what remains still fits together. So, as
transparency logs publish their tree heads, `carepath audit checkpoint` writes down where each chain ended (its
number of entries and the last entry's hash), after verifying it, and `carepath audit verify` compares the
chains with every checkpoint it is given: each entry a checkpoint saw must still be there with the same hash.
Since every chain verifies from its start, that one hash vouches for every entry before it.

A checkpoint is only as safe as where it is kept: a copy on another machine or on write-once storage is out of
reach of someone who can change the database. The default folder (`settings.AUDIT_CHECKPOINT_DIR`, in the data
folder) is compared on every verification; copy it elsewhere too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from carepath.core import clock

from .chain import GENESIS, VerifyResult, _chain, verify

FORMAT = "carepath-audit-checkpoint/1"
_HASH = re.compile(r"[0-9a-f]{64}")


class CheckpointError(Exception):
    """A checkpoint that cannot be written, or a file that is not a checkpoint; the message says which."""


@dataclass(frozen=True)
class Checkpoint:
    taken_at: dt.datetime
    legacy: tuple[int, str]  # entries of the pre-chain trail and its last hash
    chains: dict[str | None, tuple[int, str]]  # organisation id (None: no organisation) -> entries, last hash
    source: str = ""  # the file it was read from

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "taken_at": self.taken_at.astimezone(dt.UTC).isoformat(),
                "legacy": {"entries": self.legacy[0], "hash": self.legacy[1]},
                "chains": [
                    {"organisation": org, "entries": n, "hash": last}
                    for org, (n, last) in sorted(self.chains.items(), key=lambda kv: (kv[0] is not None, str(kv[0])))
                ],
            },
            indent=1,
        )

    @property
    def entries(self) -> int:
        return self.legacy[0] + sum(n for n, _ in self.chains.values())

    def label(self) -> str:
        when = self.taken_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return f"the checkpoint of {when}" + (f" ({self.source})" if self.source else "")


def take(result: VerifyResult | None = None) -> Checkpoint:
    """Verify every chain and note where each ends. A broken trail gets no checkpoint: it would vouch for the
    tampering."""
    result = result if result is not None else verify()
    if not result.ok:
        raise CheckpointError(f"the audit trail does not verify (entry {result.first_bad_id}: {result.problem})")
    legacy = next((c for c in result.chains if c.organisation_id == "legacy"), None)
    return Checkpoint(
        taken_at=clock.now(),
        legacy=(legacy.checked, legacy.last_hash) if legacy else (0, GENESIS),
        chains={c.organisation_id: (c.checked, c.last_hash) for c in result.chains if c.organisation_id != "legacy"},
    )


def default_folder() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def write(checkpoint: Checkpoint, path: Path | None = None) -> Path:
    """Write the checkpoint to `path`, or to a new file named by its time in the default folder."""
    exclusive = path is None  # a new file of its own in the default folder; never one written before
    if path is None:
        folder = default_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"checkpoint-{checkpoint.taken_at.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"
    try:
        with open(path, "x" if exclusive else "w", encoding="utf-8") as out:
            out.write(checkpoint.as_json() + "\n")
    except OSError as exc:
        raise CheckpointError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def saved() -> list[Path]:
    """The checkpoints in the default folder, oldest first."""
    folder = default_folder()
    return sorted(folder.glob("checkpoint-*.json")) if folder.is_dir() else []


def load(path: Path) -> Checkpoint:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CheckpointError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CheckpointError(f"{path} is not a CarePath audit checkpoint (not JSON: {exc})") from exc
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}, expected {FORMAT!r}")
        taken_at = dt.datetime.fromisoformat(data["taken_at"])
        if taken_at.tzinfo is None:
            raise ValueError("taken_at has no time zone")
        legacy = _count_and_hash(data["legacy"])
        chains = {}
        for item in data["chains"]:
            org = item["organisation"]
            key = None if org is None else str(uuid.UUID(org))
            if key in chains:
                raise ValueError(f"organisation {org} appears twice")
            chains[key] = _count_and_hash(item)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CheckpointError(f"{path} is not a CarePath audit checkpoint ({_reason(exc)})") from exc
    return Checkpoint(taken_at, legacy, chains, source=str(path))


def _count_and_hash(item: dict) -> tuple[int, str]:
    entries, last = item["entries"], item["hash"]
    if not isinstance(entries, int) or isinstance(entries, bool) or entries < 0:
        raise ValueError(f"entries must be a whole number, not {entries!r}")
    if not isinstance(last, str) or not _HASH.fullmatch(last):
        raise ValueError(f"hash must be 64 hexadecimal digits, not {last!r}")
    return entries, last


def _reason(exc: Exception) -> str:
    return f"{exc.args[0]} is missing" if isinstance(exc, KeyError) else str(exc)


def _chain_name(org: str | None) -> str:
    return f"the chain of organisation {org}" if org else "the chain without organisation"


def compare(checkpoint: Checkpoint, result: VerifyResult) -> list[str]:
    """What changed since the checkpoint, one sentence each: empty when every entry it saw is still in place.
    `result` is a verification of the trail as it is now (it says where the entries from before the chains end;
    each organisation's chain is looked up at the place the checkpoint noted)."""
    problems = []
    legacy = next((c for c in result.chains if c.organisation_id == "legacy"), None)
    now = (legacy.checked, legacy.last_hash) if legacy else (0, GENESIS)
    if (legacy is None or legacy.ok) and now != checkpoint.legacy:
        problems.append(
            f"the entries from before the chains changed since {checkpoint.label()}: it saw {checkpoint.legacy[0]} "
            f"ending in {checkpoint.legacy[1][:12]}, there are {now[0]} ending in {now[1][:12]}"
        )
    for org, (seen, last) in checkpoint.chains.items():
        if seen == 0:
            continue
        entries = _chain(org)
        found = entries.filter(seq=seen).values_list("hash", flat=True).first()
        if found == last:
            continue
        if found is not None:
            problems.append(
                f"entry {seen} of {_chain_name(org)} is not the one {checkpoint.label()} saw: the chain was "
                "rewritten at or before it"
            )
            continue
        end = entries.aggregate(end=Max("seq"))["end"]
        if end is None:
            problems.append(f"{_chain_name(org)} is gone: {checkpoint.label()} saw {seen} entries in it")
        elif end > seen:  # a gap where the checkpoint's entry was (verification names the break too)
            problems.append(f"entry {seen} of {_chain_name(org)}, which {checkpoint.label()} saw, is missing")
        else:
            problems.append(
                f"{_chain_name(org)} ends at entry {end}, {checkpoint.label()} saw {seen}: entries were deleted "
                "from its end"
            )
    return problems
