"""The crash trials and bad-input sweep of bench/reliability.py, in a short run: no trial or input may fail."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "reliability.py"


def test_crash_trials_and_bad_inputs_in_a_short_run(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--trials", "1", "--quads", "3000"], capture_output=True,
                            text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    rows = {line.split("  ")[1].strip(): line.split()[-3:] for line in lines if line.startswith("  kg ")}
    assert set(rows) == {"kg load", "kg build --fresh", "kg ingest", "kg query --update"}
    assert all(other == "0" for *_, other in rows.values())
    assert lines[-1].endswith(" 0 failed.") and "answered in one line with the store unchanged" in lines[-1]
