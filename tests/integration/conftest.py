"""pytest fixtures shared by the integration tests: a Sluice server per test module."""
import pytest

from sluice_server import SluiceServer


@pytest.fixture(scope="module")
def server():
    instance = SluiceServer().start()
    yield instance
    instance.cleanup()
