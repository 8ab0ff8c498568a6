"""The console script's start-up measures (presslens.cli_startup, docs/performance.md): the garbage
collector off while a command starts, back on for long commands and after analyze's first article."""

from __future__ import annotations

import json
import subprocess
import sys

# Runs the console script's entry point; at exit prints the collector's state as JSON.
SCRIPT = (
    "import atexit, gc, json, sys\n"
    "atexit.register(lambda: print(json.dumps({'threshold': gc.get_threshold()[0], 'frozen': gc.get_freeze_count()}), file=sys.stderr))\n"
    "from presslens.cli_entry import entry\n"
    "entry()\n"
)


def _state(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=300)
    return json.loads(out.stderr.strip().splitlines()[-1])


def test_collection_stays_off_through_srsly_which_turns_the_collector_on():
    code = ("import gc, srsly; from presslens.cli_startup import begin, collect_again; begin(); "
            "srsly.msgpack_loads(srsly.msgpack_dumps({'a': [1, 2]})); off = gc.get_threshold()[0]; "
            "collect_again(); print(off, gc.get_threshold() == (700, 10, 10), gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["0", "True", "True"]


def test_long_commands_get_the_collector_back_at_once():
    got = _state("search", "--help")
    assert got["threshold"] == 700 and got["frozen"] > 0


def test_analyze_gets_it_back_after_its_first_article():
    from presslens.cli import sample_path

    got = _state("analyze", str(sample_path("md")), "--components", "none", "--json")
    assert got["threshold"] == 700 and got["frozen"] > 0


def test_the_library_leaves_the_collector_alone():
    code = ("import gc, presslens; from presslens.cli import main; from click.testing import CliRunner; "
            "from presslens.cli import sample_path; r = CliRunner().invoke(main, ['analyze', str(sample_path('md')), "
            "'--components', 'none', '--json']); print(r.exit_code, gc.get_threshold()[0], gc.isenabled(), gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["0", "700", "True", "0"]
