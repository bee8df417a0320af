"""Who is who across the story: mentions clustered into people, organisations and places.

Evidence, in order:
1. aliases the texts declare: a nickname in quotes inside a name (Dámaso "El Tordo"
   Quintero), "known as"/"alias"/"conocido como", and a bracketed acronym or
   translation after a name ("Department of Justice (DOJ)", "Cártel de Sinaloa
   (Sinaloa Cartel)"); every declared name is then found wherever it occurs;
2. a type per name from the whole story: the parser's votes, a title before a
   name (person), organisational words (organisation), place prepositions and
   datelines (place) - so one mislabelled mention does not decide;
3. merges within a type only: the same name up to accents, case and titles; a
   surname or first name to the one full name in the story that has it (left
   alone when two people share it); a shorter organisation name to the one
   longer name that contains it. A place is never merged into an organisation
   that carries its name (Culiacán / Culiacán Police Department).
"""
from __future__ import annotations

from . import evaluate
from .entities import key, resolve

__all__ = ["evaluate", "key", "resolve"]
