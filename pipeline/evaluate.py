"""`make eval`: precision / recall / F1 of the extractor on gold annotations.

1. fixtures/gold/seed_events.jsonl: event-level, on the fixture articles (type only, then
   type + actor + place + date).
2. ../shared/eval/plover_gsr.json when present: sentence-level PLOVER event types on the
   public PLOVER gold standard (measurement only; never tuned on).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from pipeline import codec, textcat
from pipeline.extract import final_records
from pipeline.nlp import load_nlp
from pipeline.records import Article
from pipeline.settings import Settings
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.dedup import collapse
from pipeline.stages.link import link

REPO = Path(__file__).resolve().parents[1]
# PLOVER_GSR uses some CAMEO-era names (see ../shared/eval/README.md).
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def matches(gold: dict[str, Any], pred: dict[str, Any], strict: bool) -> bool:
    if gold["article_id"] != pred["article_id"] or gold["event_type"] != pred["event_type"]:
        return False
    if not strict:
        return True
    if gold.get("actor") and not _same_party(gold["actor"], pred.get("actor")):
        return False
    if gold.get("location"):
        loc = pred.get("location") or {}
        where = f"{loc.get('name') or ''} {loc.get('text') or ''}".lower()
        if gold["location"].lower() not in where:
            return False
    return not (gold.get("date") and pred.get("date") != gold["date"])


def score_events(gold: list[dict[str, Any]], preds: list[dict[str, Any]], strict: bool
                 ) -> tuple[int, int, int]:
    """Greedy one-to-one matching of predicted records to gold events."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(preds):
            if i not in used and matches(g, p, strict):
                used.add(i)
                tp += 1
                break
    return tp, len(preds) - tp, len(gold) - tp


def seed_eval(settings: Settings, nlp: Any, gold_path: Path, articles_dir: Path) -> None:
    gold = [orjson.loads(line) for line in gold_path.read_bytes().splitlines() if line.strip()]
    lines = [p.read_bytes().strip() for p in sorted(articles_dir.glob("*.json"))]
    # Article by article: extraction is measured here, and the gold annotates each article's
    # events, while dedup (measured on its own set) would fold one article's report of an
    # event into another's record.
    preds = [codec.to_dict(r) for line in lines for r in final_records([line], settings, nlp)]
    print(f"## Fixture articles: {len(lines)} articles, {len(gold)} gold events, "
          f"{len(preds)} predicted ({gold_path.relative_to(REPO)})")
    print("| match | P | R | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    for label, strict in (("event type", False), ("type+actor+place+date", True)):
        tp, fp, fn = score_events(gold, preds, strict)
        p, r, f = prf(tp, fp, fn)
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} |")
    print()
    roles: Counter[str] = Counter()
    for g, pred in matched_pairs(gold, preds):
        for field in ("actor", "target"):
            if g.get(field):
                roles[f"{field}_n"] += 1
                roles[f"{field}_ok"] += _same_party(g[field], pred.get(field))
        roles["modality_n"] += 1
        roles["modality_ok"] += g.get("modality", "asserted") == pred["modality"]
    print("| role, of events matched by type | right |\n|---|---|")
    for field in ("actor", "target", "modality"):
        n, ok = roles[f"{field}_n"], roles[f"{field}_ok"]
        print(f"| {field} | {ok / n:.3f} ({ok}/{n}) |" if n else f"| {field} | n/a |")
    print()


def matched_pairs(gold: list[dict[str, Any]], preds: list[dict[str, Any]]
                  ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one type matches, preferring the prediction that also fits actor and place."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for strict in (True, False):
            hit = next((i for i, p in enumerate(preds) if i not in used
                        and matches(g, p, strict)), None)
            if hit is not None:
                used.add(hit)
                pairs.append((g, preds[hit]))
                break
    return pairs


def _same_party(wanted: str, pred: dict[str, Any] | None) -> bool:
    """A kb id, or "country:XXX" meaning any actor of that state."""
    if not pred:
        return False
    if pred.get("kb_id") == wanted:
        return True
    return wanted.startswith("country:") and pred.get("country") == wanted[8:]


REPORTED = ("asserted", "claimed")


def dev_eval(settings: Settings, nlp: Any, path: Path) -> None:
    """Per-type P/R/F1, ACLED sub-type and role accuracy on the team's independent dev set."""
    items = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    per_type: dict[str, Counter[str]] = {}
    roles: Counter[str] = Counter()
    for item in items:
        preds = [codec.to_dict(r) for r in final_records([dev_line(item)], settings, nlp)]
        gold = [g for g in item["events"] if g["modality"] in REPORTED]
        if any(g["event_type"] == "THREATEN" for g in item["events"]) and not any(
                g["event_type"] == "ASSAULT" for g in item["events"]):
            roles["threat_items"] += 1
            roles["threat_as_assault"] += any(p["event_type"] == "ASSAULT" for p in preds)
        for g in item["events"]:
            if g["modality"] == "negated":
                roles["negated"] += 1
                roles["negated_emitted"] += any(p["event_type"] == g["event_type"]
                                                for p in preds)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(preds)
                        if i not in used and p["event_type"] == g["event_type"]), None)
            counts = per_type.setdefault(g["event_type"], Counter())
            if hit is None:
                counts["fn"] += 1
                continue
            used.add(hit)
            counts["tp"] += 1
            _score_roles(g, preds[hit], roles)
        for i, pred in enumerate(preds):
            if i not in used:
                per_type.setdefault(pred["event_type"], Counter())["fp"] += 1
    print(f"## Dev set: {len(items)} items ({path.relative_to(REPO)}), events reported as "
          "asserted or claimed\n")
    print_type_table(per_type)
    print("| of matched events | right |\n|---|---|")
    for field in ("acled_sub_event_type", "actor", "target", "place", "date", "fatalities"):
        n, ok = roles[f"{field}_n"], roles[f"{field}_ok"]
        print(f"| {field} | {ok / n:.3f} ({ok}/{n}) |" if n else f"| {field} | n/a |")
    print(f"| threats coded as ASSAULT | {roles['threat_as_assault']} of "
          f"{roles['threat_items']} threat items |")
    print(f"| negated events emitted | {roles['negated_emitted']} of {roles['negated']} |\n")


