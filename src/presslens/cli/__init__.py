"""The ``presslens`` command line: thin commands over library functions.

``presslens.cli:entry`` is the console script; :mod:`presslens.cli.main` builds the group,
:mod:`presslens.cli.output` holds the exit codes, the error -> exit code mapping and the
table / JSON / CSV output options every command uses. ``sample_path`` (the bundled sample
article, :mod:`presslens.sample`) is re-exported here for the README's examples.
"""

from presslens.cli.main import entry, main
from presslens.cli.output import EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from presslens.sample import sample_path

__all__ = ["EXIT_INTERRUPTED", "EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE", "entry", "main", "sample_path"]
