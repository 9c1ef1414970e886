"""Load: 32 concurrent simulated clinicians against `carepath serve` on PostgreSQL, with 1, 2 and 4 workers.

Seeds a throwaway PostgreSQL database with the shape of benchmarks/pages.py at a fifth (2,000 clients,
10,000 cases, 200,000 events, 20 clinicians and 2 supervisors, plus open follow-up tasks to complete), then
for each number of server worker processes starts `carepath serve` (gunicorn, 4 threads a worker) on
127.0.0.1 and drives it for --seconds with 32 simulated members (threads with their own signed-in session
and CSRF token; 32 sessions of the 22 members, so some sign in twice, as on two devices), each request
bounded by a 30 s timeout and each user by --max-requests, through this mix:

  dashboard 20, case page 20, crisis console 15, client page 15, log an emergency action 10,
  add a note 10, complete a follow-up 5, save a safety-plan draft 5

("Log an emergency action" is posted as the crisis console's script posts it, asking for a JSON answer.)

Then, on the same server, 32 users doing only the benchmark's minimal authenticated insert view
(benchmarks/load_urls.py, never in the product) and 32 doing only "log an emergency action", for a third of
--seconds each, and the ratio of the two. Prints throughput, p50/p95/p99 per request kind and errors, and
the CPU time used by the server, the database (when its processes are visible) and this client, and how busy
the machine's cores were (they are shared by all of them).

Run:  python3 benchmarks/load.py                       (a throwaway database carepath_bench_load)
      python3 benchmarks/load.py --scale 0.05 --seconds 5 --workers 1   (to try it out)
It seeds only into a database it created (benchmarks/throwaway.py) or, with --reset-database, the one named.
Targets: zero errors; emergency action at least half the minimal insert's throughput; 4 workers at least
1.6x the throughput of 1, or the CPU shown saturated (the machine's cores at least 95% busy over the 4-worker
mix: more workers cannot add what the cores do not have). One summary line at the end; exits 0 unless it
could not run.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import throwaway  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
USERS = 32
PASSWORD = "load-benchmark-password-7"
MIX = {
    "dashboard": 20,
    "case page": 20,
    "crisis console": 15,
    "client page": 15,
    "emergency action": 10,
    "add note": 10,
    "complete follow-up": 5,
    "save draft": 5,
}
TASKS_PER_OPEN_CASE = 30


def setup(reset: bool) -> str:
    url = throwaway.database_url("carepath_bench_load", reset=reset)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CAREPATH_DATA", tempfile.mkdtemp(prefix="carepath-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise throwaway.Refused("benchmarks/load.py measures PostgreSQL; DATABASE_URL must be postgres://")
    from benchmarks.pages import reset_database

    reset_database()
    return url


def seed(scale: float):
    """pages.py's practice at `scale` of its full size (0.2 = the issue's 2,000 clients), a second supervisor,
    a known password, open follow-up tasks; returns every member's work: [(email, [(case, client, risk)], tasks)]."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from benchmarks.load_urls import TABLE
    from benchmarks.pages import seed_at_scale
    from carepath.accounts.models import Member
    from carepath.followup.models import FollowUpTask

    org, supervisor, clinicians, clients, cases = seed_at_scale(scale)
    second = Member.objects.create(
        organisation=org,
        email="sup2@bench.test",
        full_name="Second Supervisor",
        is_supervisor=True,
        is_clinician=True,
        password="!",
    )
    Member.objects.filter(organisation=org).update(password=make_password(PASSWORD))
    open_cases = [c for c in cases if c.status == "open"]
    team = {}  # client id -> clinician
    for i, client in enumerate(clients):
        team[client.pk] = clinicians[i % len(clinicians)]
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    tasks = [
        FollowUpTask(
            organisation=org,
            client_id=c.client_id,
            case=c,
            kind="check_in",
            title="Check in",
            owner=team[c.client_id],
            due_at=far + dt.timedelta(minutes=k),
            created_by=team[c.client_id],
        )
        for c in open_cases
        for k in range(TASKS_PER_OPEN_CASE)
    ]
    FollowUpTask.objects.bulk_create(tasks, batch_size=10_000)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, member_id uuid NOT NULL, at timestamptz)")
        cursor.execute("ANALYZE")
    work = []
    by_owner = collections.defaultdict(list)
    for t in tasks:
        by_owner[t.owner_id].append((str(t.pk), t.case.risk_level))
    for member in [supervisor, second, *clinicians]:
        mine = [
            (str(c.pk), str(c.client_id), c.risk_level)
            for c in open_cases
            if member.is_supervisor or team[c.client_id].pk == member.pk
        ]
        work.append((member.email, mine, by_owner.get(member.pk, [])))
    return org, work, len(clients), len(cases)


