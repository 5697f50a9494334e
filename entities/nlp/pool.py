"""Parsing in worker processes that stay up for the whole import.

spaCy's own ``nlp.pipe(n_process=N)`` starts N fresh processes on every call and
each loads the model again; the import calls it once per batch, so a second process
gained nothing (issue 14: 142.8 s with 2 processes against 145.2 s with 1). Here the
workers are spawned once, load the pipeline once, and parse *and extract* chunks of
texts; the parent gets plain ``ArticleExtraction`` data back, in order, and is free to
write to the database meanwhile.

No ORM here, like the rest of ``entities.nlp``: a worker never opens a connection.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator, Sequence
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from spacy.language import Language

from entities.nlp.results import ArticleExtraction

logger = logging.getLogger(__name__)

# The pipeline of this worker process, loaded by _worker_start.
_worker_nlp: Language | None = None
_worker_batch_size = 32


class ExtractionFailed(Exception):
    """Extracting one text failed in a worker; the message is the worker's error."""


ChunkResult = list[ArticleExtraction | ExtractionFailed]


def _worker_start(model_name: str, max_length: int, batch_size: int) -> None:
    global _worker_nlp, _worker_batch_size
    from entities.nlp.model import load_nlp

    _worker_nlp = load_nlp(model_name)
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


class ExtractionPool:
    """``processes`` spawned workers, each with the pipeline ``model_name`` loaded once.

    Use as a context manager; ``submit`` queues a chunk and returns at once, so a caller
    can keep several chunks in flight while it stores the ones done.
    """

    def __init__(
        self, *, processes: int, model_name: str, max_length: int, batch_size: int
    ) -> None:
        self.processes = processes
        # spawn, not fork: a forked child would inherit the parent's database connections
        # and spaCy/thinc state mid-use; spawn starts clean on every platform.
        context = multiprocessing.get_context("spawn")
        self._pool: Pool = context.Pool(
            processes, initializer=_worker_start, initargs=(model_name, max_length, batch_size)
        )

    def submit(
        self, texts: Sequence[str]
    ) -> AsyncResult[list[ArticleExtraction | ExtractionFailed]]:
        """Queue one chunk of texts; its result holds their extractions, in order."""
        return self._pool.apply_async(_chunk_extract, (list(texts),))

    def extractions(
        self, texts: Sequence[str], *, chunk_size: int
    ) -> Iterator[ArticleExtraction | ExtractionFailed]:
        """Extractions for ``texts`` in order, parsed ``chunk_size`` at a time in parallel."""
        chunks = [texts[i : i + chunk_size] for i in range(0, len(texts), chunk_size)]
        for chunk in self._pool.imap(_chunk_extract, chunks):
            yield from chunk

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # On an error (or Ctrl-C) the queued chunks are not worth finishing.
        if kind is None:
            self.close()
        else:
            self.terminate()
