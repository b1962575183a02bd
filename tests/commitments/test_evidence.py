"""Evidence is a link or a checked file: judged by content, limited in size, clearly refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commitments.models import Evidence
from tests.factories import ProgressUpdateFactory
from tests.images import BOMBS, jpeg_with_exif

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def evidence(**kwargs) -> Evidence:
    return Evidence(update=ProgressUpdateFactory(), title_en="Minutes", **kwargs)


def messages(item: Evidence) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    return caught.value.messages


def test_pdf_file_is_accepted():
    item = evidence(file=SimpleUploadedFile("minutes.pdf", PDF))
    item.full_clean()
    item.save()
    assert item.file.name.endswith(".pdf")


def test_png_image_is_accepted():
    evidence(file=SimpleUploadedFile("photo.png", png_bytes())).full_clean()


@pytest.mark.parametrize("bomb", BOMBS)
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(bomb):
    item = evidence(file=SimpleUploadedFile("scan.png", BOMBS[bomb]))
    assert any("the limit is 40 megapixels" in m for m in messages(item))


def test_an_uploaded_photo_is_stored_without_its_metadata():
    item = evidence(file=SimpleUploadedFile("site-visit.jpg", jpeg_with_exif()))
    item.full_clean()
    item.save()
    with Image.open(item.file) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_link_alone_is_accepted():
    evidence(url="https://example.org/report").full_clean()


def test_program_renamed_to_pdf_is_refused():
    item = evidence(file=SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    assert any("not an accepted type" in m for m in messages(item))
    assert not Evidence.objects.exists()


def test_html_is_refused_even_when_named_as_a_document():
    item = evidence(file=SimpleUploadedFile("report.docx", b"<html><script>alert(1)</script>"))
    assert any("not an accepted type" in m for m in messages(item))


def test_pdf_named_as_image_is_refused():
    item = evidence(file=SimpleUploadedFile("photo.png", PDF))
    assert any("named .png but its content is PDF" in m for m in messages(item))


def test_truncated_image_is_refused():
    item = evidence(file=SimpleUploadedFile("photo.png", png_bytes()[:40]))
    assert any("damaged" in m for m in messages(item))


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    item = evidence(file=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert any("the limit is 1.0\xa0KB" in m for m in messages(item))


def test_neither_link_nor_file_is_refused():
    assert any("either a link or an uploaded file" in m for m in messages(evidence()))


def test_both_link_and_file_are_refused():
    item = evidence(url="https://example.org", file=SimpleUploadedFile("m.pdf", PDF))
    assert any("either a link or an uploaded file" in m for m in messages(item))
