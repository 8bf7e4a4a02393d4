"""The search index shipped with the site: a script file, because a file:// page may not fetch() JSON."""

from __future__ import annotations

import json

from ictgraph.publish.site.data import SiteData, fold

VARIABLE = "ICTGRAPH_SEARCH"


def search_entries(data: SiteData, topics: dict[str, list[str]]) -> list[dict[str, str]]:
    """One entry per record and topic: page path inside a language tree, both labels, other names, class."""
    entries = []
    for rec in sorted(data.records.values(), key=lambda r: r.key):
        alt = sorted({a.value for a in data.alt_labels.get(rec.iri, [])})
        cls = rec.classes[0]
        entries.append({"p": f"id/{rec.key}.html", "ja": data.own_label(rec.iri, "ja"),
                        "en": data.own_label(rec.iri, "en"),
                        "alt": " / ".join(alt), "g": rec.group, "cja": data.label(cls, "ja"),
                        "cen": data.label(cls, "en")})
    for topic in sorted(topics):
        labels = data.labels.get(topic, {})
        alt = sorted({a.value for a in data.alt_labels.get(topic, [])})
        entries.append({"p": f"topic/{topic.rsplit('#topic-', 1)[-1]}.html", "ja": labels.get("ja", ""),
                        "en": labels.get("en", ""), "alt": " / ".join(alt), "g": "topic",
                        "cja": data.label(topic.rsplit("#", 1)[0] + "#Topic", "ja"),
                        "cen": data.label(topic.rsplit("#", 1)[0] + "#Topic", "en")})
    for e in entries:
        # Pre-folded text for the exact-substring pass (NFKC + case folding, as the queries do).
        e["f"] = fold(" ".join((e["ja"], e["en"], e["alt"])))
    return entries


def search_script(entries: list[dict[str, str]]) -> str:
    """The index as `window.ICTGRAPH_SEARCH = [...]`, with `</` escaped so no label can end the script."""
    payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return f"window.{VARIABLE} = {payload};\n"
