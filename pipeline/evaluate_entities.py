"""Entity detection and linking, measured (part of `make eval`).

1. fixtures/gold/seed_entities.jsonl: every entity mention of the fixture articles, by hand.
2. ../shared/eval/plover_gsr.json when present: actor detection on the PLOVER gold standard
   (recall of its source/target actor texts, accuracy of their country and sector) —
   a development figure; never tuned on.
3. --speed: the link stage's words per second against plain spaCy NER on the same texts, in
   one run, and the knowledge base's load time and memory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import spacy

from pipeline import codec
from pipeline.evaluate import REPO, prf
from pipeline.nlp import load_nlp
from pipeline.records import Article, Entity
from pipeline.settings import Settings
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.link import link

KINDS = ("actor", "place", "norp")


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").strip()
    return text[4:] if text.lower().startswith("the ") else text


def predicted_mentions(nlp: Any, path: Path) -> list[Entity]:
    article = codec.decode_article(path.read_bytes(), 1 << 22)
    linked = link(clean(article), nlp)
    # Pronouns resolved for the event roles are not mentions by the gold's conventions.
    return [e for s in linked.sentences for e in s.entities if e.kind in KINDS
            and e.label != "PRON"]


def match(gold: list[dict[str, Any]], pred: list[Entity], same: Any) -> int:
    """Greedy one-to-one matches of predicted to gold mentions in one article."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            gt, pt = _norm(g["text"]), _norm(p.text)
            if i not in used and (gt in pt or pt in gt) and same(g, p):
                used.add(i)
                hits += 1
                break
    return hits


def seed_eval(nlp: Any, gold_path: Path, articles_dir: Path) -> None:
    gold_all = [orjson.loads(x) for x in gold_path.read_bytes().splitlines() if x.strip()]
    rows: dict[str, Counter[str]] = {}
    for path in sorted(articles_dir.glob("*.json")):
        gold = [g for g in gold_all if g["article_id"] == path.stem]
        pred = predicted_mentions(nlp, path)
        linked_gold = [g for g in gold if g["kind"] in ("actor", "place") and g["kb_id"]]
        linked_pred = [p for p in pred if p.kind in ("actor", "place") and p.kb_id]
        checks = {
            "detection (any kind)": (gold, pred, lambda g, p: True),
            "detection + kind": (gold, pred, lambda g, p: g["kind"] == p.kind),
            "linked actors and places": (linked_gold, linked_pred,
                                         lambda g, p: g["kb_id"] == p.kb_id),
        }
        for kind in KINDS:
            checks[f"linking: {kind}"] = (
                [g for g in gold if g["kind"] == kind and g["kb_id"]],
                [p for p in pred if p.kind == kind and p.kb_id],
                lambda g, p: g["kb_id"] == p.kb_id)
        checks["coreference (the group...)"] = (
            [g for g in gold if g.get("coref")], [p for p in pred if p.coref],
            lambda g, p: g["kb_id"] == p.kb_id)
        for label, (g_list, p_list, same) in checks.items():
            hits = match(g_list, p_list, same)
            counts = rows.setdefault(label, Counter())
            counts.update(tp=hits, fp=len(p_list) - hits, fn=len(g_list) - hits)
    print(f"## Entity mentions of the fixture articles ({gold_path.relative_to(REPO)}, "
          f"{len(gold_all)} gold mentions)\n")
    print("| measure | P | R | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    for label, c in rows.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |")
    print()


