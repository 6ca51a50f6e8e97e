"""A throw-away PostgreSQL: initdb in a temporary directory, started on 127.0.0.1 at a free port.

initdb and postgres refuse to run as root, so as root the data directory is handed to the
`postgres` user (Debian's package creates it; `nobody` otherwise) and both run through runuser.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def postgres_bin_dir():
    """The newest /usr/lib/postgresql/N/bin with pg_ctl (Debian's layout), else pg_ctl on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(found)
    raise SystemExit("validation/postgres: PostgreSQL is not installed (Debian: apt-get install postgresql postgresql-contrib)")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One PostgreSQL instance; use as a context manager (stopped and deleted on exit)."""

    def __init__(self, max_connections=40, settings=None):
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.max_connections = max_connections
        self.settings = settings or {}
        self.root = tempfile.mkdtemp(prefix="headroom-pg-")
        self.data = os.path.join(self.root, "data")
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise SystemExit("validation/postgres: running as root and no `postgres` or `nobody` user to run PostgreSQL as")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
            os.chmod(self.root, 0o700)
        self.db_user = self.user.pw_name if self.user else pwd.getpwuid(os.geteuid()).pw_name

    def _as_owner(self, argv):
        if self.user is None:
            return argv
        return ["runuser", "-u", self.user.pw_name, "--"] + argv

    def __enter__(self):
        subprocess.run(self._as_owner([f"{self.bin}/initdb", "-D", self.data, "--auth=trust",
                                       "--no-sync", "-U", self.db_user, "-E", "UTF8"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        options = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                   "unix_socket_directories": self.root,
                   "max_connections": str(self.max_connections)}
        options.update(self.settings)
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        subprocess.run(self._as_owner([f"{self.bin}/pg_ctl", "-D", self.data, "-w", "-t", "60",
                                       "-l", os.path.join(self.root, "server.log"), "-o", opts, "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            self.postmaster_pid = int(f.readline())
        return self

    def __exit__(self, *exc):
        subprocess.run(self._as_owner([f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.root, ignore_errors=True)

    def pgbench_args(self):
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", self.db_user, "postgres"]

    def pgbench_binary(self):
        own = os.path.join(self.bin, "pgbench")
        return own if os.path.exists(own) else (shutil.which("pgbench") or "pgbench")

    def cpu_seconds(self):
        """CPU seconds used so far by the server: every live process under the postmaster plus the
        postmaster's own and its reaped children's (a backend that has exited is counted in the
        postmaster's cutime/cstime once reaped)."""
        tick = os.sysconf("SC_CLK_TCK")
        children = {}
        stats = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    text = f.read()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2:].split()
            pid, ppid = int(entry), int(fields[1])
            stats[pid] = fields
            children.setdefault(ppid, []).append(pid)
        total = 0
        root = stats.get(self.postmaster_pid)
        if root is None:
            raise RuntimeError("postmaster is gone")
        total += int(root[11]) + int(root[12]) + int(root[13]) + int(root[14])
        stack = list(children.get(self.postmaster_pid, []))
        while stack:
            pid = stack.pop()
            fields = stats[pid]
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
            stack.extend(children.get(pid, []))
        return total / tick


def machine_cpu():
    """(busy, total) jiffies of the whole machine from /proc/stat, and the number of CPUs."""
    with open("/proc/stat") as f:
        first = f.readline().split()[1:]
    values = [int(v) for v in first]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    return total - idle, total


def cpu_count():
    return os.cpu_count() or 1


def wait_reaped(seconds=0.5):
    time.sleep(seconds)
