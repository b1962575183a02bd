import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bishkek_ogp.settings")

app = Celery("bishkek_ogp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each app's tasks.py
app.autodiscover_tasks(["bishkek_ogp"])  # the site's own (bishkek_ogp/tasks.py)
