"""Regenerate the SDK in client/ from openapi.json (byte-identical on every run).

Usage: python scripts/generate_client.py [--spec FILE] [--output DIR] [--check]

The generator (openapi-python-client) and the formatter (ruff) are the versions pinned
in uv.lock; the configuration, templates, template helpers and the hand-written runtime
(client, errors, types, testing kit: plain Python, linted and type-checked, copied as they
are) live in scripts/sdk/ (see scripts/sdk/generator.py). The SDK is generated
into a fresh temporary directory and then replaces the output directory, so files of
operations that no longer exist disappear. Files the generator has no slot for
(``LICENSE``, ``CHANGELOG.md``: :data:`EXTRA_FILES`) are rendered from the same template
directory with the same project name and version (the document's ``info.version``).
``--check`` generates into a temporary
directory and fails, listing the differences, when client/ is not what the generator
writes: nobody edits client/ by hand.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.json"
CONFIG = ROOT / "scripts" / "sdk" / "config.yaml"
TEMPLATES = ROOT / "scripts" / "sdk" / "templates"
# openapi-python-client with the template helpers and the runtime (scripts/sdk/runtime/).
GENERATOR = ROOT / "scripts" / "sdk" / "generator.py"
OUTPUT = ROOT / "client"
# Rendered by this script after the generator (output name: template name).
EXTRA_FILES = {"LICENSE": "LICENSE.jinja", "CHANGELOG.md": "CHANGELOG.md.jinja"}
# Written by tools, never by the generator: left alone when replacing, ignored when comparing.
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache", "build", "dist"}


def _environment() -> dict[str, str]:
    """The environment for the generator: the pinned ruff from this interpreter's
    environment comes first on PATH, whatever the caller's PATH holds."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("RUFF_CACHE_DIR", None)
    return env


def generate(destination: Path, spec: Path = SPEC) -> None:
    """Write the SDK project for ``spec`` into ``destination``, which must not exist."""
    command = [sys.executable, str(GENERATOR), str(spec), str(CONFIG), str(TEMPLATES)]
    command.append(str(destination))
    result = subprocess.run(
        command, cwd=ROOT, env=_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not (destination / "pyproject.toml").exists():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    render_extra_files(destination, spec)


def render_extra_files(destination: Path, spec: Path) -> None:
    """Write :data:`EXTRA_FILES` into ``destination`` from the project's templates."""
    # The generator's own dependencies, so only needed when generating.
    import jinja2
    import yaml

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    version = json.loads(spec.read_text(encoding="utf-8"))["info"]["version"]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - Markdown and plain text, not HTML
        undefined=jinja2.StrictUndefined,
    )
    variables = {
        "project_name": config["project_name_override"],
        "package_name": config["package_name_override"],
        "package_version": version,
    }
    for name, template in EXTRA_FILES.items():
        text = environment.get_template(template).render(**variables)
        (destination / name).write_text(text, encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not IGNORED.intersection(relative.parts) and path.suffix != ".pyc":
            files[relative.as_posix()] = path.read_bytes()
    return files


def differences(expected: Path, actual: Path) -> list[str]:
    """A unified diff (or a one-line note for binary or missing files) per differing file."""
    want, have = _files(expected), _files(actual)
    report = []
    for name in sorted(want.keys() | have.keys()):
        if want.get(name) == have.get(name):
            continue
        if name not in have:
            report.append(f"missing: {name}")
        elif name not in want:
            report.append(f"not generated (remove it): {name}")
        else:
            diff = difflib.unified_diff(
                have[name].decode("utf-8", "replace").splitlines(keepends=True),
                want[name].decode("utf-8", "replace").splitlines(keepends=True),
                f"client/{name} (committed)",
                f"client/{name} (generated)",
            )
            report.append("".join(diff))
    return report


def replace(source: Path, output: Path) -> None:
    """Make ``output`` hold exactly the generated files (tool caches aside)."""
    output.mkdir(parents=True, exist_ok=True)
    for path in sorted(output.iterdir()):
        if path.name in IGNORED:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for path in sorted(source.iterdir()):
        target = output / path.name
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            shutil.copy2(path, target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", default=str(SPEC), help="the OpenAPI document")
    parser.add_argument("--output", default=str(OUTPUT), help="the SDK project directory")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the directory differs from a fresh run"
    )
    args = parser.parse_args()
    output = Path(args.output)
    with tempfile.TemporaryDirectory(prefix="storefront-sdk-") as scratch:
        fresh = Path(scratch) / "client"
        generate(fresh, Path(args.spec).resolve())
        if args.check:
            report = differences(fresh, output)
            if report:
                print("\n".join(report))
                print(
                    f"{output} is stale or edited by hand: run "
                    "`python scripts/generate_client.py` and commit it."
                )
                return 1
            print(f"{output} matches {args.spec}")
            return 0
        replace(fresh, output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
