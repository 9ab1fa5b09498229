"""The declarative base every table of the store maps onto (``store.py``, ``feedstore.py``)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