class User:
    """One simulated member: a signed-in session, its CSRF token, its cases and follow-ups."""

    def __init__(self, base: str, email: str, cases: list, tasks: list, zone: str):
        import requests

        self.base, self.email, self.cases, self.tasks = base, email, cases, tasks
        self.zone = zoneinfo.ZoneInfo(zone)
        self.session = requests.Session()
        self.drafts: dict[str, dict] = {}
        self.rng = random.Random(email)

    def sign_in(self) -> None:
        page = self.session.get(f"{self.base}/accounts/sign-in/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.session.post(
            f"{self.base}/accounts/sign-in/",
            data={"csrfmiddlewaretoken": token, "username": self.email, "email": self.email, "password": PASSWORD},
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {self.email} answered {response.status_code}")

    @property
    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def _now_local(self) -> str:
        return dt.datetime.now(self.zone).strftime("%Y-%m-%dT%H:%M")

    def request(self, kind: str):
        """Do one request of `kind`; returns (ok, description of the failure)."""
        case, client, risk = self.rng.choice(self.cases)
        headers = {"X-CSRFToken": self.csrf}
        s, b = self.session, self.base
        if kind == "dashboard":
            r = s.get(f"{b}/cases/", timeout=30)
        elif kind == "case page":
            r = s.get(f"{b}/cases/{case}/", timeout=30)
        elif kind == "crisis console":
            r = s.get(f"{b}/cases/{case}/console/", timeout=30)
        elif kind == "client page":
            r = s.get(f"{b}/clients/{client}/", timeout=30)
        elif kind == "emergency action":
            data = {
                "idempotency_key": str(uuid.uuid4()),
                "arrived": "Paramedics",
                "occurred_at": self._now_local(),
                "notes": "",
            }
            # as the crisis console's script sends it (fetch, Accept: application/json): the answer is JSON
            r = s.post(
                f"{b}/cases/{case}/console/actions/stayed_with_client/",
                data=data,
                headers={**headers, "Accept": "application/json"},
                allow_redirects=False,
                timeout=30,
            )
            return r.status_code == 200 and r.json().get("saved") is True, r.status_code
        elif kind == "add note":
            data = {"summary": "Load benchmark note: spoke with the client.", "occurred_at": self._now_local()}
            r = s.post(f"{b}/cases/{case}/note/", data=data, headers=headers, allow_redirects=False, timeout=30)
            return r.status_code == 302, r.status_code
        elif kind == "complete follow-up":
            if not self.tasks:
                return self.request("add note")
            task, task_risk = self.tasks.pop()
            data = {
                "outcome": "Reached the client; safe for now.",
                "risk_now": task_risk,
                "occurred_at": self._now_local(),
            }
            r = s.post(
                f"{b}/followup/tasks/{task}/complete/", data=data, headers=headers, allow_redirects=False, timeout=30
            )
            return r.status_code == 302, r.status_code
        elif kind == "save draft":
            last = self.drafts.get(client, {"revision": 0, "draft": None})
            body = {"revision": last["revision"], "draft": last["draft"] or {}, "base": last["draft"]}
            r = s.post(f"{b}/clients/{client}/safety-plan/draft/", json=body, headers=headers, timeout=30)
            if r.status_code == 200:
                answer = r.json()
                self.drafts[client] = {"revision": answer["revision"], "draft": answer["draft"]}
                return bool(answer.get("saved")), r.status_code
            return False, r.status_code
        elif kind == "minimal insert":
            r = s.post(f"{b}/bench/minimal-insert/", headers=headers, timeout=30)
        else:
            raise ValueError(kind)
        return r.status_code == 200, r.status_code


def drive(users: list[User], kinds: dict[str, int], seconds: float, max_requests: int) -> dict:
    """Every user in its own thread for `seconds` (or `max_requests` each); latencies per kind, errors."""
    names, weights = list(kinds), list(kinds.values())
    lat: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter = collections.Counter()
    lock = threading.Lock()
    start_gate = threading.Barrier(len(users) + 1)
    deadline = [0.0]

    def loop(user: User):
        start_gate.wait()
        mine, bad = collections.defaultdict(list), collections.Counter()
        for _ in range(max_requests):
            if time.perf_counter() >= deadline[0]:
                break
            kind = user.rng.choices(names, weights)[0]
            t = time.perf_counter()
            try:
                ok, status = user.request(kind)
            except Exception as exc:  # noqa: BLE001 - a timeout or a dropped connection is an error, counted
                ok, status = False, type(exc).__name__
            mine[kind].append((time.perf_counter() - t) * 1000)
            if not ok:
                bad[f"{kind}: {status}"] += 1
        with lock:
            for k, v in mine.items():
                lat[k].extend(v)
            errors.update(bad)

    threads = [threading.Thread(target=loop, args=(u,)) for u in users]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start_gate.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": dict(lat), "errors": errors, "total": sum(len(v) for v in lat.values())}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU seconds of each process still there."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return seconds


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between the two readings by the processes there at both (one that ended is left out)."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def _postgres_pids() -> list[int]:
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    out += subprocess.run(["pgrep", "-f", "^postgres:"], capture_output=True, text=True).stdout.split()
    return sorted({int(p) for p in out})


def _machine_busy() -> tuple[float, float]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


# The machine's cores this busy over the 4-worker mix: the CPU is what limits the scale-out (the issue's
# target: 4 workers at least 1.6x of 1, or the benchmark shows which resource is saturated).
SATURATED = 0.95


def scale_out_verdict(rate_1: float, rate_4: float, busy_4: float) -> tuple[bool, str]:
    """Whether the scale-out target holds, and what the summary says of it."""
    ratio = rate_4 / rate_1
    if ratio >= 1.6:
        return True, f"4 workers {ratio:.2f}x of 1"
    if busy_4 >= SATURATED:
        return True, f"4 workers {ratio:.2f}x of 1, the CPU saturated: machine busy {busy_4:.0%}"
    return (
        False,
        f"4 workers {ratio:.2f}x of 1 (< 1.6, and the machine only {busy_4:.0%} busy: no resource shown saturated)",
    )


SERVER_LOG = Path(tempfile.gettempdir()) / "carepath-load-server.log"  # what the server said (tracebacks of 500s)


def serve(workers: int, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with SERVER_LOG.open("a") as log:  # the child keeps its own copy of the file
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carepath.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    import requests

    deadline = time.time() + 90
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"carepath serve exited with {server.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.kill()
    raise RuntimeError("carepath serve did not become healthy in 90 s")


def report(label: str, result: dict) -> float:
    rate = result["total"] / result["elapsed"]
    errors = sum(result["errors"].values())
    print(f"  {label}: {result['total']} requests in {result['elapsed']:.1f} s, {rate:.1f}/s, {errors} errors")
    for kind in sorted(result["latencies"], key=lambda k: -len(result["latencies"][k])):
        values = result["latencies"][kind]
        print(
            f"    {kind:<20} {len(values):6d}  p50 {statistics.median(values):7.1f} ms  "
            f"p95 {_pct(values, 0.95):7.1f} ms  p99 {_pct(values, 0.99):7.1f} ms"
        )
    for what, n in result["errors"].most_common(5):
        print(f"    error {what} x{n} (the server's log: {SERVER_LOG})")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.2, help="of pages.py's full size (default 0.2)")
    parser.add_argument("--seconds", type=float, default=60.0, help="of the mix per worker count (default 60)")
    parser.add_argument("--workers", type=int, action="append", help="server workers (default 1, 2 and 4)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per user and phase")
    throwaway.add_arguments(parser)
    args = parser.parse_args()
    try:
        import requests  # noqa: F401
    except ImportError:
        print("error: the requests package is needed", file=sys.stderr)
        return 2
    setup(args.reset_database)
    SERVER_LOG.write_text("")
    start = time.perf_counter()
    org, work, n_clients, n_cases = seed(args.scale)
    print(f"seeded {n_clients} clients, {n_cases} cases, {len(work)} members in {time.perf_counter() - start:.1f} s")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    # Sessions live in the database: sign in once, on a first server, and keep them for every run.
    users = [User(base, *work[i % len(work)][:2], [], org.time_zone) for i in range(USERS)]
    for i, user in enumerate(users):  # each user completes its own share of its member's follow-ups
        _email, _cases, tasks = work[i % len(work)]
        sharers = len(range(i % len(work), USERS, len(work)))
        user.tasks = tasks[i // len(work) :: sharers]
    server = serve(1, port)
    try:
        for user in users:
            user.sign_in()
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = {}
    for workers in args.workers or [1, 2, 4]:
        server = serve(workers, port)
        try:
            print(f"\n{workers} worker{'s' if workers > 1 else ''} (4 threads each), {USERS} users:")
            drive(users, MIX, min(5.0, args.seconds / 4), args.max_requests)  # warm-up, not counted
            pids = [server.pid, *_children(server.pid)]
            postgres = _postgres_pids()  # its backends serving the server's connections (kept open: CONN_MAX_AGE)
            cpu0 = (_cpu_seconds(pids), _cpu_seconds(postgres), time.process_time(), _machine_busy())
            mix = drive(users, MIX, args.seconds, args.max_requests)
            cpu1 = (_cpu_seconds(pids), _cpu_seconds(postgres), time.process_time(), _machine_busy())
            rate = report("mix", mix)
            busy = (cpu1[3][0] - cpu0[3][0]) / max(1, cpu1[3][1] - cpu0[3][1])
            print(
                f"    CPU over the mix: server {_cpu_used(cpu0[0], cpu1[0]):.1f} s, PostgreSQL "
                + (f"{_cpu_used(cpu0[1], cpu1[1]):.1f} s" if postgres else "not visible from here")
                + ", "
                f"this client {cpu1[2] - cpu0[2]:.1f} s of {mix['elapsed'] * os.cpu_count():.0f} core-seconds; "
                f"machine busy {busy:.0%}"
            )
            only_insert = drive(users, {"minimal insert": 1}, args.seconds / 3, args.max_requests)
            insert = report("minimal insert only", only_insert)
            only_action = drive(users, {"emergency action": 1}, args.seconds / 3, args.max_requests)
            action = report("emergency action only", only_action)
            summary[workers] = {
                "rate": rate,
                "errors": sum(sum(r["errors"].values()) for r in (mix, only_insert, only_action)),
                "insert": insert,
                "action": action,
                "busy": busy,
                "p95": {k: _pct(v, 0.95) for k, v in mix["latencies"].items()},
            }
            print(f"    emergency action / minimal insert: {action / insert:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    first, last = min(summary), max(summary)
    missed = []
    errors = sum(s["errors"] for s in summary.values())
    if errors:
        missed.append(f"{errors} errors")
    ratio = summary[last]["action"] / summary[last]["insert"]
    if ratio < 0.5:
        missed.append(f"emergency action {ratio:.2f} of the minimal insert (< 0.5)")
    scaled = ""
    if last == 4 and first == 1:
        met, said = scale_out_verdict(summary[first]["rate"], summary[last]["rate"], summary[last]["busy"])
        if not met:
            missed.append(said)
        scaled = f" ({said})"
    size = "" if args.scale == 0.2 and args.seconds == 60 else f" (scale {args.scale:g}, {args.seconds:g} s)"
    curve = ", ".join(f"{w} worker{'s' if w > 1 else ''} {s['rate']:.0f}/s" for w, s in summary.items())
    print(
        f"load: {USERS} users{size}, {curve}{scaled}, emergency action {ratio:.2f}x minimal insert, {errors} errors: "
        + ("targets met" if not missed else "targets missed: " + ", ".join(missed))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
