"""The project has no models of its own. This module exists so that Django sends the project's
app its post_migrate signal, after every app's permissions exist (see apps.py: the roles)."""
