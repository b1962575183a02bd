"""Date formats that Django's own locales lack (FORMAT_MODULE_PATH in settings)."""
