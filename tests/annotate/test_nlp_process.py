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
