"""`make train`: train the sentence event-type classifier on fixtures/training/events.jsonl.

Reproducible: fixed seed, deterministic split (every 10th sentence held out for the report).
The training sentences go through the same clean and link stages as live news, so the model
sees the masked text it will see at run time.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from pipeline.errors import BadMessage
from pipeline.evaluate import REPO, prf
from pipeline.nlp import load_nlp
from pipeline.records import Article
from pipeline.settings import Settings
from pipeline.stages.clean import clean
from pipeline.stages.link import link
from pipeline.textcat import LABELS, masked_text, model_path

SEED = 0
EPOCHS = 12
TEXTCAT_CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 65536,
    }
}


def load_examples(path: Path, nlp: spacy.language.Language) -> list[tuple[str, str]]:
    out = []
    for n, line in enumerate(path.read_bytes().splitlines()):
        if not line.strip():
            continue
        item = orjson.loads(line)
        try:
            linked = link(clean(Article(id=f"train-{n}", body=item["text"], language="en")), nlp)
        except BadMessage:
            continue
        out.append((" ".join(masked_text(s) for s in linked.sentences), item["label"]))
    return out


def train(examples: list[tuple[str, str]], epochs: int = EPOCHS) -> tuple[spacy.Language, dict]:
    fix_random_seed(SEED)
    held = examples[::10]
    train_set = [e for i, e in enumerate(examples) if i % 10]
    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in LABELS:
        textcat.add_label(label)

    def as_examples(items: Iterable[tuple[str, str]]) -> list[Example]:
        return [Example.from_dict(nlp.make_doc(text),
                                  {"cats": {lab: float(lab == label) for lab in LABELS}})
                for text, label in items]

    train_examples = as_examples(train_set)
    optimizer = nlp.initialize(lambda: train_examples)
    rng = random.Random(SEED)
    for epoch in range(epochs):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"epoch {epoch + 1:2d} loss {losses['textcat']:.3f}")
    report = evaluate(nlp, held)
    return nlp, report


def evaluate(nlp: spacy.Language, held: list[tuple[str, str]]) -> dict[str, float]:
    counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    correct = 0
    for (_text, gold), doc in zip(held, nlp.pipe(t for t, _ in held), strict=True):
        guess = max(doc.cats, key=doc.cats.__getitem__)
        correct += guess == gold
        if guess == gold:
            counts[gold]["tp"] += 1
        else:
            counts[guess]["fp"] += 1
            counts[gold]["fn"] += 1
    print(f"\nheld-out accuracy {correct / max(len(held), 1):.3f} on {len(held)} sentences")
    print("| label | P | R | F1 |\n|---|---|---|---|")
    for label, c in counts.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"| {label} | {p:.2f} | {r:.2f} | {f:.2f} |")
    return {"accuracy": correct / max(len(held), 1)}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / "fixtures/training/events.jsonl")
    parser.add_argument("--output", type=Path, default=model_path())
    args = parser.parse_args(list(argv) if argv is not None else None)
    examples = load_examples(args.data, load_nlp(Settings.from_env()))
    print(f"{len(examples)} training sentences")
    nlp, _ = train(examples)
    if args.output.exists():
        shutil.rmtree(args.output)
    nlp.to_disk(args.output)
    print(f"saved to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
