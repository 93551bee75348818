"""A non-editable install from a wheel, in a fresh virtual environment, works from another folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd, timeout=900):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_STORE", "VIRTUAL_ENV")}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_builds_the_graph(tmp_path, build_summary):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT), cwd=tmp_path)
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", str(wheels[0]), cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kg = venv / "bin" / "kg"
    store = elsewhere / "store"
    out = run(kg, "build", "--store", str(store), cwd=elsewhere)
    assert out == f"Built {store}: {build_summary} in 4 graphs.\n"
    out = run(kg, "query", "--store", str(store), "SELECT ?who WHERE { ?who kg:leads kgr:nvidia }", cwd=elsewhere)
    assert "Jensen Huang" in out
    location = run(python, "-c", "import kg.datafiles as r; print(r.ontology_file('chipkg.ttl'))", cwd=elsewhere)
    assert str(venv) in location, "the ontology must come from the installed package"
    assert not (elsewhere / "lib").exists()
