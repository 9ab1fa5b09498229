"""Write examples/pile/articles.jsonl: the MultiLing 2011 WikiNews articles (CC BY) and the
NATO reports of examples/nato-libya-2011, as an article JSONL pile for `newsfuse cluster`.

    python benchmarks/example_pile.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import REPO, SHARED_DATA, require

MULTILING = SHARED_DATA / "multiling2011-pilot-english" / "SourceTexts"
NATO = REPO / "examples" / "nato-libya-2011"
OUT = REPO / "examples" / "pile" / "articles.jsonl"
_DATE_TITLE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})\s+(.*)$")  # an optional date before it
NATO_ARTICLES = {
    "aljazeera.txt": ("Al Jazeera", "NATO announces end of Libya mission"),
    "cbsnews.txt": ("CBS News", "NATO ending 7-month mission in Libya"),
}


def records() -> list[dict[str, str]]:
    out = []
    for path in sorted(require(MULTILING).glob("M*.english")):
        text = path.read_text(encoding="utf-8").strip()
        first, _, body = text.partition("\n")
        record = {"id": f"wikinews-{path.stem}", "text": body.strip(), "title": first.strip()}
        found = _DATE_TITLE.match(first.strip())
        if found:
            year, month, day, title = found.groups()
            record.update(title=title.strip(), published=f"{year}-{month}-{day}")
        record["source"] = "Wikinews"
        out.append(record)
    for name, (source, title) in NATO_ARTICLES.items():
        text = (NATO / name).read_text(encoding="utf-8")
        out.append(
            {"id": f"nato-{Path(name).stem}", "text": text, "title": title, "source": source}
        )
    return out


if __name__ == "__main__":
    rows = records()
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles -> {OUT}")
