"""Tests of the OpenAPI gates (scripts/check_breaking.py and friends, scripts/lint_openapi.py).

The scripts in ``scripts/`` are plain files, not a package; this puts that folder on
``sys.path`` (before any module of this package is imported) so the tests can
``import check_breaking`` exactly as the scripts import each other.
"""

import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))
