"""The pipeline contract of issue 14: no import-order registration, state on the context,
settings reach components, one worker that runs under fork and spawn."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import presslens
from presslens.errors import ConfigError
from presslens.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TEXT = (
    "# Harbour line\n\nThe mayor of Harbour Town, Anna Berg, said the line would reopen in May. "
    "\u201cWe waited eleven years for this,\u201d she told reporters on Tuesday. "
    "The council voted 7 to 2 for the plan, which costs 4.5 million euros.\n"
)


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, cwd=REPO)


def test_pipeline_of_one_annotator_works_in_a_fresh_interpreter():
    code = (
        "import presslens, json\n"
        "p = presslens.Pipeline(['quotes'])\n"
        f"a = p({TEXT!r}, format='markdown')\n"
        "print(json.dumps([p.names, [q.speaker for q in a.annotations['quotes']]]))\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    names, speakers = __import__("json").loads(out.stdout)
    assert names == ["nlp", "entities", "quotes"]
    assert "Anna Berg" in speakers


def test_pipe_with_two_processes_under_spawn_matches_one_process(tmp_path):
    code = (
        "import multiprocessing as mp, presslens, json\n"
        "if __name__ == '__main__':\n"
        "    mp.set_start_method('spawn', force=True)\n"
        f"    srcs = [{TEXT!r}, {TEXT!r}.replace('Anna Berg', 'Lena Holm'), '']\n"
        "    p = presslens.Pipeline(['quotes'])\n"
        "    two = [r.to_json() if hasattr(r, 'to_json') else r.reason for r in p.pipe(srcs, format='markdown', n_process=2, batch_size=1)]\n"
        "    one = [r.to_json() if hasattr(r, 'to_json') else r.reason for r in p.pipe(srcs, format='markdown')]\n"
        "    print(json.dumps([two == one, len(two), two[-1]]))\n"
    )
    script = tmp_path / "spawn_check.py"  # spawned children re-import the main module: a real file
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    same, n, last = __import__("json").loads(out.stdout)
    assert same and n == 3 and last == "is-directory"  # the empty string is read as the path ""


def test_settings_reach_the_component_from_the_environment(monkeypatch):
    monkeypatch.setenv("PRESSLENS_PERSUASION_MODE", "fast")
    monkeypatch.setenv("PRESSLENS_PERSUASION_CUES", "off")
    settings = Settings.load()
    assert settings.persuasion.mode == "fast" and settings.persuasion.cues is False
    pipe = presslens.Pipeline(["techniques"], settings)
    comp = pipe.components[0]
    assert comp.mode == "fast" and comp.cues is False


def test_settings_sections_from_toml_and_arguments(tmp_path):
    cfg = tmp_path / "presslens.toml"
    cfg.write_text('[presslens]\nmax_bytes = 1000\n\n[presslens.persuasion]\nmode = "balanced"\n', encoding="utf-8")
    s = Settings.load(cfg)
    assert s.max_bytes == 1000 and s.persuasion.mode == "balanced" and s.persuasion.cues is True
    s = Settings.load(cfg, persuasion={"cues": False})
    assert s.persuasion.mode == "balanced" and s.persuasion.cues is False


@pytest.mark.parametrize(("var", "value", "words"), [
    ("PRESSLENS_PERSUASION_MODE", "fastt", "persuasion.mode='fastt' is not one of"),
    ("PRESSLENS_NLP_FULL_PARSE", "maybe", "nlp.full_parse='maybe' is not a boolean"),
    ("PRESSLENS_PERSUASION_THREADS", "two", "persuasion.threads='two' is not a valid int"),
])
def test_bad_component_setting_in_the_environment(monkeypatch, var, value, words):
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=words):
        Settings.load()


def test_bad_component_setting_gives_exit_2_and_one_line():
    exe = Path(sys.executable).with_name("presslens")
    out = subprocess.run([str(exe), "demo"], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PRESSLENS_PERSUASION_MODE": "fastt"})
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "persuasion.mode='fastt'" in lines[0] and "Traceback" not in out.stderr


def test_no_environment_reads_outside_settings():
    """Settings are read in one place: no module of the package reads PRESSLENS_* variables itself
    (training scripts, which run outside the package's pipeline, are the exception)."""
    offenders = []
    for path in (REPO / "src" / "presslens").rglob("*.py"):
        rel = path.relative_to(REPO / "src" / "presslens").as_posix()
        if rel.startswith("training/") or rel == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"environ\.get\(\s*[\"']PRESSLENS|getenv\(\s*[\"']PRESSLENS|environ\[[\"']PRESSLENS_\w+[\"']\](?!\s*=)", text):
            offenders.append(rel)
    assert offenders == []


def test_thinc_backend_of_the_host_is_left_alone():
    code = (
        "from thinc.api import get_current_ops\n"
        "before = type(get_current_ops()).__name__\n"
        "from presslens.annotate import nlp\n"
        "nlp.load(True)\n"
        "print(before, type(get_current_ops()).__name__)\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    before, after = out.stdout.split()
    assert before == after