def plover_actor_eval(nlp: Any, path: Path) -> None:
    records = [r for r in orjson.loads(path.read_bytes()) if r.get("event") != "DOCUMENT"]
    totals: Counter[str] = Counter()
    for n, record in enumerate(records):
        actors = [a for role in ("source", "target") for a in record.get(role) or []
                  if isinstance(a, dict) and a.get("actorText")]
        if not actors:
            continue
        linked = link(clean(Article(id=f"gsr-{n}", body=record["text"])), nlp)
        mentions = [e for s in linked.sentences for e in s.entities if e.kind in KINDS]
        for actor in actors:
            totals["actors"] += 1
            text = actor["actorText"].lower()
            found = next((m for m in mentions if m.text.lower() in text
                          or text in m.text.lower()), None)
            if found is None:
                continue
            totals["found"] += 1
            code = (actor.get("code") or "")[:3]
            if len(code) == 3 and code.isalpha():
                totals["with_country"] += 1
                totals["country_ok"] += found.country == code
            if actor.get("sector"):
                totals["with_sector"] += 1
                totals["sector_ok"] += found.sector == actor["sector"]

    def share(a: str, b: str) -> str:
        return f"{totals[a] / totals[b]:.3f} ({totals[a]}/{totals[b]})" if totals[b] else "n/a"
    print(f"## Actors of the PLOVER gold standard ({path})\n")
    print("| measure | value |\n|---|---|")
    print(f"| actor text found (recall) | {share('found', 'actors')} |")
    print(f"| country right, of found with a country code "
          f"| {share('country_ok', 'with_country')} |")
    print(f"| sector right, of found with a sector | {share('sector_ok', 'with_sector')} |\n")


def speed(settings: Settings, nlp: Any, articles_dir: Path, rounds: int = 5) -> None:
    """Link stage vs plain NER on the same cleaned texts, alternating, in one process."""
    cleaned = [clean(codec.decode_article(p.read_bytes(), 1 << 22))
               for p in sorted(articles_dir.glob("*.json"))]
    texts = [s.text for c in cleaned for s in c.sentences]
    words = sum(len(t.split()) for t in texts) * 4
    plain = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"],
                       exclude=[p for p in nlp.pipe_names if p not in ("tok2vec", "ner")])
    timings: dict[str, list[float]] = {"link stage": [], "plain spaCy NER": []}
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(4):
            for c in cleaned:
                link(c, nlp)
        timings["link stage"].append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(4):
            list(plain.pipe(texts, batch_size=32))
        timings["plain spaCy NER"].append(time.perf_counter() - start)
    linked = [link(c, nlp) for c in cleaned]
    timings["classify stage"] = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(4):
            for article in linked:
                classify(article)
        timings["classify stage"].append(time.perf_counter() - start)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    print(f"## Speed ({words} words a round, median of {rounds} alternating rounds)\n")
    print("| pipeline | words/s |\n|---|---|")
    for label, seconds in medians.items():
        print(f"| {label} | {words / seconds:,.0f} |")
    ratio = medians["plain spaCy NER"] / medians["link stage"]
    print(f"\nlink stage / plain NER speed: {ratio:.2f}\n")
    probe = (
        "import time\n"
        "def rss():\n"
        "    fields = open('/proc/self/status').read().split('VmRSS:')[1].split()\n"
        "    return int(fields[0]) / 1024\n"
        "import spacy\n"
        "from pipeline.kb import load_kb\n"
        "from pipeline.nlp import KBRuler\n"
        "nlp = spacy.blank('en'); r0 = rss(); t = time.perf_counter()\n"
        "kb = load_kb(); r1 = rss(); ruler = KBRuler(nlp, 'kb', kb)\n"
        "t = time.perf_counter() - t; r2 = rss()\n"
        "print(f'{t:.2f} s; knowledge base {r1 - r0:.0f} MB, matcher {r2 - r1:.0f} MB; '\n"
        "      f'{len(kb.entries)} entries, {len(kb.aliases)} matched names')\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.strip()
    print(f"knowledge base load (fresh process): {out}\n")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate_entities",
                                     description=__doc__)
    parser.add_argument("--gold", type=Path, default=REPO / "fixtures/gold/seed_entities.jsonl")
    parser.add_argument("--articles", type=Path, default=REPO / "fixtures/articles")
    parser.add_argument("--plover", type=Path, default=REPO.parent / "shared/eval/plover_gsr.json")
    parser.add_argument("--speed", action="store_true", help="also measure speed and memory")
    args = parser.parse_args(list(argv) if argv is not None else None)
    settings = Settings.from_env()
    nlp = load_nlp(settings)
    seed_eval(nlp, args.gold, args.articles)
    if args.plover.exists():
        plover_actor_eval(nlp, args.plover)
    if args.speed:
        speed(settings, nlp, args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