def print_type_table(per_type: dict[str, Counter[str]]) -> None:
    """Per-type and micro-averaged precision / recall / F1 as a Markdown table."""
    totals: Counter[str] = sum(per_type.values(), Counter())
    print("| type | P | R | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    for label, c in [*sorted(per_type.items()), ("**all**", totals)]:
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |")
    print()


def dev_line(item: dict[str, Any]) -> bytes:
    """A dev-set item as an input message."""
    return orjson.dumps({"id": item["id"], "body": item["text"],
                         "published_at": item.get("published_at"), "language": "en"})


def _contains(gold: str | None, *texts: str | None) -> bool:
    g = (gold or "").lower()
    return any(t and (g in t.lower() or t.lower() in g) for t in texts)


def _score_roles(g: dict[str, Any], p: dict[str, Any], roles: Counter[str]) -> None:
    checks = {
        "acled_sub_event_type": (g.get("acled_sub_event_type"),
                                 lambda: p.get("acled_sub_event_type")
                                 == g["acled_sub_event_type"]),
        "actor": (g.get("actor"), lambda: _contains(g["actor"], *(_who(p.get("actor"))))),
        "target": (g.get("target"), lambda: _contains(g["target"], *(_who(p.get("target"))))),
        "place": (g.get("place"), lambda: _contains(g["place"], *(_who(p.get("location"))))),
        "date": (g.get("date"), lambda: p.get("date") == g["date"]),
        "fatalities": (g.get("fatalities"), lambda: p.get("fatalities") == g["fatalities"]),
    }
    for field, (wanted, right) in checks.items():
        if wanted is not None:
            roles[f"{field}_n"] += 1
            roles[f"{field}_ok"] += bool(right())


def _who(value: dict[str, Any] | None) -> tuple[str | None, str | None]:
    return ((value or {}).get("text"), (value or {}).get("name"))


def plover_eval(nlp: Any, path: Path) -> None:
    records = [r for r in orjson.loads(path.read_bytes()) if r.get("event") != "DOCUMENT"]
    per_type: dict[str, Counter[str]] = {}
    for n, record in enumerate(records):
        gold = {OLD_NAMES.get(record["event"], record["event"])}
        article = Article(id=f"gsr-{n}", body=record["text"])
        predicted = {c.event_type for c in collapse(classify(link(clean(article), nlp)))}
        for t in gold | predicted:
            counts = per_type.setdefault(t, Counter())
            kind = "tp" if t in gold and t in predicted else "fp" if t in predicted else "fn"
            counts[kind] += 1
    print(f"## PLOVER gold standard: {len(records)} sentences ({path})")
    print("Sentence-level event types, micro-averaged over (sentence, type) pairs.\n")
    print_type_table(per_type)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__)
    parser.add_argument("--gold", type=Path, default=REPO / "fixtures/gold/seed_events.jsonl")
    parser.add_argument("--articles", type=Path, default=REPO / "fixtures/articles")
    parser.add_argument("--dev", type=Path, default=REPO / "fixtures/dev/acled_dev.jsonl")
    parser.add_argument("--plover", type=Path, default=REPO.parent / "shared/eval/plover_gsr.json")
    parser.add_argument("--rules-only", action="store_true",
                        help="switch the trained classifier off, to measure what it adds")
    args = parser.parse_args(list(argv) if argv is not None else None)
    textcat.ENABLED = not args.rules_only
    settings = Settings.from_env()
    nlp = load_nlp(settings)
    seed_eval(settings, nlp, args.gold, args.articles)
    if args.dev.exists():
        dev_eval(settings, nlp, args.dev)
    if args.plover.exists():
        plover_eval(nlp, args.plover)
    else:
        print(f"(no {args.plover}: PLOVER gold standard skipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
