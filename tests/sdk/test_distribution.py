"""The SDK as users install it: ``uv build`` of client/ gives an sdist and a wheel; the
wheel installs into a bare virtual environment (nothing but its declared dependencies)
and imports there, with its version, LICENSE and changelog."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.docs.tools import tool_missing

ROOT = Path(__file__).resolve().parents[2]
TOOL_DIRS = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist")

CHECK = textwrap.dedent(
    """
    import importlib.metadata, json, sys
    import storefront_client
    from storefront_client import AsyncStorefront, Storefront, errors
    from storefront_client.api.items import create_item

    distribution = importlib.metadata.distribution("storefront-client")
    files = {str(f) for f in distribution.files or []}
    installed = sorted(d.metadata["Name"].lower() for d in importlib.metadata.distributions())
    print(json.dumps({
        "version": storefront_client.__version__,
        "metadata_version": distribution.version,
        "license_file": any(f.endswith("licenses/LICENSE") for f in files),
        "requires": distribution.requires,
        "installed": installed,
        "module": storefront_client.__file__,
        "storefront": Storefront(base_url="http://127.0.0.1:1").items.create.__name__,
        "errors": errors.APITimeoutError.__mro__[1].__name__,
        "sync": callable(create_item.sync),
    }))
    """
)


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


def test_the_wheel_installs_and_imports_in_a_bare_environment(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        tool_missing("uv is not on PATH (it builds the SDK distribution)")
    source = tmp_path / "client"
    shutil.copytree(ROOT / "client", source, ignore=shutil.ignore_patterns(*TOOL_DIRS))
    dist = tmp_path / "dist"
    run(uv, "build", "--out-dir", dist, source, cwd=tmp_path)
    spec_version = json.loads((ROOT / "openapi.json").read_text())["info"]["version"]
    wheels = list(dist.glob("storefront_client-*.whl"))
    assert [w.name for w in wheels] == [f"storefront_client-{spec_version}-py3-none-any.whl"]
    sdists = list(dist.glob("storefront_client-*.tar.gz"))
    assert len(sdists) == 1
    listing = run("tar", "-tzf", sdists[0], cwd=tmp_path).split()
    top = f"storefront_client-{spec_version}"
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"):
        assert f"{top}/{name}" in listing

    venv = tmp_path / "venv"
    run(uv, "venv", "--no-project", "--python", sys.executable, venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(uv, "pip", "install", "--python", python, wheels[0], cwd=tmp_path)
    report = json.loads(run(python, "-I", "-c", CHECK, cwd=tmp_path))

    assert report["version"] == report["metadata_version"] == spec_version
    assert report["license_file"] is True
    assert Path(report["module"]).is_relative_to(venv)  # the installed copy, not client/
    assert report["storefront"] == "create"
    assert report["errors"] == "APIConnectionError"
    assert report["sync"] is True
    requirements = {r.split(">")[0].split("<")[0].split("=")[0] for r in report["requires"]}
    assert requirements == {"httpx", "attrs"}
    assert "python-dateutil" not in report["installed"]
    assert "storefront" not in report["installed"]  # the server is not needed
