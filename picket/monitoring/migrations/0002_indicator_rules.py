"""Indicator rules as stored data (ADR 18), seeded from the shipped data/indicators.toml.

Later changes to the file are merged with administrators' edits from the indicators page (idempotent,
reports conflicts); see picket/monitoring/indicator_catalogue.py.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def load(apps, schema_editor):
    from picket.monitoring.indicator_catalogue import load_indicators

    load_indicators(
        rule_model=apps.get_model("monitoring", "IndicatorRule"),
        revision_model=apps.get_model("monitoring", "IndicatorRevision"),
        version_model=apps.get_model("monitoring", "IndicatorSetVersion"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0001_storage'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IndicatorRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=41, unique=True, verbose_name='id')),
                ('position', models.PositiveIntegerField(default=0)),
                ('kind', models.CharField(choices=[('pattern', 'Words in the ad (patterns)'), ('minor_age', 'An age asked for below a limit'), ('adult_only', 'An adult-only statement'), ('licence', 'A licence or registration number')], default='pattern', max_length=12, verbose_name='kind')),
                ('age_below', models.PositiveSmallIntegerField(default=18, verbose_name='age below')),
                ('weight', models.FloatField(verbose_name='weight')),
                ('decisive', models.BooleanField(default=False, verbose_name='decisive')),
                ('description', models.TextField(verbose_name='description')),
                ('law', models.CharField(max_length=300, verbose_name='law')),
                ('patterns_en', models.JSONField(blank=True, default=list, verbose_name='patterns (English)')),
                ('patterns_hinglish', models.JSONField(blank=True, default=list, verbose_name='patterns (Hinglish)')),
                ('patterns_hi', models.JSONField(blank=True, default=list, verbose_name='patterns (Devanagari)')),
                ('unless_before', models.JSONField(blank=True, default=list, verbose_name='not when just before')),
                ('unless_after', models.JSONField(blank=True, default=list, verbose_name='not when just after')),
                ('requires', models.JSONField(blank=True, default=list, verbose_name='only with')),
                ('positive_examples', models.JSONField(default=list, verbose_name='examples that fire')),
                ('negative_examples', models.JSONField(default=list, verbose_name='examples that do not fire')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('loaded_values', models.JSONField(blank=True, editable=False, null=True)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['position', 'code'],
            },
        ),
        migrations.CreateModel(
            name='IndicatorSetVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(default=1)),
                ('token', models.CharField(max_length=32)),
                ('changed_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='IndicatorRescore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('since', models.DateField(verbose_name='since')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
                ('reason', models.TextField(verbose_name='reason')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10)),
                ('set_version', models.PositiveIntegerField(default=0)),
                ('ads_rescored', models.PositiveIntegerField(default=0)),
                ('ads_changed', models.PositiveIntegerField(default=0)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='IndicatorRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('file', 'Indicators file loaded'), ('created', 'Created by an administrator'), ('edited', 'Edited by an administrator'), ('deactivated', 'Deactivated'), ('reactivated', 'Reactivated')], max_length=12)),
                ('changed_at', models.DateTimeField(auto_now_add=True)),
                ('before', models.JSONField(default=dict)),
                ('after', models.JSONField(default=dict)),
                ('reason', models.TextField(verbose_name='reason')),
                ('set_version', models.PositiveIntegerField(default=0)),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='revisions', to='monitoring.indicatorrule')),
            ],
            options={
                'ordering': ['-changed_at', '-pk'],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
