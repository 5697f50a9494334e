"""Parsing in worker processes that stay up for the whole import.

spaCy's own ``nlp.pipe(n_process=N)`` starts N fresh processes on every call and
each loads the model again; the import calls it once per batch, so a second process
gained nothing (issue 14: 142.8 s with 2 processes against 145.2 s with 1). Here the
workers start once and parse *and extract* chunks of texts; the parent gets plain
``ArticleExtraction`` data back, in order, and is free to write to the database meanwhile.

Where the platform forks (Linux), the workers are forked from a parent that has the
pipeline loaded, as spaCy's own ``n_process`` does: they start in milliseconds and share
the model's memory, instead of each importing spaCy and loading the model for seconds of
CPU (about a tenth of the CPU of a 200-article import with two workers). Elsewhere they
are spawned and load it once each.

No ORM here, like the rest of ``entities.nlp``: a worker never opens a connection.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from spacy.language import Language

from entities.nlp.results import ArticleExtraction

logger = logging.getLogger(__name__)

# The pipeline of this worker process, set by _worker_start.
_worker_nlp: Language | None = None
_worker_batch_size = 32
# The parent's loaded pipeline, set just before the workers are forked so they inherit it.
_forked_nlp: Language | None = None


class ExtractionFailed(Exception):
    """Extracting one text failed in a worker; the message is the worker's error."""


ChunkResult = list[ArticleExtraction | ExtractionFailed]


def _worker_start(model_name: str, max_length: int, batch_size: int) -> None:
    global _worker_nlp, _worker_batch_size
    from entities.nlp.model import load_nlp

    # A forked worker has the parent's pipeline already; a spawned one loads its own.
    _worker_nlp = _forked_nlp if _forked_nlp is not None else load_nlp(model_name)
    _worker_nlp.max_length = max(_worker_nlp.max_length, max_length)
    _worker_batch_size = batch_size


def _chunk_extract(texts: Sequence[str]) -> ChunkResult:
    """Extractions for one chunk; if the chunk fails, text by text to isolate the culprit."""
    from entities.nlp.extract import extractions_for

    assert _worker_nlp is not None, "worker not started"
    try:
        return list(extractions_for(texts, nlp=_worker_nlp, batch_size=_worker_batch_size))
    except Exception:
        logger.exception("chunk extraction failed in a worker; retrying text by text")
    results: ChunkResult = []
    for text in texts:
        try:
            results.extend(extractions_for([text], nlp=_worker_nlp, batch_size=1))
        except Exception as error:
            # Re-raised as a plain exception: any error pickles back to the parent this way.
            results.append(ExtractionFailed(f"{type(error).__name__}: {error}"))
    return results


def forks() -> bool:
    """Whether workers are forked from the parent (which then loads the model first)."""
    return "fork" in multiprocessing.get_all_start_methods()


class ExtractionPool:
    """``processes`` workers with the pipeline ``model_name``: forked from a parent that
    passes ``nlp`` (loaded) where the platform forks, else spawned, loading it once each.

    ``submit`` queues a chunk and returns at once, so a caller can keep several chunks in
    flight and take their results in the order it sent them, storing each meanwhile;
    ``close`` when done, ``terminate`` to abandon what is queued.
    """

    def __init__(
        self,
        *,
        processes: int,
        model_name: str,
        max_length: int,
        batch_size: int,
        nlp: Language | None = None,
    ) -> None:
        global _forked_nlp
        self.processes = processes
        method = "fork" if nlp is not None and forks() else "spawn"
        if method == "fork":
            # ProcessPoolExecutor forks every worker at the first submit, before its own
            # thread starts (CPython refuses to fork after), so this is what they inherit.
            # A forked worker also inherits the parent's database connections: it never
            # touches them (no ORM in entities.nlp) and leaves through os._exit, which
            # closes nothing, so the parent's connection is left as it was.
            _forked_nlp = nlp
        # A process pool executor rather than multiprocessing.Pool: when a worker dies (out
        # of memory, a crash in compiled code) its futures raise BrokenProcessPool instead
        # of waiting for ever.
        self._executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_start,
            initargs=(model_name, max_length, batch_size),
        )

    def submit(self, texts: Sequence[str]) -> Future[ChunkResult]:
        """Queue one chunk of texts; its result holds their extractions, in order."""
        return self._executor.submit(_chunk_extract, list(texts))

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def terminate(self) -> None:
        """Drop the chunks not started; the workers exit after the chunk each is parsing."""
        self._executor.shutdown(wait=False, cancel_futures=True)
