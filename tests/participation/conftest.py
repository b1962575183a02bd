import pytest


@pytest.fixture(autouse=True)
def in_process(tasks_run_in_process):
    """Answers are emailed by a task: these tests run it in-process (see tasks_run_in_process)."""
