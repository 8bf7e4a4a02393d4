"""What each page shows, in one language: plain dicts and lists that the templates only lay out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ictgraph.publish.site import model
from ictgraph.publish.site.data import (
    GROUP_IDS,
    OWL_SAMEAS,
    PROV_DERIVED,
    RDFS,
    SKOS,
    WIKIDATA,
    Lit,
    Obj,
    Record,
    SiteData,
    compact,
    key_of,
)
from ictgraph.publish.site.i18n import UI
from ictgraph.publish.site.links import ID_RDF, Links, rdf_path
from ictgraph.publish.site.neighbourhood import Neighbour, clip, neighbourhood_svg
from ictgraph.vocab import ICT

# The order statements are listed in: who and where first, then what came of it, then topics.
PROPERTY_ORDER = tuple(f"{ICT}{p}" for p in (
    "country", "region", "location", "visited", "host", "chair", "coChair", "participant", "visitor", "speaker",
    "party", "signatory", "signingLevel", "status", "framework", "inSeries", "sessionNumber", "partOfEvent",
    "adopter", "standard", "adoptionKind", "ledBy", "contributor", "approvedBy", "issuedBy", "funder",
    "fundedProject", "amount", "quantity", "holder", "postIn", "role", "nominatedBy", "member", "organization",
    "produced", "established", "proposed", "basedOn", "revises", "principleOf", "partOf", "ministryOf",
    "affiliation", "locatedIn", "headquarters", "abbreviation", "iso3166Alpha2", "iso3166Alpha3", "topic"))
# Shown elsewhere on the page (header, date, notes, evidence) rather than as statements.
HIDDEN = {f"{RDFS}label", f"{SKOS}altLabel", PROV_DERIVED, f"{ICT}flag", f"{ICT}flagNote", OWL_SAMEAS,
          f"{RDFS}seeAlso", *model.DATE_PROPS, *model.YEAR_PROPS}
CONCEPT_SCHEMES_WITH_PAGES = ("topic",)


@dataclass
class Context:
    """The shared, language-independent facts the views draw on."""

    data: SiteData
    involvement: model.Involvement
    mentions: dict[str, dict[str, int]]  # ISO alpha-2 -> passage id -> mentions


# Properties of other vocabularies that the pages name; ict: terms take their labels from the ontology.
OTHER_PROPERTIES = {f"{RDFS}label": "prop_label", f"{SKOS}altLabel": "prop_altLabel", OWL_SAMEAS: "prop_sameAs",
                    f"{RDFS}seeAlso": "prop_seeAlso"}


def property_label(data: SiteData, prop: str, lang: str) -> str:
    """A property's label in the page's language: the ontology's, or the interface's for rdfs/owl/skos."""
    return UI[lang][OTHER_PROPERTIES[prop]] if prop in OTHER_PROPERTIES else data.label(prop, lang)


def other_lang(lang: str) -> str:
    return "ja" if lang == "en" else "en"


def class_info(data: SiteData, cls: str, lang: str, links: Links) -> dict[str, str]:
    local = cls.rsplit("#", 1)[-1]
    return {"label": data.label(cls, lang), "href": links.term(local), "local": local}


def primary_class(record: Record) -> str:
    """The most specific asserted class to name a record by (the classes are sorted; one suffices)."""
    return record.classes[0]


def value_view(ctx: Context, obj: Obj, lang: str, links: Links) -> dict[str, Any]:
    """How one object of a statement reads: a linked label, a concept, an amount, or a literal."""
    data = ctx.data
    if isinstance(obj, Lit):
        return {"kind": "text", "text": obj.value, "lang": obj.lang}
    rec = data.record_of(obj)
    if rec is not None:
        return {"kind": "record", "text": data.label(obj, lang), "href": links.record(rec.key), "group": rec.group}
    amount = model.amount_of(data, obj)
    if amount is not None:
        return {"kind": "amount", "text": amount.text, "english": amount.english(),
                "exact": model.fmt.yen_exact(amount.value) if amount.money else None,
                "kind_label": data.label(amount.kind, lang) if amount.kind else None,
                "kind_href": links.term(amount.kind.rsplit("#", 1)[-1]) if amount.kind else None}
    if (proposed := model.proposed_date_of(data, obj, lang)) is not None:
        return {"kind": "text", "text": proposed, "lang": None}
    if obj.startswith(str(ICT)):
        local = obj.rsplit("#", 1)[-1]
        href = links.topic(local[len("topic-"):]) if local.startswith("topic-") else links.term(local)
        return {"kind": "concept", "text": data.label(obj, lang), "href": href}
    if obj.startswith(WIKIDATA):
        return {"kind": "external", "text": f"Wikidata {obj[len(WIKIDATA):]}", "href": obj}
    return {"kind": "external", "text": obj, "href": obj}


def statements_view(ctx: Context, rec: Record, lang: str, links: Links) -> list[dict[str, Any]]:
    """The record's statements grouped by relation, each value with the quotes that hold its words."""
    data = ctx.data
    grouped: dict[str, list[Obj]] = defaultdict(list)
    for p, o in rec.statements:
        if p not in HIDDEN:
            grouped[p].append(o)
    order = {p: i for i, p in enumerate(PROPERTY_ORDER)}
    rows = []
    for p in sorted(grouped, key=lambda p: (order.get(p, len(order)), data.label(p, lang))):
        values = []
        for o in sorted(grouped[p], key=lambda o: (value_view(ctx, o, lang, links)["text"], str(o))):
            view = value_view(ctx, o, lang, links)
            if model.is_reference(rec, p, o):
                continue  # listed with its source under "From reference data", never as the text's words
            holding = model.quotes_holding(model.words_for(data, o), rec.quotes)
            view["quotes"] = [quote_ref(q, links) for q in holding]
            values.append(view)
        if values:
            rows.append({"label": data.label(p, lang), "href": links.term(p.rsplit("#", 1)[-1]), "values": values})
    return rows


