"""The second pass of `make test` really runs on PostgreSQL and Redis."""

import pytest
from celery import current_app
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from commitments.models import Milestone
from tests.factories import MilestoneFactory


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 130000


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_enforces_the_milestone_check_constraint():
    milestone = MilestoneFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=milestone.pk).update(status="completed", progress=10)


@pytest.mark.redis
def test_cache_round_trips_through_redis():
    cache.set("probe", {"answer": 42}, 30)
    assert cache.get("probe") == {"answer": 42}
    client = cache.client.get_client()
    assert client.ping() is True


@pytest.mark.redis
def test_celery_publishes_to_the_redis_broker():
    assert current_app.conf.task_always_eager is False
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport.driver_type == "redis"
