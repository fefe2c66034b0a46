// The files `gradlab classroom init` writes: a JupyterHub configuration a teacher can read and edit, and a
// README beside it. Every setting is JupyterHub's own; gradlab adds only the class's choices (the kernel,
// the tutorials copied on first start, the limits) and says in comments what each line does.
import { version } from "../lib/version";

export interface ClassOptions {
  /** The class folder, absolute: the config, the tutorials, the kernelspec, the hub's database. */
  dir: string;
  /** The address students open: 127.0.0.1 for this machine only, 0.0.0.0 for a network. */
  ip: string;
  port: number;
  teacher: string;
  /** Students allowed to log in; empty lets anyone with the shared password in. */
  students: string[];
  /** The workshop's shared password (DummyAuthenticator). */
  password: string;
  /** Tensors per kernel, e.g. "1G" (GRADLAB_MEMORY_LIMIT). */
  memoryLimit: string;
  /** The OS's backstop in bytes: data every process of a student's server may map (prlimit --data). */
  processBytes: number;
  /** CPU seconds one cell may use (GRADLAB_CELL_TIME_LIMIT). */
  cellSeconds: number;
  /** The command that runs configurable-http-proxy. */
  proxy: string;
  /** Where accounts created on first start get their homes. */
  homeBase: string;
  /** Idle kernels are shut down after this many seconds. */
  cullSeconds: number;
}

/** The folder in each home that holds the student's copy of the tutorials (as `gradlab start`'s). */
export const notebooksFolder = "gradlab-notebooks";

const py = (s: string) => JSON.stringify(s); // a JSON string is a valid Python string literal

