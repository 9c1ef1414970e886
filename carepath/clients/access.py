"""Who may see which client: the only way views reach clinical records.

A member sees a client of their own organisation when they are a supervisor, when they are on the
client's active care team, or through an unexpired break-the-glass grant. Auditors and admins see
no clinical record unless they also hold a clinical role. Every access through `access_client`
is written to the audit trail.
"""

from __future__ import annotations

import uuid

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from carepath.audit.services import audit_record
from carepath.core import clock, request_cache

from .models import AccessGrant, CareTeamMember, Client, OnCallShift


def on_call_shift(member) -> OnCallShift | None:
    """The member's on-call shift running now, if any: it opens every client of their practice."""
    if not member.is_authenticated or not member.is_clinical:
        return None
    return request_cache.memo(("on_call_shift", member.pk), lambda: _shift_now(member))


def _shifts_running(member, now) -> QuerySet[OnCallShift]:
    return OnCallShift.objects.filter(
        member=member,
        organisation_id=member.organisation_id,
        cancelled_at__isnull=True,
        starts_at__lte=now,
        ends_at__gt=now,
    )


def _shift_now(member) -> OnCallShift | None:
    return _shifts_running(member, clock.now()).order_by("ends_at").last()


def _on_team_ids(member) -> QuerySet:
    return CareTeamMember.objects.filter(member=member, is_active=True).values("client_id")


def _granted(member, now) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(member=member, expires_at__gt=now)


def reachable_client_ids(member):
    """Ids of the clients a non-supervisor reaches: their care teams plus unexpired break-the-glass grants.

    Returned as a subquery when there is no grant (the common case), so the database walks the member's
    care-team index instead of testing every client of the practice; with grants, as a short list.
    """
    on_team = _on_team_ids(member)
    granted = request_cache.memo(
        ("granted", member.pk), lambda: list(_granted(member, clock.now()).values_list("client_id", flat=True))
    )
    if not granted:
        return on_team
    return list({*on_team.values_list("client_id", flat=True), *granted})


def _reach_parts(queryset: QuerySet, member, client_field: str) -> tuple[RawSQL, RawSQL]:
    """The reach of one record as two SQL conditions: through a care team or a grant, and through an on-call
    shift. The same rule as `_on_team_ids`, `_granted` and `_shifts_running` (a test holds one-record access and
    the lists to the same answers), written as SQL once: built by the ORM as three EXISTS subqueries on every
    request, it cost about 2 ms of Python a page view or write, more than the rest of the access check.

    Asked of the one record's client (an index probe each), not as "in the member's care teams", which reads
    every care-team row of the member (500 for a full caseload) to build a set for one lookup."""
    db = connections[queryset.db]
    q = db.ops.quote_name
    meta = queryset.model._meta
    field = meta.pk if client_field == "pk" else meta.get_field(client_field)
    outer = f"{q(meta.db_table)}.{q(field.column)}"

    def cols(model, *names):
        return [f"{q(model._meta.db_table)}.{q(model._meta.get_field(n).column)}" for n in names]

    def value(model, name, v):
        return model._meta.get_field(name).get_db_prep_value(v, db)

    now = clock.now()
    t_client, t_member, t_active = cols(CareTeamMember, "client", "member", "is_active")
    g_client, g_member, g_expires = cols(AccessGrant, "client", "member", "expires_at")
    s_member, s_org, s_cancelled, s_starts, s_ends = cols(
        OnCallShift, "member", "organisation", "cancelled_at", "starts_at", "ends_at"
    )
    directly = RawSQL(
        f"(EXISTS (SELECT 1 FROM {q(CareTeamMember._meta.db_table)} WHERE {t_client} = {outer} "
        f"AND {t_member} = %s AND {t_active}) "
        f"OR EXISTS (SELECT 1 FROM {q(AccessGrant._meta.db_table)} WHERE {g_client} = {outer} "
        f"AND {g_member} = %s AND {g_expires} > %s))",
        [
            value(CareTeamMember, "member", member.pk),
            value(AccessGrant, "member", member.pk),
            value(AccessGrant, "expires_at", now),
        ],
        output_field=BooleanField(),
    )
    on_call = RawSQL(
        f"EXISTS (SELECT 1 FROM {q(OnCallShift._meta.db_table)} WHERE {s_member} = %s AND {s_org} = %s "
        f"AND {s_cancelled} IS NULL AND {s_starts} <= %s AND {s_ends} > %s)",
        [
            value(OnCallShift, "member", member.pk),
            value(OnCallShift, "organisation", member.organisation_id),
            value(OnCallShift, "starts_at", now),
            value(OnCallShift, "ends_at", now),
        ],
        output_field=BooleanField(),
    )
    return directly, on_call


