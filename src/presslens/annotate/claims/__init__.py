"""What an article claims: numeric claims and their consistency, and check-worthiness per sentence.

Modules: :mod:`.numbers` (quantities in a sentence: values, ranges, qualifiers, units, change),
with :mod:`.vocab` (number words, currencies, units) and :mod:`.exclusions` (what is not a
quantity); :mod:`.figures` (the ``claims`` component: numeric claims with what is counted, their
source and hedges); :mod:`.checks` (arithmetic checks between figures, with a verdict) and
:mod:`.checkworthy` (the ``checkworthy`` component). See docs/claims.md.
"""

from presslens.annotate.claims.checks import find_consistency
from presslens.annotate.claims.checkworthy import CheckworthyAnnotator, score_article
from presslens.annotate.claims.figures import ClaimAnnotator, find_claims
from presslens.annotate.claims.numbers import Quantity, find_quantities

__all__ = ["CheckworthyAnnotator", "ClaimAnnotator", "Quantity", "find_claims", "find_consistency", "find_quantities",
           "score_article"]
