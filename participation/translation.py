from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from .models import Consultation, Contribution, Question


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "question", "summary")


# The bodies' answers are public statements: every change to them is kept. (A citizen's own
# words are written once, in one language, and never edited.)
for model in (Consultation, Contribution, Question):
    track_history(model, app="participation", excluded_fields=["email", "submitter_ip"])
