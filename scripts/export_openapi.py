"""Write the API's OpenAPI document to openapi.json (byte-identical on every run).

Usage: python scripts/export_openapi.py [--output PATH] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.main import openapi_document  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default=str(ROOT / "openapi.json"))
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the file differs from the server's"
    )
    args = parser.parse_args()
    path = Path(args.output)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != openapi_document():
            print(f"{path} is stale: run `python scripts/export_openapi.py` and commit it.")
            return 1
        print(f"{path} matches the server")
        return 0
    path.write_text(openapi_document(), encoding="utf-8", newline="\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
