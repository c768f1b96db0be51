"""Realistic comment texts for the generated data set.

The texts come from the test corpus of Spanish comments (tests/digest_corpus.py): campaign
variants (one text sent many times with small changes) and comments written independently on
the same subjects. A pool is built once and drawn from, so that a million comments cost about
as much to generate as a million copies of one sentence, while the busiest consultation's
thread, the search index and the comment digest see varied text of realistic length.
"""
from __future__ import annotations

import importlib.util
import random
from html import escape
from pathlib import Path

_CORPUS_FILE = Path(__file__).resolve().parent.parent / "tests" / "digest_corpus.py"
POOL_SIZE = 20_000
CAMPAIGN_SHARE = 0.3  # of the comments, in the busiest consultation


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("digest_corpus", _CORPUS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CommentTexts:
    """`text(k, campaigns)` -> (body_text, body_html) of the k-th comment: deterministic."""

    def __init__(self, seed: int = 11, pool_size: int = POOL_SIZE):
        corpus = _load_corpus_module()
        rng = random.Random(seed)
        self.independent = [
            corpus._independent(rng, corpus.STOCK_OPENINGS[n % 3] if n % 4 == 0 else None)
            for n in range(pool_size)]
        self.campaign = [corpus._variant(corpus.CAMPAIGNS[n % len(corpus.CAMPAIGNS)], rng)
                         for n in range(pool_size // 4)]
        self._html = {}

    def text(self, k: int, campaigns: bool) -> tuple[str, str]:
        # A multiplicative hash spreads neighbouring comments over the pool.
        spread = (k * 2_654_435_761) & 0xFFFFFFFF
        if campaigns and spread % 100 < CAMPAIGN_SHARE * 100:
            body = self.campaign[spread % len(self.campaign)]
        else:
            body = self.independent[spread % len(self.independent)]
        html = self._html.get(body)
        if html is None:
            html = self._html[body] = f"<p>{escape(body, quote=False)}</p>"
        return body, html
