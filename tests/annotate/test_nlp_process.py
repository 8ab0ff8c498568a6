"""Process-level costs of the NLP base: no torch import through thinc, one BLAS thread in pool workers."""

import json
import subprocess
import sys


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_loading_spacy_never_imports_torch():
    got = _run(
        "import json, sys; from presslens.annotate import nlp; nlp.load(); "
        "print(json.dumps({'torch': 'torch' in sys.modules, 'thinc': 'thinc' in sys.modules}))"
    )
    assert got == {"torch": False, "thinc": True}


def test_torch_stays_importable_after_spacy_when_installed():
    got = _run(
        "import json, importlib.util; from presslens.annotate import nlp; nlp.load(); "
        "ok = importlib.util.find_spec('torch') is None\n"
        "if not ok:\n    import torch; ok = hasattr(torch, 'tensor')\n"
        "print(json.dumps({'ok': ok}))"
    )
    assert got == {"ok": True}


def test_pool_workers_keep_blas_on_one_thread():
    # numpy is not imported before the call: the limit must hold for a BLAS loaded afterwards too.
    got = _run(
        "import json, sys; from presslens.pipeline import one_math_thread; before = 'numpy' in sys.modules; "
        "one_math_thread(); from presslens.annotate import nlp; nlp.load(); "
        "from threadpoolctl import threadpool_info; "
        "print(json.dumps({'before': before, "
        "'threads': sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] in ('blas', 'openmp')})}))"
    )
    assert got["threads"] == [1], got


def test_spacy_loads_without_its_command_line_and_keeps_it_importable():
    # spaCy's CLI (typer, requests, weasel) is left out of the import (start-up); it still imports on demand.
    got = _run(
        "import json, sys; from presslens.annotate import nlp; nlp.load(); "
        "before = sorted(m for m in ('spacy.cli', 'typer', 'requests', 'weasel') if m in sys.modules); "
        "import spacy.cli, spacy; "
        "print(json.dumps({'before': before, 'cli': hasattr(spacy.cli, 'download'), 'info': callable(spacy.info)}))"
    )
    assert got == {"before": [], "cli": True, "info": True}


def test_the_bare_tokenizer_load_gives_spacys_own_tokenizer():
    # load() starts from an empty tokenizer and reads the model's file: the same rules, byte for byte.
    got = _run(
        "import json; from presslens.annotate import nlp; ours = nlp.load(); import spacy; "
        "plain = spacy.load(nlp.MODEL, exclude=['lemmatizer', 'attribute_ruler']); "
        "text = \"Don't e-mail the U.S. office at http://example.org :) -- it's 5km away, (they said).\"; "
        "print(json.dumps({'bytes': ours.tokenizer.to_bytes(exclude=['vocab']) == plain.tokenizer.to_bytes(exclude=['vocab']), "
        "'tokens': [t.text for t in ours.make_doc(text)] == [t.text for t in plain.make_doc(text)]}))"
    )
    assert got == {"bytes": True, "tokens": True}


def test_structure_only_analyze_imports_no_model_library():
    # `presslens analyze --components none` answers in ~0.5 s because it loads none of these.
    code = (
        "import json, sys; from presslens.cli import main\n"
        "try:\n    main(['analyze', '--components', 'none', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('spacy', 'thinc', 'onnxruntime', 'sklearn', 'tokenizers', 'numpy', 'presslens.annotate', 'presslens.store')\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))"
    )
    from presslens.sample import sample_path

    out = subprocess.run([sys.executable, "-c", code, str(sample_path("md"))], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
