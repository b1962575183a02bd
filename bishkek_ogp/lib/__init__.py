"""Pure helpers the apps share: no models, no tasks, and never an import of an app."""
