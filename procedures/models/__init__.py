"""Models of the procedures app, one module per subject; import them from here."""

from .contacts import Hotline, ProcedureSettings

__all__ = ["Hotline", "ProcedureSettings"]