export function hubConfig(o: ClassOptions): string {
  const students = o.students.length > 0 ? `{${o.students.map(py).join(", ")}}` : "set()";
  return `# JupyterHub configuration for a gradlab class, written by \`gradlab classroom init\` (gradlab ${version}).
# Every setting below is JupyterHub's own (https://jupyterhub.readthedocs.io/en/stable/reference/api/);
# the comments say what each does for the class. Edit freely, then restart the hub:
#     gradlab classroom start ${o.dir}
# or, by hand:   cd ${o.dir} && PATH=$(dirname ${o.proxy}):$PATH jupyterhub -f jupyterhub_config.py
import os
import pwd
import re
import shutil
import subprocess

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)
CLASS_DIR = ${py(o.dir)}

# ---------------------------------------------------------------------------------------- the address
# 127.0.0.1 serves this machine only. For a class on a network, listen on every address behind HTTPS
# (a certificate from your institution or Let's Encrypt):
#   c.JupyterHub.bind_url = "https://0.0.0.0:443"
#   c.JupyterHub.ssl_cert = "/etc/letsencrypt/live/hub.example.edu/fullchain.pem"
#   c.JupyterHub.ssl_key = "/etc/letsencrypt/live/hub.example.edu/privkey.pem"
c.JupyterHub.bind_url = "http://${o.ip}:${o.port}"
# The hub's own API and the proxy's, on loopback next to the public port.
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = ${o.port + 1}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${o.port + 2}"
c.ConfigurableHTTPProxy.command = [${py(o.proxy)}]
c.ConfigurableHTTPProxy.pid_file = os.path.join(CLASS_DIR, "proxy.pid")
c.JupyterHub.pid_file = os.path.join(CLASS_DIR, "jupyterhub.pid")
# The hub (and the proxy it starts) run ahead of everything else on the machine, so they answer at once
# however busy it is; students' servers run behind them (nice 10, below).
if os.geteuid() == 0:
    os.setpriority(os.PRIO_PROCESS, 0, -5)
# The hub's state (users, tokens): keep these two files, and a restart keeps everyone's accounts.
c.JupyterHub.db_url = "sqlite:///" + os.path.join(CLASS_DIR, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(CLASS_DIR, "jupyterhub_cookie_secret")

# ---------------------------------------------------------------------------------------- who logs in
# The teacher is an admin: the hub's admin page (/hub/admin) adds students, starts and stops their
# servers, and opens any student's server to help.
TEACHER = ${py(o.teacher)}
c.Authenticator.admin_users = {TEACHER}
# The class list: only these names may log in (an empty set lets in anyone who has the password).
c.Authenticator.allowed_users = ${students}

# A workshop: everyone logs in with any name from the class list and one shared password.
# (JupyterHub 3 calls it DummyAuthenticator; JupyterHub 5 has "shared-password" for the same purpose.)
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = ${py(o.password)}

# A real class, option 1 -- the machine's own Unix accounts and passwords (PAM):
#   c.JupyterHub.authenticator_class = "pam"
#   CREATE_ACCOUNTS = False   # below: accounts exist already (or:)
#   c.LocalAuthenticator.create_system_users = True   # adding a student on the admin page creates the account
# A real class, option 2 -- your institution's or GitHub's login (OAuth, the oauthenticator package:
# python3 -m pip install oauthenticator), e.g. GitHub restricted to the course's organization:
#   c.JupyterHub.authenticator_class = "github"   # or "generic-oauth", "google", "azuread", "cilogon"...
#   c.GitHubOAuthenticator.oauth_callback_url = "https://hub.example.edu/hub/oauth_callback"
#   c.GitHubOAuthenticator.client_id = "..."
#   c.GitHubOAuthenticator.client_secret = "..."
#   c.GitHubOAuthenticator.allowed_organizations = {"my-course"}

# ---------------------------------------------------------------------------------------- each student's server
# Every student's server runs as their own Unix account (JupyterHub's LocalProcessSpawner) in their own
# home, which is private (mode 0700): no student can read or write another's files.
c.JupyterHub.spawner_class = "localprocess"
# Create a student's Unix account on their first start (useradd, homes under HOME_BASE). Names must be
# plain (a-z, 0-9, _ and -) and system accounts (uid < 1000, such as root) are refused.
CREATE_ACCOUNTS = True
HOME_BASE = ${py(o.homeBase)}
# The released tutorials (solutions replaced by stubs) that every student gets, in ~/${notebooksFolder}.
TUTORIALS = os.path.join(CLASS_DIR, "tutorials")
NOTEBOOKS = ${py(notebooksFolder)}
c.Spawner.notebook_dir = "~/" + NOTEBOOKS
c.Spawner.default_url = "/tree"
# Servers start in seconds; a busy machine may need longer when the whole class arrives at once.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
# Kernels nobody uses (tab closed, nothing running) are shut down after ${o.cullSeconds} s, freeing memory.
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=${o.cullSeconds}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    "--MappingKernelManager.cull_busy=False",
]

# ---------------------------------------------------------------------------------------- limits
# Per kernel, enforced by gradlab: tensors may hold at most MEMORY_LIMIT in all (a tensor past it fails
# with a MemoryLimitError that says so, and the kernel keeps running), and one cell may use at most
# CELL_TIME_LIMIT seconds of CPU time (then it is interrupted with a TimeLimit error, as the stop button does).
MEMORY_LIMIT = ${py(o.memoryLimit)}
CELL_TIME_LIMIT = ${o.cellSeconds}
# The operating system's backstop, which no student can raise: every process of a student's server may
# map at most PROCESS_MEMORY bytes of data (a hard RLIMIT_DATA set by prlimit); past it an allocation
# fails. The kernel's JavaScript heap has its own limit in the kernelspec (--max-old-space-size).
PROCESS_MEMORY = ${o.processBytes}
# JupyterHub's own mem_limit/cpu_limit are enforced only by spawners that can (systemdspawner,
# dockerspawner, kubespawner -- see deploy/z2jh-values.yaml), not by LocalProcessSpawner:
#   c.Spawner.mem_limit = "2G"
#   c.Spawner.cpu_limit = 1
c.Spawner.environment = {
    # the gradlab kernel, for every user (CLASS_DIR/share/jupyter/kernels/gradlab/kernel.json)
    "JUPYTER_PATH": os.path.join(CLASS_DIR, "share", "jupyter"),
    "GRADLAB_MEMORY_LIMIT": MEMORY_LIMIT,
    "GRADLAB_CELL_TIME_LIMIT": str(CELL_TIME_LIMIT),
}
# Students' servers run at a lower CPU priority than the hub (nice 10), so the hub answers at once even
# when every kernel is busy.
c.Spawner.cmd = [
    shutil.which("nice") or "/usr/bin/nice",
    "-n",
    "10",
    shutil.which("prlimit") or "/usr/bin/prlimit",
    "--data=%d:%d" % (PROCESS_MEMORY, PROCESS_MEMORY),
    "--",
    shutil.which("jupyterhub-singleuser") or "jupyterhub-singleuser",
]


def prepare_student(spawner):
    """Before a server starts: the account exists, its home is private, the tutorials are there."""
    name = spawner.user.name
    if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", name):
        raise ValueError("%r is not a plain account name (a-z, 0-9, _ and -)" % name)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        if not CREATE_ACCOUNTS:
            raise ValueError("there is no Unix account %r: create it (useradd -m %s)" % (name, name))
        os.makedirs(HOME_BASE, mode=0o755, exist_ok=True)
        subprocess.run(
            ["useradd", "--create-home", "--base-dir", HOME_BASE, "--user-group", "--shell", "/bin/bash", name],
            check=True,
        )
        account = pwd.getpwnam(name)
    if account.pw_uid < 1000:
        raise ValueError("%r is a system account: pick another name" % name)
    home = account.pw_dir
    os.makedirs(home, mode=0o700, exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    os.chmod(home, 0o700)
    # The tutorials: all of them the first time, later only new ones, so the student's edits stay.
    target = os.path.join(home, NOTEBOOKS)
    if not os.path.isdir(target):
        os.mkdir(target, 0o755)
        os.chown(target, account.pw_uid, account.pw_gid)
    for file in sorted(os.listdir(TUTORIALS)):
        path = os.path.join(target, file)
        if file.endswith(".ipynb") and not os.path.exists(path):
            shutil.copyfile(os.path.join(TUTORIALS, file), path)
            os.chown(path, account.pw_uid, account.pw_gid)
            os.chmod(path, 0o644)


c.Spawner.pre_spawn_hook = prepare_student
`;
}

