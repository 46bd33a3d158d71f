"""``scripts/bootstrap.sh``, which ``serve.sh`` and ``test.sh`` run first, on the Pythons
a newcomer has.

The first test is the newcomer's own start: a clean environment (only ``HOME``, a new
one, and ``PATH``), a Python marked externally managed as a distribution's is (PEP 668:
its ``pip install`` refuses), no uv anywhere, and PyPI (the test needs to reach it, as
the newcomer does). The others drive the script with a stand-in ``uv`` to check what it
says: before a step that takes a while, when the Python changed, and when the Python is
too old or has no ``venv``. The last ones check what ``test.sh`` says of Node.js and npm
before its silent ``npm ci`` steps.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from server import API_VERSION
from tests.support.live import ROOT

BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
UV_VERSION = re.search(r"^UV_VERSION=(\S+)$", BOOTSTRAP.read_text(), re.MULTILINE)[1]  # type: ignore[index]
# The commands bootstrap.sh may use besides the Python and uv: PATH holds nothing else,
# so a uv installed on this machine is never found instead of the one it installs.
COMMANDS = ("bash", "env", "dirname", "sed", "cut", "cmp", "cp", "mkdir", "ln", "rm", "tr")
MINOR = f"{sys.version_info[0]}.{sys.version_info[1]}"


def commands(tmp_path: Path) -> Path:
    """A directory holding only :data:`COMMANDS` (links to this machine's)."""
    directory = tmp_path / "commands"
    directory.mkdir()
    for name in COMMANDS:
        found = shutil.which(name, path="/usr/bin:/bin")
        assert found is not None, f"{name} is not installed"
        (directory / name).symlink_to(found)
    return directory


def marked_python(tmp_path: Path) -> Path:
    """A Python like a distribution's: not a venv, pip in it, and its standard library
    marked ``EXTERNALLY-MANAGED``. Made from this interpreter's base installation: the
    executable copied (Python finds its library next to it), the standard library linked
    entry by entry, a site-packages of its own. Returns its ``bin`` directory.

    (A venv with the marker would not do: pip never refuses inside a venv.)
    """
    base = Path(sys.base_prefix)
    stdlib = Path(sysconfig.get_paths()["stdlib"])  # in a venv: the base's
    home = tmp_path / "distribution-python"
    (home / "bin").mkdir(parents=True)
    executable = home / "bin" / f"python{MINOR}"
    shutil.copy2(os.path.realpath(sys._base_executable), executable)  # type: ignore[attr-defined]
    (home / "bin" / "python3").symlink_to(executable.name)
    library = home / stdlib.relative_to(base)
    library.mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name not in {"site-packages", "dist-packages", "EXTERNALLY-MANAGED"}:
            (library / entry.name).symlink_to(entry)
    (library / "site-packages").mkdir()
    for shared in (base / "lib").glob("libpython*"):  # builds that find it relative to bin/
        (home / "lib" / shared.name).symlink_to(shared)
    env = {"HOME": str(tmp_path), "PATH": str(home / "bin")}
    python = str(home / "bin" / "python3")
    subprocess.run(
        [python, "-m", "ensurepip"], env=env, capture_output=True, check=True, timeout=300
    )
    (library / "EXTERNALLY-MANAGED").write_text(
        "[externally-managed]\nError=This Python is the distribution's: use apt.\n"
    )
    # The marker works: pip refuses to install into this Python, before going online.
    refused = subprocess.run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", f"uv=={UV_VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert refused.returncode != 0
    assert "externally-managed-environment" in refused.stdout + refused.stderr, refused
    return home / "bin"


def copy_project(destination: Path) -> Path:
    """The project's files as a clone has them (tracked, and new ones not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def proxy_settings() -> dict[str, str]:
    """How this network reaches PyPI, if it needs a proxy: a newcomer behind one sets it."""
    names = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")
    return {name: os.environ[name] for name in names if name in os.environ}


def test_bootstrap_from_a_clean_environment_on_an_externally_managed_python(
    tmp_path: Path,
) -> None:
    python_bin = marked_python(tmp_path)
    site_packages = sorted(p.name for p in (python_bin.parent / "lib").rglob("site-packages/*"))
    project = copy_project(tmp_path / "clone")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join([str(python_bin), str(commands(tmp_path))]),
        **proxy_settings(),
    }

    first = subprocess.run(
        ["bash", "scripts/bootstrap.sh"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    # One line, before the wait: what it installs, where, from which Python, how long.
    assert first.stderr.splitlines() == [
        f"bootstrap: installing uv {UV_VERSION} into .bootstrap/ (a private venv of Python "
        f"{sys.version.split()[0]} ({python_bin / 'python3'}); nothing is installed into that "
        "Python), then the locked environment (uv.lock) into .venv with Python "
        f"{sys.version.split()[0]} ({python_bin / 'python3'}): about a minute the first time"
    ]
    version = subprocess.run(
        [str(project / ".venv" / "bin" / "storefront"), "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert version.stdout.strip() == f"storefront {API_VERSION}"
    # Nothing went into the distribution's Python; .venv is made from it, not from a
    # Python uv downloaded.
    assert sorted(p.name for p in (python_bin.parent / "lib").rglob("site-packages/*")) == (
        site_packages
    )
    config = (project / ".venv" / "pyvenv.cfg").read_text()
    assert f"home = {python_bin}\n" in config
    assert not (home / ".local" / "share" / "uv" / "python").exists()

    again = subprocess.run(
        ["bash", "scripts/bootstrap.sh"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (again.returncode, again.stderr) == (0, "")  # all in place: nothing to say


# --- What it says, with a stand-in uv ---------------------------------------------------

FAKE_UV = f"""#!/usr/bin/env bash
# Stands in for uv {UV_VERSION}: records what it is asked, and makes .venv the way uv
# does (pyvenv.cfg names the directory of the Python it was made from).
if [ "$1" = --version ]; then echo "uv {UV_VERSION}"; exit 0; fi
echo "uv $*" >&2
if [ "$1" != sync ]; then exit 0; fi
python="${{@: -1}}"
mkdir -p .venv
home=$("$python" -c 'import os, sys; print(os.path.dirname(sys._base_executable))')
echo "home = $home" > .venv/pyvenv.cfg
"""


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """bootstrap.sh and uv.lock in a directory of their own."""
    (tmp_path / "project" / "scripts").mkdir(parents=True)
    shutil.copy(BOOTSTRAP, tmp_path / "project" / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "uv.lock", tmp_path / "project" / "uv.lock")
    return tmp_path / "project"


def bootstrap(
    project: Path, path: list[Path], *, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/bootstrap.sh"],
        cwd=project,
        env={
            "HOME": str(project.parent),
            "PATH": os.pathsep.join(map(str, path)),
            "STOREFRONT_PYTHON": python,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fake_uv(tmp_path: Path) -> Path:
    directory = tmp_path / "fake-uv"
    directory.mkdir()
    (directory / "uv").write_text(FAKE_UV)
    (directory / "uv").chmod(0o755)
    return directory


def test_says_what_it_installs_before_it_does_and_when_the_python_changed(
    scratch: Path, tmp_path: Path
) -> None:
    path = [fake_uv(tmp_path), commands(tmp_path)]
    which = f"Python {sys.version.split()[0]} ({sys.executable})"
    sync = f"uv sync --frozen --quiet --python {sys.executable}"
    first = bootstrap(scratch, path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [
        f"bootstrap: installing the locked environment (uv.lock) into .venv with {which}: "
        "about a minute the first time",
        sync,
    ]
    assert bootstrap(scratch, path).stderr.splitlines() == [sync]  # all there: nothing to say
    with (scratch / "uv.lock").open("a") as lock:
        lock.write("\n")
    assert bootstrap(scratch, path).stderr.splitlines()[0] == (
        "bootstrap: installing the locked environment (uv.lock changed) into .venv: "
        "about a minute the first time"
    )
    # .venv made from another Python (one since removed, here): uv rebuilds it, and it says so.
    (scratch / ".venv" / "pyvenv.cfg").write_text("home = /opt/gone-python/bin\n")
    assert bootstrap(scratch, path).stderr.splitlines() == [
        f"bootstrap: installing the locked environment into a new .venv with {which} "
        "(the old one was made from another Python, in /opt/gone-python/bin): "
        "about a minute the first time",
        sync,
    ]


def test_a_python_too_old_is_one_line_before_anything_runs(scratch: Path, tmp_path: Path) -> None:
    old = tmp_path / "python3.10"
    # An old Python answering bootstrap's question (the version is all that differs).
    old.write_text(
        "#!/usr/bin/env bash\n"
        f"exec {sys.executable} -c 'import sys; sys.version_info = (3, 10, 12)\n'\"$2\"\n"
    )
    old.chmod(0o755)
    result = bootstrap(scratch, [fake_uv(tmp_path), commands(tmp_path)], python=str(old))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"bootstrap: {old} is Python 3.10.12: Storefront needs 3.11, ")
    assert "apt-get install" in lines[0]
    assert "brew install python@" in lines[0]
    assert not (scratch / ".venv").exists()  # uv never ran


def test_a_python_without_venv_says_what_to_install(scratch: Path, tmp_path: Path) -> None:
    """Debian and Ubuntu ship ``venv``'s ensurepip apart (python3.X-venv); no uv anywhere."""
    debian = tmp_path / "python3"
    debian.write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1 $2" = "-m venv" ]; then\n'
        "  echo 'The virtual environment was not created successfully because ensurepip is not'\n"
        "  echo 'available.  On Debian/Ubuntu systems, you need to install the python3-venv'\n"
        "  exit 1\n"
        "fi\n"
        f'exec {sys.executable} "$@"\n'
    )
    debian.chmod(0o755)
    result = bootstrap(scratch, [commands(tmp_path)], python=str(debian))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr  # what it is about to do, then why it cannot
    assert lines[0].startswith(f"bootstrap: installing uv {UV_VERSION} into .bootstrap/")
    assert f"sudo apt-get install python{MINOR}-venv" in lines[1]
    assert "ensurepip is not available" in lines[1]
    assert not (scratch / ".bootstrap" / "venv").exists()  # no half-made venv left behind


NODE = """#!/usr/bin/env bash
echo v{version}
"""


@pytest.mark.parametrize(
    ("node", "says"),
    [
        (None, "test: Node.js 20.19 or later (22 LTS recommended) and npm are needed"),
        ("18.19.0", "test: Node.js v18.19.0 is too old: the pinned tools need 20.19 or later"),
    ],
    ids=["no-node", "node-18"],
)
def test_test_script_names_node_when_it_is_missing_or_too_old(
    scratch: Path, tmp_path: Path, node: str | None, says: str
) -> None:
    shutil.copy(ROOT / "scripts" / "test.sh", scratch / "scripts" / "test.sh")
    path = [fake_uv(tmp_path), commands(tmp_path), node_and_npm(tmp_path, node)]
    result = run_test_script(scratch, path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(says), result.stderr
    assert "uv run" not in result.stderr  # it stopped before any check


def test_test_script_says_what_npm_does_before_it_runs(scratch: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "scripts" / "test.sh", scratch / "scripts" / "test.sh")
    path = [fake_uv(tmp_path), commands(tmp_path), node_and_npm(tmp_path, "20.19.0")]
    result = run_test_script(scratch, path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    announced = next(i for i, line in enumerate(lines) if line.startswith("test: installing"))
    first_npm = next(i for i, line in enumerate(lines) if line.startswith("== npm ci"))
    assert announced < first_npm
    assert "npm ci" in lines[announced]
    assert "oasdiff, Redocly CLI, openapi-ts and TypeScript" in lines[announced]
    assert lines[-1] == "uv run --frozen pytest"  # and then every step ran


def node_and_npm(tmp_path: Path, version: str | None) -> Path:
    """A stand-in ``node`` of ``version`` and an ``npm`` that does nothing; or neither."""
    directory = tmp_path / "node"
    directory.mkdir()
    if version is not None:
        (directory / "node").write_text(NODE.format(version=version))
        (directory / "npm").write_text("#!/usr/bin/env bash\nexit 0\n")
        for name in ("node", "npm"):
            (directory / name).chmod(0o755)
    return directory


def run_test_script(project: Path, path: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/test.sh"],
        cwd=project,
        env={
            "HOME": str(project.parent),
            "PATH": os.pathsep.join(map(str, path)),
            "STOREFRONT_PYTHON": sys.executable,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
