"""uvicorn entry point: ``uvicorn xl_addin.server.asgi:app`` (what ``nianbao serve`` runs).

Settings come from the environment (and ``NIANBAO_CONFIG``), see ``settings.py``.
"""
from xl_addin.server import create_app
from xl_addin.server import settings as _settings

_settings.apply_config_file(None)
app = create_app()
