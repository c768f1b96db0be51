"""Translation catalogue checks and upkeep.

`python -m participa.catalogues fill-english PO` copies each English source text into the
en catalogue (the source strings are English), so only Spanish needs a translator;
`python -m participa.catalogues apply PO FILE.json` fills a catalogue from {msgid: text}.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def incomplete_messages(po_path: Path) -> list[str]:
    """Message ids that are untranslated or fuzzy in the catalogue."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


def fill_english(po_path: Path) -> int:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_previous=False)
    return filled


def apply_translations(po_path: Path, json_path: Path) -> list[str]:
    """Fill a catalogue from a JSON object {msgid: translation}; return ids still missing."""
    import json

    translations = json.loads(Path(json_path).read_text(encoding="utf-8"))
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, sort_output=True, include_previous=False)
    return incomplete_messages(po_path)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "fill-english":
        print(f"{fill_english(Path(sys.argv[2]))} English messages filled")
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        missing = incomplete_messages(Path(sys.argv[2]))
        print("\n".join(missing))
        sys.exit(1 if missing else 0)
    elif len(sys.argv) == 4 and sys.argv[1] == "apply":
        missing = apply_translations(Path(sys.argv[2]), Path(sys.argv[3]))
        print(f"{len(missing)} messages still untranslated")
        print("\n".join(missing))
    else:
        sys.exit("usage: python -m participa.catalogues fill-english|check PO_FILE"
                 " | apply PO_FILE TRANSLATIONS.json")
