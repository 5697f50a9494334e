"""What came in: news articles as read from their source files."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dateparse import parse_datetime

from articles.unicode_forms import without_invisible_characters

# Stands in for the primary key when a pk_url() address is reversed once.
_PK_STAND_IN = 918_273_645_546_372_819


def pk_url(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for an address whose only argument is an ``<int:pk>``,
    from a reverse done once: a page of cards links each card's article and statement, and
    a reverse costs more than the rest of the card's link (docs/performance.md, "Render
    time"). Keyed on the URLconf and script prefix, so neither can go stale."""
    head, tail = _pk_url_parts(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=64)
def _pk_url_parts(viewname: str, prefix: str, urlconf: str) -> tuple[str, str]:
    # ``prefix`` is only part of the key: reverse() reads the same one from the thread.
    url = reverse(viewname, urlconf=urlconf, args=[_PK_STAND_IN])
    head, stand_in, tail = url.partition(str(_PK_STAND_IN))
    if not stand_in:
        raise ValueError(f"{viewname} does not take the pk as its address's only part")
    return head, tail


# What a source file says about an article: the fields an import or an admin writes.
SOURCE_FIELDS = (
    "title",
    "body",
    "author",
    "publisher",
    "url",
    "published_at",
    "image_caption",
    "source_name",
)
# What a re-import may change without touching the words, so without extracting again.
METADATA_FIELDS = ("title", "author", "publisher", "url", "published_at", "image_caption")


def content_hash_for(*, title: str, body: str) -> str:
    """A fingerprint of an article's words that ignores case, whitespace and invisible characters.

    Invisible characters are removed from what an import stores; ignoring them here too
    keeps a body stored with them (before they were removed) the same article.
    """
    text = without_invisible_characters(f"{title}\n{body}")
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def with_outcome(self, outcome: str) -> ImportJobQuerySet:
        """Jobs in one of the states ``ImportJob.state`` names, read from the stored counts.

        Jobs recorded "done" before jobs learnt to say "failed" count as failed when
        something failed and nothing was stored, as ``ImportJob.outcome`` says.
        """
        stored = models.F("imported") + models.F("updated") + models.F("unchanged")
        jobs = self.alias(stored=stored)
        nothing_stored = Q(failed__gt=0, stored=0)
        Status = ImportJob.Status
        if outcome == "failed":
            return jobs.filter(Q(status=Status.FAILED) | Q(nothing_stored, status=Status.DONE))
        if outcome == "done with errors":
            return jobs.filter(status=Status.DONE, failed__gt=0, stored__gt=0)
        if outcome == "done":
            return jobs.filter(status=Status.DONE, failed=0)
        return jobs.filter(status=outcome)


class ImportJob(models.Model):
    """A background import of uploaded files, or a re-extraction of chosen articles."""

    class Kind(models.TextChoices):
        IMPORT = "import", "Import of uploaded files"
        EXTRACT = "extract", "Extraction run again"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        # Its worker stopped or vanished mid-job; a worker re-queues it (see jobs_recover).
        INTERRUPTED = "interrupted", "Interrupted"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMPORT)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Files (or articles) to process.")
    processed = models.PositiveIntegerField(default=0, help_text="Files (or articles) done.")
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="One {source, reason} entry per failed file or record."
    )
    article_ids = models.JSONField(
        default=list, blank=True, help_text="Articles to extract again (extraction jobs only)."
    )
    message = models.TextField(blank=True, help_text="Why the job as a whole failed.")
    task_id = models.CharField(max_length=64, blank=True)
    update_existing = models.BooleanField(
        default=False,
        help_text="Update the metadata of known articles whose text is unchanged.",
    )
    # Recovery: who runs the job, whether it is still alive, and what is done for good.
    worker = models.CharField(
        max_length=120, blank=True, help_text="host:pid:token of the attempt running the job."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker running the job."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker started it.")
    checkpoint = models.JSONField(
        default=dict,
        blank=True,
        help_text="Parts finished for good and the counts as they were then, to resume from.",
    )
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    events = models.JSONField(
        default=list,
        blank=True,
        help_text="What happened to the job: one {at, event, detail, by} entry per event.",
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("import_articles", "Can import articles from uploaded files")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.state.lower()})"

    @property
    def is_active(self) -> bool:
        """Queued, running, or interrupted and waiting to be re-queued by a worker."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING, self.Status.INTERRUPTED)

    @property
    def can_cancel(self) -> bool:
        return self.is_active and self.cancel_requested_at is None

    @property
    def can_requeue(self) -> bool:
        """Whether it may be queued again by hand: it stopped before its end."""
        return self.status in (self.Status.INTERRUPTED, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def history(self) -> list[dict[str, object]]:
        """The events, oldest first, each with its time as a datetime (for the job page)."""
        return [{**event, "at": _event_time(event.get("at"))} for event in self.events]

    @property
    def articles_done(self) -> int:
        """Articles stored or confirmed so far (failures excluded)."""
        return self.imported + self.updated + self.unchanged

    @property
    def outcome(self) -> str:
        """How the job ended, for its page: "done", "done with errors", "failed" or "cancelled".

        "" while the job is active. A job that ran but stored nothing while something failed
        is "failed", never "done".
        """
        if self.is_active:
            return ""
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.FAILED or (self.failed and not self.articles_done):
            return "failed"
        return "done with errors" if self.failed else "done"

    @property
    def state(self) -> str:
        """What the job lists and pages say: "Queued", "Running", or how it ended."""
        return self.outcome.capitalize() if self.outcome else self.get_status_display()


def _event_time(value: object) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _upload_path(upload: ImportUpload, filename: str) -> str:
    return f"imports/job-{upload.job_id}/{filename}"


class ImportUpload(models.Model):
    """A file uploaded for an import job, kept under MEDIA_ROOT."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=_upload_path, max_length=500)
    name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["job", "name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def recent(self) -> ArticleQuerySet:
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-created_at")


class Article(models.Model):
    title = models.CharField(max_length=500)
    body = models.TextField()
    author = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    image_caption = models.TextField(blank=True)
    source_name = models.CharField(
        max_length=500, blank=True, help_text="File the article was imported from."
    )
    content_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of title and body."
    )
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    metadata = models.JSONField(
        default=dict, blank=True, help_text="Source fields with no column of their own."
    )
    import_job = models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The admin import that brought the article in or last updated it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            # Re-importing the same page must find the row it made, never add another.
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_unique_url"
            ),
        ]
        indexes = [models.Index(fields=["source_name"], name="article_source_name_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return pk_url("articles:detail", self.pk)

    @property
    def original_url(self) -> str:
        """The source's address if it is a web (http or https) one, else "": safe to link.

        Imported text is hostile: a ``javascript:`` or ``data:`` address must never become a link.
        """
        url = self.url.strip()
        try:
            parts = urlsplit(url)
        except ValueError:
            return ""
        return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""

    def refresh_content_hash(self) -> None:
        self.content_hash = content_hash_for(title=self.title, body=self.body)
