"""Settings of the benchmark server: the production settings, with the bench URLconf.

The URLconf adds the bare view of bench/urls.py, which thus runs behind exactly the middleware
the public pages run behind. Every other value comes from the environment the harness sets.
"""

from bishkek_ogp.settings import *  # noqa: F403
from bishkek_ogp.settings import STORAGES

ROOT_URLCONF = "bench.urls"

# The manifest as in production, without WhiteNoise's gzip and Brotli copies: compressing the
# API docs' bundles takes collectstatic about 40 s, and no benchmark fetches a static file.
# Pages resolve {% static %} through the same manifest either way.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
