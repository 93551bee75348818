"""The README stays true: its quick start is what CI runs, and every command is documented."""

import re
from pathlib import Path

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    commands = quick_start_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "kg build" in install_and_run
    assert "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test.replace("pip install", "pip install --quiet") in ci


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"`kg {name}" in README, f"kg {name} is missing from the README's command table"


def test_the_three_example_queries_are_the_shipped_files():
    from kg.datafiles import data_path

    for name in ("who-lobbies-whom.rq", "who-criticizes-whom.rq", "purchases-beijing-approved.rq"):
        body = [line for line in data_path("queries", name).read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#") and not line.startswith("ORDER BY")]
        assert "\n".join(body) in README, f"the README's copy of {name} is stale"
