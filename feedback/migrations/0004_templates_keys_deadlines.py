import datetime

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models



def fill_answer_deadlines(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    for feedback in Feedback.objects.filter(answer_due_at__isnull=True).select_related("service"):
        feedback.answer_due_at = feedback.created_at + datetime.timedelta(
            days=feedback.service.response_days
        )
        feedback.save(update_fields=["answer_due_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0003_moderator_role'),
    ]

    operations = [
        migrations.CreateModel(
            name='Open311Key',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('prefix', models.CharField(editable=False, max_length=8, verbose_name='key starts with')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used at')),
            ],
            options={
                'verbose_name': 'Open311 API key',
                'verbose_name_plural': 'Open311 API keys',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ResponseTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('received', 'Received'), ('in_review', 'In review'), ('in_progress', 'In progress'), ('resolved', 'Resolved'), ('rejected', 'Rejected'), ('duplicate', 'Duplicate')], max_length=20, verbose_name='for status')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('text', models.TextField(blank=True, verbose_name='answer text')),
                ('text_ky', models.TextField(blank=True, null=True, verbose_name='answer text')),
                ('text_ru', models.TextField(blank=True, null=True, verbose_name='answer text')),
                ('text_en', models.TextField(blank=True, null=True, verbose_name='answer text')),
                ('active', models.BooleanField(default=True, verbose_name='offered to moderators')),
            ],
            options={
                'verbose_name': 'response template',
                'verbose_name_plural': 'response templates',
                'ordering': ['status', 'name'],
            },
        ),
        migrations.AddField(
            model_name='feedback',
            name='answer_due_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answer due by'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='last changed'),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='submitted at'),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='description',
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='source',
            field=models.CharField(choices=[('web', 'Web form'), ('open311', 'Open311')], default='web', max_length=10, verbose_name='received through'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='submitted_via',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feedback', to='feedback.open311key', verbose_name='Open311 key'),
        ),
        migrations.RunPython(fill_answer_deadlines, migrations.RunPython.noop),
    ]