def quote_ref(q: model.Quote, links: Links) -> dict[str, Any]:
    return {"n": q.number, "text": q.text, "href": links.text(f"q/{q.key}"), "passage": q.passage}


def when_view(rec: Record, lang: str) -> dict[str, Any] | None:
    when = model.when_of(rec)
    if when is None:
        return None
    return {"text": list(when.text), "western": when.western(lang)}


def status_view(data: SiteData, rec: Record, lang: str) -> list[dict[str, str]]:
    """Badges for a record that did not take place as dated: its status flags (planned, suspended ...)
    and its proposed dates, each named with the ontology's label in the page's language."""
    marks = [{"notation": f, "label": data.label(f"{ICT}flag-{f}", lang)}
             for f in model.flags_of(rec) if f in model.STATUS_FLAGS]
    proposed = UI[lang]["status_proposed"]
    return marks + [{"notation": "proposed", "label": proposed.format(label=data.label(f"{ICT}proposedDate", lang),
                                                                      date=text)}
                    for text in model.proposed_dates_of(data, rec, lang)]


def flags_view(data: SiteData, rec: Record, lang: str, links: Links) -> list[dict[str, str]]:
    out = []
    for notation in model.flags_of(rec):
        iri = f"{ICT}flag-{notation}"
        definition = data.terms[iri].props.get(f"{SKOS}definition", []) if iri in data.terms else []
        out.append({"notation": notation, "label": data.label(iri, lang), "href": links.term(f"flag-{notation}"),
                    "definition": definition[0].value if definition and isinstance(definition[0], Lit) else ""})
    return out


def references_view(data: SiteData, rec: Record, lang: str, links: Links) -> list[dict[str, Any]]:
    out = []
    for ref in sorted(rec.references, key=lambda r: (r.predicate, str(r.object))):
        source = data.terms.get(ref.source)
        definition = source.props.get(f"{SKOS}definition", []) if source else []
        value = ref.object.value if isinstance(ref.object, Lit) else compact(ref.object)
        out.append({"property": property_label(data, ref.predicate, lang),
                    "value": value, "lang": ref.object.lang if isinstance(ref.object, Lit) else None,
                    "href": ref.object if isinstance(ref.object, str) else None,
                    "source": data.label(ref.source, lang), "source_href": links.term(ref.source.rsplit("#", 1)[-1]),
                    "source_definition": definition[0].value if definition and isinstance(definition[0], Lit) else ""})
    return out


