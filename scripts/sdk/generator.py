"""openapi-python-client with the project's helpers and runtime (run by generate_client.py).

Usage: python scripts/sdk/generator.py SPEC CONFIG TEMPLATES OUTPUT

The generator renders the schema-dependent parts (models, operation modules, resource
classes, ``_version.py``) from ``templates/``; the template logic lives in
:mod:`helpers` as Python functions registered as Jinja globals. The runtime
(``runtime/*.py``: client, errors, types, testing kit) is copied as it is into the
package, before the post hooks (ruff) run over the whole project, as openai-python
keeps its ``_base_client.py`` beside its generated resources.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import helpers

RUNTIME = Path(__file__).resolve().parent / "runtime"


def runtime_modules() -> list[Path]:
    """The runtime's files copied into the package (its own ``__init__`` is not)."""
    return sorted(p for p in RUNTIME.glob("*.py") if p.name != "__init__.py")


class StorefrontProject(Project):
    """The generator's project with :mod:`helpers` registered and the runtime copied."""

    def __init__(
        self, *, openapi: GeneratorData, config: Config, custom_template_path: Path
    ) -> None:
        super().__init__(openapi=openapi, config=config, custom_template_path=custom_template_path)
        self.env.globals.update(helpers.GLOBALS)

    def _build_api(self) -> None:
        super()._build_api()
        version = self.env.get_template("version.py.jinja").render()
        (self.package_dir / "_version.py").write_text(version, encoding=self.config.file_encoding)
        for module in runtime_modules():
            shutil.copyfile(module, self.package_dir / module.name)


def main(argv: list[str]) -> int:
    spec, config_path, templates, output = (Path(a) for a in argv)
    config = Config.from_sources(
        ConfigFile.load_from_path(config_path),
        MetaType.UV,
        spec,
        "utf-8",
        overwrite=False,
        output_path=output,
    )
    openapi = GeneratorData.from_dict(json.loads(spec.read_text(encoding="utf-8")), config=config)
    if isinstance(openapi, GeneratorError):
        print(f"{openapi.header}: {openapi.detail}", file=sys.stderr)
        return 1
    project = StorefrontProject(openapi=openapi, config=config, custom_template_path=templates)
    problems = project.build()
    for problem in problems:
        print(f"{problem.level.value}: {problem.header}: {problem.detail}", file=sys.stderr)
    # Warnings fail too: a skipped endpoint or model is a missing piece of the SDK.
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["StorefrontProject", "main", "runtime_modules"]
