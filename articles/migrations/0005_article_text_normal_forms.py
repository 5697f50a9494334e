"""Stored articles' titles, authors, outlets and captions in the form imports now store.

NFKC without invisible characters (articles/unicode_forms.py), and every content hash
recomputed (it now ignores invisible characters), so importing a stored article's file
again finds it unchanged. Bodies are left as stored: their statements' offsets point
into them. An article whose new hash another article already has keeps its old hash.
"""

from django.db import migrations

LINE_FIELDS = ("title", "author", "publisher", "image_caption")


def articles_normalise(apps, schema_editor):
    from articles.models import content_hash_for
    from articles.unicode_forms import normal_line

    Article = apps.get_model("articles", "Article")
    articles = Article.objects.only("pk", "body", "content_hash", *LINE_FIELDS).order_by("pk")
    taken = set(Article.objects.values_list("content_hash", flat=True))
    for article in articles.iterator(chunk_size=500):
        changed = []
        for field in LINE_FIELDS:
            normal = normal_line(getattr(article, field))
            if normal != getattr(article, field) and normal:
                setattr(article, field, normal)
                changed.append(field)
        digest = content_hash_for(title=article.title, body=article.body)
        if digest != article.content_hash and digest not in taken:
            taken.discard(article.content_hash)
            taken.add(digest)
            article.content_hash = digest
            changed.append("content_hash")
        if changed:
            article.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_importjob_recovery")]

    operations = [migrations.RunPython(articles_normalise, migrations.RunPython.noop)]
