from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html, format_html_join

from articles.models import SOURCE_FIELDS, Article, ImportJob, ImportUpload, content_hash_for
from articles.readers import SUPPORTED, file_format
from articles.services import (
    articles_delete,
    extraction_job_create,
    import_job_create,
    job_cancel,
    job_requeue,
)
from articles.unicode_forms import normal_line, without_invisible_characters
from entities.aggregates import aggregates_kept
from entities.nlp.model import SpacyModelMissing
from entities.services import article_extract, statement_dates_follow

IMPORT_PERMISSION = "articles.import_articles"
# The job page asks for its progress this often (seconds) while the job is queued or running.
JOB_REFRESH_SECONDS = 2
# The job page links this many of the job's articles on the public site.
JOB_ARTICLE_LINKS = 10


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = Article
        fields = list(SOURCE_FIELDS)

    def clean(self) -> dict:
        cleaned = super().clean()
        # The form an import stores text in (articles/unicode_forms.py). A body only when it
        # changed: its statements are then extracted again, on the cleaned text.
        for name in ("title", "author", "publisher", "image_caption"):
            if cleaned.get(name):
                cleaned[name] = normal_line(cleaned[name])
        if "body" in self.changed_data and cleaned.get("body"):
            cleaned["body"] = without_invisible_characters(cleaned["body"])
        if cleaned.get("title") and cleaned.get("body"):
            digest = content_hash_for(title=cleaned["title"], body=cleaned["body"])
            twin = Article.objects.filter(content_hash=digest).exclude(pk=self.instance.pk).first()
            if twin is not None:
                raise forms.ValidationError(
                    f"An article with the same title and text already exists: “{twin.title}”."
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "author",
        "publisher",
        "published_at",
        "statement_count",
        "extracted_at",
    ]
    list_filter = ["publisher", "published_at", "extracted_at", "import_job"]
    search_fields = ["title", "author", "publisher", "url", "source_name"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "content_hash",
        "extracted_at",
        "created_at",
        "updated_at",
        "import_job",
        "metadata",
    ]
    actions = ["extract_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": request.user.has_perm(IMPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, article: Article) -> int:
        return article.statement_total

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool
    ) -> None:
        obj.refresh_content_hash()
        # A new date moves the article's statements to another month (issue 14).
        with aggregates_kept(article_ids=[obj.pk] if change else []):
            super().save_model(request, obj, form, change)
            if change and "published_at" in form.changed_data:
                # Extraction below copies the date too; an edit of the date alone must as well.
                statement_dates_follow(article_ids=[obj.pk])
        if change and not {"title", "body"} & set(form.changed_data):
            return
        self._extract(request, obj)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        articles_delete(article_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        articles_delete(article_ids=list(queryset.values_list("pk", flat=True)))

    @admin.action(description="Run extraction again on the selected articles (in the background)")
    def extract_again(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        job = extraction_job_create(article_ids=ids, user=request.user)
        self.message_user(
            request,
            format_html(
                'Extraction of {} article(s) is queued as <a href="{}">{}</a>.',
                len(ids),
                reverse("admin:articles_importjob_change", args=[job.pk]),
                job,
            ),
            messages.SUCCESS,
        )

    def _extract(self, request: HttpRequest, article: Article) -> bool:
        try:
            found = article_extract(article=article)
        except SpacyModelMissing as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            f"Extraction found {len(found.people)} person mentions, "
            f"{len(found.countries)} country mentions and "
            f"{len(found.statements)} statements in “{article.title}”.",
            messages.INFO,
        )
        return True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the form judges each, so a bad one refuses only itself."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        chosen = data if isinstance(data, list | tuple) else [data]
        files = [item for item in chosen if item]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


def upload_refusal(upload: UploadedFile) -> str:
    """Why an uploaded file is refused before it is stored; "" when it is fine."""
    if not upload.size:
        return "empty file"
    head = upload.read(2048)
    upload.seek(0)
    kind = file_format(name=upload.name, head=head)
    if kind is None:
        return f"unknown format (supported: {SUPPORTED})"
    limit = (
        settings.NEWSBROWSER_MAX_ARCHIVE_BYTES
        if kind == "zip"
        else settings.NEWSBROWSER_MAX_FILE_BYTES
    )
    if upload.size > limit:
        return f"too big ({filesizeformat(upload.size)}; the limit is {filesizeformat(limit)})"
    return ""


class ArticleImportForm(forms.Form):
    files = MultipleFileField(
        help_text=(
            "Text, HTML, JSON, JSON Lines, RSS or Atom files, or ZIP archives of them. "
            "Several files may be chosen at once."
        )
    )
    update_existing = forms.BooleanField(
        label="Update existing articles",
        required=False,
        help_text=(
            "When an article is already imported with the same text, take its date, title, "
            "author, URL and outlet from these files. Its text is not extracted again."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.refused: list[tuple[str, str]] = []

    def clean_files(self) -> list[UploadedFile]:
        """Keep the good files; name each refused one (empty, too big, unknown format) and why."""
        accepted = []
        for upload in self.cleaned_data["files"]:
            reason = upload_refusal(upload)
            if reason:
                self.refused.append((upload.name, reason))
            else:
                accepted.append(upload)
        if not accepted:
            raise forms.ValidationError(
                [f"{name}: {reason}." for name, reason in self.refused], code="refused"
            )
        return accepted


class ImportUploadInline(admin.TabularInline):
    model = ImportUpload
    fields = ["name", "size_display", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False

    @admin.display(description="Size")
    def size_display(self, upload: ImportUpload) -> str:
        return filesizeformat(upload.size)


def job_pace(job: ImportJob, *, now: object = None) -> dict[str, object]:
    """A running job's rate (articles a minute) and time left, from its progress so far."""
    if job.status != ImportJob.Status.RUNNING or job.started_at is None:
        return {}
    elapsed = ((now or timezone.now()) - job.started_at).total_seconds()
    if elapsed <= 0:
        return {}
    pace: dict[str, object] = {"rate": job.articles_done * 60 / elapsed}
    if job.processed and job.total > job.processed:
        pace["eta"] = duration_words(elapsed / job.processed * (job.total - job.processed))
    return pace


def duration_words(seconds: float) -> str:
    """ "about 40 seconds", "about 3 minutes", "about 1 hour 5 minutes"."""
    seconds = max(round(seconds), 1)
    if seconds < 60:
        return f"about {seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} hour{'s' if hours != 1 else ''} {minutes} minutes"


class JobStateFilter(admin.SimpleListFilter):
    """Jobs by how they stand or ended, "failed" and "done with errors" included."""

    title = "status"
    parameter_name = "state"
    STATES = ("queued", "running", "done", "done with errors", "failed")

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(state, state.capitalize()) for state in self.STATES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ImportJob]) -> QuerySet[ImportJob]:
        if self.value() in self.STATES:
            return queryset.with_outcome(self.value())
        return queryset


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "state",
        "progress",
        "imported",
        "updated",
        "unchanged",
        "failed",
        "created_by",
        "created_at",
        "finished_at",
    ]
    list_filter = [JobStateFilter, "kind"]
    list_select_related = ["created_by"]
    # Status, counts, errors and links are in the progress fragment the page polls.
    fields = ["kind", "created_by", "created_at", "task_id"]
    # A job is written by the import alone: everything it shows is read-only.
    readonly_fields = [
        name for entry in fields for name in (entry if isinstance(entry, tuple) else (entry,))
    ]
    inlines = [ImportUploadInline]
    change_form_template = "admin/articles/importjob/change_form.html"
    change_list_template = "admin/articles/importjob/change_list.html"
    actions = ["requeue", "cancel"]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    @admin.action(
        description="Re-queue the selected jobs (they resume where they stopped)",
        permissions=["import"],
    )
    def requeue(self, request: HttpRequest, queryset: QuerySet[ImportJob]) -> HttpResponse | None:
        jobs = list(queryset.order_by("pk"))
        queued = [job for job in jobs if job_requeue(job_id=job.pk, user=request.user)]
        if queued:
            self.message_user(
                request,
                f"Re-queued: {', '.join(f'#{job.pk}' for job in queued)}.",
                messages.SUCCESS,
            )
        left = [f"#{job.pk}" for job in jobs if job not in queued]
        if left:
            self.message_user(
                request,
                "Only interrupted, failed or cancelled jobs can be re-queued; "
                f"left as they were: {', '.join(left)}.",
                messages.WARNING,
            )
        return self._back_to_job(jobs)

    @admin.action(
        description="Cancel the selected jobs (a running job stops at the next file)",
        permissions=["import"],
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet[ImportJob]) -> HttpResponse | None:
        jobs = list(queryset.order_by("pk"))
        results = {job.pk: job_cancel(job_id=job.pk, user=request.user) for job in jobs}
        for result, words, level in (
            ("cancelled", "Cancelled", messages.SUCCESS),
            ("stopping", "Asked to stop at the next file", messages.SUCCESS),
            ("", "Already ended, left as they were", messages.WARNING),
        ):
            chosen = [f"#{pk}" for pk, outcome in results.items() if outcome == result]
            if chosen:
                self.message_user(request, f"{words}: {', '.join(chosen)}.", level)
        return self._back_to_job(jobs)

    def _back_to_job(self, jobs: list[ImportJob]) -> HttpResponse | None:
        """After an action on one job (its page's buttons), back to its page; else the list."""
        if len(jobs) == 1:
            return HttpResponseRedirect(
                reverse("admin:articles_importjob_change", args=[jobs[0].pk])
            )
        return None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are made by the import page and the extraction action

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False  # a job's record is what happened; nobody edits it

    def has_view_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        # Whoever may import may follow their imports.
        return super().has_view_permission(request, obj) or request.user.has_perm(IMPORT_PERMISSION)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_importjob_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """The "Import articles" page: store the upload, queue a job, show the job."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            form = ArticleImportForm(request.POST, request.FILES)
        else:
            form = ArticleImportForm()
        if form.is_bound and form.is_valid():
            job = import_job_create(
                files=form.cleaned_data["files"],
                refused=form.refused,
                user=request.user,
                update_existing=form.cleaned_data["update_existing"],
            )
            self.message_user(
                request, f"{job} is queued; this page follows its progress.", messages.SUCCESS
            )
            if form.refused:
                self.message_user(
                    request,
                    format_html(
                        "Refused {} file(s), kept the rest: {}",
                        len(form.refused),
                        format_html_join("; ", "<code>{}</code> ({})", form.refused),
                    ),
                    messages.WARNING,
                )
            return HttpResponseRedirect(reverse("admin:articles_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
            "max_file_bytes": settings.NEWSBROWSER_MAX_FILE_BYTES,
            "max_archive_bytes": settings.NEWSBROWSER_MAX_ARCHIVE_BYTES,
        }
        return TemplateResponse(request, "admin/articles/importjob/import_form.html", context)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": request.user.has_perm(IMPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ):
        """The job's page; to htmx, only its progress fragment, polled while the job runs."""
        job = self.get_object(request, unquote(object_id))
        if job is None:
            return super().change_view(request, object_id, form_url, extra_context)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        extra = {**self.progress_context(job, request), **(extra_context or {})}
        if request.htmx:
            response = TemplateResponse(request, f"{self.change_form_template}#job-progress", extra)
        else:
            response = super().change_view(request, object_id, form_url, extra)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def progress_context(self, job: ImportJob, request: HttpRequest) -> dict[str, object]:
        articles = Article.objects.filter(import_job=job)
        done = not job.is_active and job.kind == ImportJob.Kind.IMPORT
        return {
            "job": job,
            "may_act": self.has_import_permission(request),
            "changelist_url": reverse("admin:articles_importjob_changelist"),
            "refresh_seconds": JOB_REFRESH_SECONDS if job.is_active else None,
            "unit": "articles" if job.kind == ImportJob.Kind.EXTRACT else "files",
            "pace": job_pace(job),
            "article_count": articles.count() if done else None,
            "article_links": list(articles.order_by("-pk")[:JOB_ARTICLE_LINKS]) if done else [],
            "admin_articles_url": reverse("admin:articles_article_changelist")
            + f"?import_job__id__exact={job.pk}",
        }

    @admin.display(description="Status", ordering="status")
    def state(self, job: ImportJob) -> str:
        """Read from the stored counts, so older jobs whose every file failed say so too."""
        return job.state

    @admin.display(description="Progress")
    def progress(self, job: ImportJob) -> str:
        unit = "articles" if job.kind == ImportJob.Kind.EXTRACT else "files"
        if not job.total:
            return "not started" if job.status == ImportJob.Status.QUEUED else "-"
        return f"{job.processed} of {job.total} {unit}"
