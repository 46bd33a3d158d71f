"""The crash test of ``bench/crash.py`` in a short form, on each engine.

Five SIGKILLs of the server while clients create items under idempotency keys;
then nothing acknowledged may be missing and every key must map to exactly one row.
The full run (more rounds, clients and workers) is ``python bench/crash.py``.
"""

from __future__ import annotations

from pathlib import Path

from bench import crash


def test_no_acknowledged_write_is_lost_and_none_is_doubled(
    engine_name: str, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    report = crash.run(
        database_url,
        engine=engine_name,
        rounds=5,
        clients=4,
        workers=1,
        min_uptime=0.2,
        max_uptime=0.6,
        log=log,
    )
    print("\n".join(report.lines()))
    summary = "\n".join([*report.lines(), "server log (end):", log.read_text()[-3000:]])
    assert report.ok, summary
    assert report.kills == 5, summary
    # The kills must land on live traffic, or the run proves nothing.
    assert report.acknowledged > 0, summary
    assert report.cut_off > 0, summary