export function classReadme(o: ClassOptions, tutorials: string[]): string {
  return `# A gradlab class

Written by \`gradlab classroom init\` (gradlab ${version}). The whole walk-through, from a fresh machine to
a graded class, is gradlab's docs/classroom.md.

| file | what it is |
| --- | --- |
| \`jupyterhub_config.py\` | the hub's configuration: address, logins, each student's server, limits. Edit it. |
| \`tutorials/\` | the released notebooks (solutions replaced by stubs) every student gets in \`~/${notebooksFolder}\` |
| \`share/jupyter/kernels/gradlab/\` | the gradlab kernel, offered to every student |
| \`jupyterhub.sqlite\`, \`jupyterhub_cookie_secret\` | the hub's state, made on first start: keep them |

## Start

    gradlab classroom start ${o.dir}

then open http://${o.ip === "0.0.0.0" ? "THIS-MACHINE" : o.ip}:${o.port}/ and log in as \`${o.teacher}\` (the teacher, an admin) or as a
student${o.students.length > 0 ? ` (${o.students.join(", ")})` : ""}, with the shared password in jupyterhub_config.py.

## The class

- Tutorials: ${tutorials.join(", ")}.
- Logins: one shared password (a workshop). For a real class switch to PAM or OAuth: the options are
  written out, commented, in jupyterhub_config.py.
- Every student's server runs as their own Unix account, created on first start, home private (0700).
- Limits per kernel: tensors up to ${o.memoryLimit} (a MemoryLimitError past it; the kernel keeps running),
  ${o.cellSeconds} s of CPU time per cell (then the cell is interrupted with a TimeLimit error); and every
  process of a student's server may map at most ${Math.round(o.processBytes / 2 ** 20)} MiB (the OS's hard limit).

## Grade

Every student's copy lives in their home, \`~/${notebooksFolder}/NAME.ipynb\`. As root:

    gradlab grade --homes ${o.homeBase} --assignment TEACHER/NAME.ipynb ${notebooksFolder}/NAME.ipynb --csv grades.csv

## Add a tutorial later

    gradlab release TEACHER/NEW.ipynb --out ${o.dir}/tutorials

Each student gets it the next time their server starts (their edited copies are never replaced).
`;
}