def reached(queryset: QuerySet, member, client_field: str = "pk") -> QuerySet:
    """`queryset` narrowed to the records the member reaches, with the same reach as `visible_clients` asked as
    one condition on `client_field` (a client's id): opening one record takes one query, and a write opening
    its case does not first read the member's shift and grants. Each record also says whether a care team or
    a grant opens it (`reached_directly`; if not, an on-call shift does), so that `access_basis` need not
    ask. For a clinical member only (callers check the role)."""
    if member.is_supervisor:
        return queryset
    directly, on_call = _reach_parts(queryset, member, client_field)
    return queryset.annotate(reached_directly=directly).filter(Q(reached_directly=True) | Q(on_call))


def visible_clients(member) -> QuerySet[Client]:
    if not member.is_authenticated or not member.is_clinical:
        return Client.objects.none()
    clients = Client.objects.filter(organisation_id=member.organisation_id)
    if member.is_supervisor or on_call_shift(member) is not None:
        return clients
    return clients.filter(pk__in=reachable_client_ids(member))


def can_see_client(member, client: Client) -> bool:
    """Asked once a request per client: a page or a write that already opened the client does not ask again."""
    return request_cache.memo(
        ("sees", member.pk, client.pk), lambda: visible_clients(member).filter(pk=client.pk).exists()
    )


def remember_access(member, client_id) -> None:
    """For the rest of this request: `member` reaches `client_id`. Call it only with a record that
    `visible_clients` or `visible_cases` has just returned to this member."""
    request_cache.memo(("sees", member.pk, client_id), lambda: True)


def _parse_id(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such client.")


def access_client(member, client_id, *, audit_action: str | None = "client.view") -> Client:
    """The client if `member` may see it, else 404 (never says whether it exists)."""
    if not member.is_authenticated or not member.is_clinical:
        raise Http404("No such client.")
    client = reached(
        Client.objects.filter(organisation_id=member.organisation_id, pk=_parse_id(client_id)), member
    ).first()
    if client is None:
        raise Http404("No such client.")
    remember_access(member, client.pk)
    if audit_action:
        basis = access_basis(member, client, directly=getattr(client, "reached_directly", None))
        audit_record(actor=member, action=audit_action, obj=client, detail=basis)
    return client


def access_basis(member, client: Client, *, directly: bool | None = None) -> dict:
    """For the audit trail: `{"via": "on_call", "shift": id}` when only an on-call shift opens this client.
    `directly`: whether a care team or a grant opens it, when the caller knows (see `reached`)."""
    if member.is_supervisor or directly:
        return {}
    shift = on_call_shift(member)
    if shift is None:
        return {}
    if directly is False:
        return {"via": "on_call", "shift": str(shift.pk)}
    reachable = reachable_client_ids(member)
    ids = reachable if isinstance(reachable, list) else list(reachable.values_list("client_id", flat=True))
    return {} if client.pk in ids else {"via": "on_call", "shift": str(shift.pk)}


def breakable_client(member, client_id) -> Client | None:
    """A client of the member's organisation that they could open by breaking the glass."""
    if not member.is_authenticated or not member.is_clinical:
        return None
    return Client.objects.filter(organisation_id=member.organisation_id, pk=_parse_id(client_id)).first()
