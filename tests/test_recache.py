"""The regular-expression cache of the ``presslens`` command (presslens.recache, docs/performance.md):
the same pattern objects as Python's own compile, nothing built from an article on disk."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from presslens import recache

# Patterns of every shape the _sre program has: groups (named, numbered, non-capturing), flags
# inline and outside, classes, repeats, look-arounds, back references, bytes, Unicode.
PATTERNS = [
    (r"(?P<word>[^\W\d_]+)\s+(?:of|the)\b", 0),
    (r"(?i)according\s+to\s+(?P<who>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)", 0),
    (r"^\s*(?:by|von)\s+(.+?)(?:,\s*(\d{4}))?$", re.MULTILINE | re.IGNORECASE),
    (r"(?<![\w’'.-])((?:[A-Z]\w+ ){1,2})Smith(?![\w-])", 0),
    (r"(['\"“])(.*?)\1", re.DOTALL),
    (r"\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*(?:%|per\s?cent)", re.VERBOSE),
    (rb"[\x00-\x1f]+|\r\n", 0),
    (r"[а-яё]+|[一-龥]{2,}|ß", re.IGNORECASE),
]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(recache, "MIN_GAIN_S", 0.0)  # these few patterns compile in well under 5 ms
    re.purge()  # re's own in-process cache would answer before the compile
    yield tmp_path
    recache.uninstall()


def _fresh(pattern: str | bytes, flags: int) -> re.Pattern:
    from re import _compiler  # type: ignore[attr-defined]

    return (recache._state["original"] or _compiler.compile)(pattern, flags)


def test_cached_patterns_are_the_same_objects_as_a_fresh_compile(cache_dir: Path):
    assert recache.install(cache_dir)
    with recache.recording():
        first = [re.compile(p, f) for p, f in PATTERNS]
    recache.save()
    recache.uninstall()
    re.purge()
    assert recache.install(cache_dir)
    assert len(recache._state["table"]) >= len(PATTERNS)
    again = [re.compile(p, f) for p, f in PATTERNS]
    for (p, f), a, b in zip(PATTERNS, first, again, strict=True):
        fresh = _fresh(p, f)
        assert b == fresh, p  # Pattern.__eq__ compares the flags and the whole _sre program
        assert (b.flags, b.groups, b.groupindex) == (fresh.flags, fresh.groups, fresh.groupindex) == (a.flags, a.groups, a.groupindex)
    text = "According to Ana Maria Reyes, 1,234.5 per cent of the \"people\" — by Jan Smith, 2021\r\nЖурнал 报告书 STRASSE"
    for a, b in zip(first, again, strict=True):
        subject = text.encode() if isinstance(a.pattern, bytes) else text
        assert [m.span() for m in a.finditer(subject)] == [m.span() for m in b.finditer(subject)]
    assert recache._state["used"], "the second install answered from the file"


def test_patterns_built_at_run_time_never_reach_the_disk(cache_dir: Path):
    # A surname from an article (annotate/sourcing/names.py) is compiled outside imports and recording().
    assert recache.install(cache_dir)
    re.purge()
    private = re.compile(r"(?<![\w-])" + re.escape("Zyxwvutsky") + r"(?![\w-])")
    with recache.recording():
        for p, f in PATTERNS:
            re.compile(p, f)
    recache.save()
    stored = marshal.loads(next(cache_dir.iterdir()).read_bytes())[1]
    assert (private.pattern, int(private.flags & ~re.UNICODE)) not in stored
    assert not any("Zyxwvutsky" in str(p) for p, _ in stored)


def test_another_threads_recording_does_not_record_this_thread(cache_dir: Path):
    # A server may load spaCy (inside recording()) in one thread while another analyses an article.
    import threading

    assert recache.install(cache_dir)
    inside, done = threading.Event(), threading.Event()

    def loader() -> None:
        with recache.recording():
            re.compile(PATTERNS[0][0], PATTERNS[0][1])
            inside.set()
            done.wait(10)

    t = threading.Thread(target=loader)
    t.start()
    assert inside.wait(10)
    re.compile(r"(?<![\w-])Qwertyuiopsky(?![\w-])")
    done.set()
    t.join()
    table = recache._state["table"]
    assert (PATTERNS[0][0], PATTERNS[0][1]) in table
    assert not any("Qwertyuiopsky" in str(p) for p, _ in table)


def test_a_bad_or_foreign_file_is_ignored_and_replaced(cache_dir: Path):
    path = cache_dir / f"regex-{sys.implementation.cache_tag}.marshal"
    path.write_bytes(b"not marshal at all")
    assert recache.install(cache_dir)
    assert recache._state["table"] == {}
    recache.uninstall()
    path.write_bytes(marshal.dumps(("another python", {("x", 0): (0, b"", 0, {}, ())})))
    assert recache.install(cache_dir)
    assert recache._state["table"] == {}
    re.purge()
    with recache.recording():
        for p, f in PATTERNS:
            re.compile(p, f)
    recache.save()
    assert marshal.loads(path.read_bytes())[0] == recache._key()


def test_off_means_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from presslens.settings import cache_dir

    monkeypatch.setenv("PRESSLENS_CACHE_DIR", "off")
    assert cache_dir() is None
    assert not recache.install(None)
    monkeypatch.setenv("PRESSLENS_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("PRESSLENS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "presslens"


def _analyze(path: Path, cache: str) -> str:
    env = {**os.environ, "PRESSLENS_CACHE_DIR": cache}
    code = "import sys; from presslens.cli_entry import entry; sys.exit(entry())"
    out = subprocess.run([sys.executable, "-c", code, "analyze", str(path), "--json"], env=env, capture_output=True, text=True,
                         check=True, timeout=300)
    return out.stdout


@pytest.mark.slow
def test_the_command_gives_the_same_record_with_a_cold_a_warm_and_no_cache(tmp_path: Path):
    from presslens.cli import sample_path

    sample = sample_path("md")
    cold = _analyze(sample, str(tmp_path))
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    warm = _analyze(sample, str(tmp_path))
    plain = _analyze(sample, "off")
    assert cold == warm == plain
    assert json.loads(warm)["annotations"]["techniques"]
    key, table = marshal.loads(files[0].read_bytes())
    assert len(table) > 300  # spaCy's tokenizer, presslens's rules and annotators, the libraries' imports
    # Every stored program is the one Python builds for that pattern today.
    import _sre
    from array import array

    for (p, f), (ff, code, groups, gi, ig) in table.items():
        assert _sre.compile(p, ff, array("I", code).tolist(), groups, gi, ig) == _fresh(p, f), p


def test_a_damaged_entry_is_compiled_afresh(cache_dir: Path):
    """A file from this Python whose program for a pattern is damaged (a half-written disk, an edit):
    _sre rejects the program and the pattern is compiled the ordinary way, right."""
    from array import array

    pattern, flags = PATTERNS[0]
    path = cache_dir / f"regex-{sys.implementation.cache_tag}.marshal"
    damaged = (int(re.UNICODE), array("I", [99999, 1, 2, 3]).tobytes(), 1, {"word": 1}, (None, "word"))
    path.write_bytes(marshal.dumps((recache._key(), {(pattern, flags): damaged})))
    assert recache.install(cache_dir)
    re.purge()
    compiled = re.compile(pattern, flags)
    assert compiled == _fresh(pattern, flags)
    assert (pattern, flags) not in recache._state["table"]
