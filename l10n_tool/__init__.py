"""l10n: localize Markdown articles through gettext catalogs.

``import l10n_tool`` gives the Python API (``api.py``): ``l10n_tool.update(root, languages=...)``,
``status``, ``diff``, ``check``, ``build``, ``translate``, ``extract``, ``compile``, ``init``,
``import_translation``, ``tm_export``, ``tm_import``. They are imported when first used, so
that importing the package (and starting the command line) stays cheap.
"""

from .version import __version__

API = ("init", "extract", "update", "status", "diff", "check", "build", "compile", "translate",
       "import_translation", "tm_export", "tm_import")
__all__ = ["__version__", *API]


def __getattr__(name: str):
    if name in API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