def incoming_view(data: SiteData, rec: Record, lang: str, links: Links) -> list[dict[str, Any]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for p, s in data.incoming.get(rec.key, []):
        grouped[p].append(s)
    return [{"label": data.label(p, lang), "href": links.term(p.rsplit("#", 1)[-1]),
             "items": record_items(data, sorted(set(keys)), lang, links)}
            for p, keys in sorted(grouped.items(), key=lambda kv: (data.label(kv[0], lang), kv[0]))]


def record_items(data: SiteData, keys: list[str] | set[str], lang: str, links: Links) -> list[dict[str, Any]]:
    """Records as list items: label, the other language's label, class, date, link; sorted by label."""
    items = []
    for key in keys:
        rec = data.records[key]
        when = model.when_of(rec)
        items.append({"key": key, "label": data.label(rec.iri, lang),
                      "other": data.own_label(rec.iri, other_lang(lang)),
                      "class": data.label(primary_class(rec), lang), "group": rec.group,
                      "href": links.record(key), "date": when.western(lang) if when else "",
                      "sort": when.sort_key if when else "", "quotes": len(rec.quotes),
                      "flags": status_view(data, rec, lang)})
    return sorted(items, key=lambda i: (i["label"].casefold(), i["key"]))


def neighbourhood_view(data: SiteData, rec: Record, lang: str, links: Links) -> str:
    ui = UI[lang]

    def neighbours(pairs: list[tuple[str, str]]) -> list[Neighbour]:
        return sorted({Neighbour(data.label(p, lang), data.label(data.records[k].iri, lang), data.records[k].group,
                                 links.record(k)) for p, k in pairs},
                      key=lambda n: (n.relation, n.label, n.href))
    out_pairs = [(p, o) for p, o in data.outgoing.get(rec.key, []) if o != rec.key]
    in_pairs = [(p, s) for p, s in data.incoming.get(rec.key, []) if s != rec.key]
    return neighbourhood_svg(data.label(rec.iri, lang), rec.group, neighbours(in_pairs), neighbours(out_pairs),
                             title=ui["neighbourhood"], heads=(ui["neighbourhood_in"], ui["neighbourhood_heads_out"]),
                             more=ui["more_n"])


def country_view(ctx: Context, rec: Record, lang: str, links: Links) -> dict[str, Any]:
    """What an analyst asks of a country: timeline, agreements, dialogues, partners, topics, passages."""
    data = ctx.data
    involved = ctx.involvement.by_country.get(rec.key, {})
    gov = model.government_of(data)
    bodies = {k for k, via in involved.items() if gov.get(k) == rec.key
              or (f"{ICT}City" in data.records[k].classes and "direct" in via)}
    records = [data.records[k] for k in involved]
    dated = [r for r in records if r.group in model.TIMELINE_GROUPS and (when := model.when_of(r)) and when.sort_key]
    timeline = sorted(record_items(data, [r.key for r in dated], lang, links),
                      key=lambda i: (i["sort"], i["label"], i["key"]))
    agreements = [r.key for r in records if r.group == "agreements"]
    series = [r.key for r in records if f"{ICT}EventSeries" in r.classes or f"{ICT}DialogueSeries" in r.classes]
    shown = {r.key for r in dated} | set(agreements) | set(series) | bodies
    iso = next((o.value for o in model.values_of(rec, f"{ICT}iso3166Alpha2") if isinstance(o, Lit)), None)
    mentions = ctx.mentions.get(iso or "", {})
    order = {p.id: p.order for p in data.passages}
    by_id = {p.id: p for p in data.passages}
    return {
        "timeline": timeline,
        "agreements": record_items(data, agreements, lang, links),
        "series": record_items(data, series, lang, links),
        "bodies": record_items(data, bodies, lang, links),
        "partners": [{"label": data.label(data.records[k].iri, lang), "href": links.record(k), "n": n,
                      "group": data.records[k].group}
                     for k, n in model.partners(data, rec.key, involved)[:20]],
        "topics": [{"label": data.label(t, lang), "href": links.topic(t.rsplit("#topic-", 1)[-1]), "n": n}
                   for t, n in model.topics_of(records)],
        "passages": [{"id": pid, "n": n, "href": links.text(pid), "path": by_id[pid].heading_path.split(" > ")[-1],
                      "snippet": by_id[pid].text[:90] + ("…" if len(by_id[pid].text) > 90 else "")}
                     for pid, n in sorted(mentions.items(), key=lambda kv: order.get(kv[0], 0))],
        "other": record_items(data, [k for k in involved if k not in shown], lang, links),
    }


def record_view(ctx: Context, rec: Record, lang: str, links: Links) -> dict[str, Any]:
    data = ctx.data
    labels = data.labels.get(rec.iri, {})
    label_refs = {r.object.lang: data.label(r.source, lang) for r in rec.references
                  if r.predicate == f"{RDFS}label" and isinstance(r.object, Lit)}
    passages = sorted({key_of(o)[len("passage/"):] for o in model.values_of(rec, PROV_DERIVED) if isinstance(o, str)})
    view = {
        "key": rec.key, "iri": rec.iri, "compact": compact(rec.iri), "group": rec.group,
        "label": data.label(rec.iri, lang), "labels": [{"lang": lg, "text": labels[lg], "reference": label_refs.get(lg)}
                                                        for lg in ("ja", "en") if lg in labels],
        "alt": [{"text": a.value, "lang": a.lang} for a in data.alt_labels.get(rec.iri, [])],
        "classes": [class_info(data, c, lang, links) for c in rec.classes],
        "when": when_view(rec, lang), "flags": flags_view(data, rec, lang, links),
        "status": status_view(data, rec, lang),
        "notes": [o.value for o in model.values_of(rec, f"{ICT}flagNote") if isinstance(o, Lit)],
        "statements": statements_view(ctx, rec, lang, links),
        "quotes": [quote_ref(q, links) | {"passage_href": links.text(q.passage)} for q in rec.quotes],
        "passages": [{"id": p, "href": links.text(p)} for p in passages],
        "references": references_view(data, rec, lang, links),
        "incoming": incoming_view(data, rec, lang, links),
        "wikidata": [{"id": o[len(WIKIDATA):], "href": o} for o in model.values_of(rec, OWL_SAMEAS)
                     if isinstance(o, str) and o.startswith(WIKIDATA)],
        "see_also": [o for o in model.values_of(rec, f"{RDFS}seeAlso") if isinstance(o, str)],
        "svg": neighbourhood_view(data, rec, lang, links),
        "rdf": [{"name": f.name, "media_type": f.media_type, "href": links.to(rdf_path(rec.key, f.file_extension))}
                for f in ID_RDF],
        "browse": links.local(f"browse/{rec.group}.html"),
    }
    if f"{ICT}Country" in rec.classes:
        view["country"] = country_view(ctx, rec, lang, links)
    return view


def browse_view(data: SiteData, group: str, lang: str, links: Links) -> dict[str, Any]:
    """A group's records, under headings by class (the most specific asserted class)."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for rec in data.records.values():
        if rec.group == group:
            by_class[primary_class(rec)].append(rec.key)
    sections = [{"class": class_info(data, c, lang, links), "items": record_items(data, keys, lang, links)}
                for c, keys in by_class.items()]
    return {"group": group, "sections": sorted(sections, key=lambda s: (s["class"]["label"].casefold(),
                                                                          s["class"]["local"])),
            "total": sum(len(k) for k in by_class.values())}


def group_examples(data: SiteData, lang: str, links: Links, n: int = 3) -> dict[str, list[dict[str, str]]]:
    """The most connected records of each group, to show on the home page what each way leads to."""
    degree: dict[str, int] = defaultdict(int)
    for s, _, o in data.links:
        degree[s] += 1
        degree[o] += 1
    out: dict[str, list[dict[str, str]]] = {}
    for group in GROUP_IDS:
        keys = sorted((k for k, r in data.records.items() if r.group == group), key=lambda k: (-degree[k], k))[:n]
        out[group] = [{"label": clip(data.label(data.records[k].iri, lang), 36), "href": links.record(k)} for k in keys]
    return out


def group_counts(data: SiteData) -> dict[str, int]:
    counts = dict.fromkeys(GROUP_IDS, 0)
    for rec in data.records.values():
        counts[rec.group] = counts.get(rec.group, 0) + 1
    return counts


def timeline_view(ctx: Context, lang: str, links: Links) -> dict[str, Any]:
    """Every dated event, agreement and adoption in order, with what the filters need on each item."""
    data = ctx.data
    items = []
    for rec in data.records.values():
        when = model.when_of(rec)
        if rec.group not in model.TIMELINE_GROUPS or when is None or not when.sort_key:
            continue
        item = record_items(data, [rec.key], lang, links)[0]
        item |= {"year": when.year, "text": list(when.text), "type": primary_class(rec).rsplit("#", 1)[-1],
                 "countries": " ".join(sorted(ctx.involvement.by_record.get(rec.key, [])))}
        items.append(item)
    items.sort(key=lambda i: (i["sort"], i["label"].casefold(), i["key"]))
    types = sorted({(i["type"], i["class"]) for i in items}, key=lambda t: (t[1].casefold(), t[0]))
    countries = sorted({c for i in items for c in i["countries"].split()},
                       key=lambda k: (data.label(data.records[k].iri, lang).casefold(), k))
    years = [i["year"] for i in items]
    # The status filter names the statuses that the timeline holds, in the ontology's words.
    present = {f["notation"] for i in items for f in i["flags"]}
    statuses = [data.label(f"{ICT}flag-{f}", lang) for f in model.STATUS_FLAGS if f in present]
    statuses += [data.label(f"{ICT}proposedDate", lang)] if "proposed" in present else []
    return {"items": items, "types": [{"value": t, "label": label} for t, label in types],
            "statuses": UI[lang]["list_sep"].join(statuses),
            "countries": [{"value": k, "label": data.label(data.records[k].iri, lang)} for k in countries],
            "min_year": min(years), "max_year": max(years)}


def countries_view(ctx: Context, lang: str, links: Links) -> list[dict[str, Any]]:
    """Every country with how many records involve it, for the countries index."""
    items = record_items(ctx.data, list(ctx.involvement.by_country), lang, links)
    for item in items:
        item["n"] = len(ctx.involvement.by_country[item["key"]])
    return items


def topics(data: SiteData) -> dict[str, list[str]]:
    """Topic IRI -> keys of the records about it."""
    out: dict[str, list[str]] = defaultdict(list)
    for rec in data.records.values():
        for o in model.values_of(rec, f"{ICT}topic"):
            if isinstance(o, str):
                out[o].append(rec.key)
    return dict(out)


def topic_view(ctx: Context, topic: str, keys: list[str], lang: str, links: Links) -> dict[str, Any]:
    data = ctx.data
    term = data.terms.get(topic)
    definition = term.props.get(f"{SKOS}definition", []) if term else []
    by_group: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        by_group[data.records[k].group].append(k)
    countries: dict[str, int] = defaultdict(int)
    for k in keys:
        for c in ctx.involvement.by_record.get(k, []):
            countries[c] += 1
    return {
        "label": data.label(topic, lang), "other": data.labels.get(topic, {}).get(other_lang(lang), ""),
        "alt": [{"text": a.value, "lang": a.lang} for a in data.alt_labels.get(topic, [])],
        "definition": definition[0].value if definition and isinstance(definition[0], Lit) else "",
        "term_href": links.term(topic.rsplit("#", 1)[-1]), "count": len(keys),
        "groups": [{"group": g, "items": record_items(data, by_group[g], lang, links)} for g in GROUP_IDS
                   if g in by_group],
        "countries": [{"label": data.label(data.records[c].iri, lang), "href": links.record(c), "n": n}
                      for c, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))],
    }
