"""What came in: news articles as read from their source files."""

from __future__ import annotations

import hashlib
import re

from django.db import models
from django.db.models import Q
from django.urls import reverse


def content_hash_for(*, title: str, body: str) -> str:
    """A fingerprint of an article's words that ignores case and whitespace."""
    normalised = re.sub(r"\s+", " ", f"{title}\n{body}").strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


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
        return reverse("articles:detail", args=[self.pk])

    def refresh_content_hash(self) -> None:
        self.content_hash = content_hash_for(title=self.title, body=self.body)
