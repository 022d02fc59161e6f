"""Could a learned model find the statements the attribution rules miss? A probe, not a feature.

    python scripts/learned_cue_probe.py [--folds 5]

Every verb of the dev articles (``seeds/news_dev``, split ``dev``) whose lemma is a reporting
verb of the lexicon, or one of a wider list of communication verbs, and that carries no claim
the rules extracted, is a candidate. It is positive when a gold statement the rules missed has
it for its cue (the gold ``cue`` names the verb, and the statement lies in the verb's sentence).
A logistic regression over parse features (lemma, dependency, tag, subject, complements, the
check of ``speech_events`` that turned the verb down) is trained with the articles split into
folds (no article in both train and test), and the held-out predictions are pooled.

It reports how many missed statements have a candidate at all, and for each threshold the
candidates accepted, their precision, and the share of all dev statements they would add to
recall. Speakers are not judged: an accepted candidate would still need one.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_attribution import labelled_articles

from stance.config import load_analyze_config
from stance.extract import extract_claims, load_lexicon, normalise_quote_marks
from stance.extract import speech_events as events
from stance.extract.parse import parse
from stance.extract.scoring import score_statements

# Communication verbs outside the lexicon (from the usual lists of English reporting verbs).
_WIDER_WORDS = (
    "ask question wonder laugh fume rage snap scoff sneer shout insist repeat underline "
    "highlight acknowledge forecast project estimate calculate reckon guess infer imply "
    "elaborate detail outline describe depict portray characterize label brand name identify "
    "cite quote credit blame thank praise celebrate welcome hail criticise criticize attack "
    "question doubt challenge dispute contest counter rebut refute deny reject dismiss "
    "disclose leak publish post tweet write blog email text message report announce "
    "proclaim declare pledge promise vow swear threaten warn caution urge plead beg demand "
    "request order advise recommend suggest propose concede admit confess apologize apologise "
    "complain lament regret mourn express voice raise air share"
)
WIDER = frozenset(_WIDER_WORDS.split())


def reason(verb: Any, speech: frozenset[str], stance: frozenset[str]) -> str:
    """The first check of ``speech_events.find_speech_events`` that turns ``verb`` down."""
    lemma = verb.lemma_.lower()
    if lemma not in speech and lemma not in stance:
        return "lemma"
    if verb.dep_ in {"amod", "xcomp", "auxpass", "aux", "compound"}:
        return "dep"
    if verb.dep_ == "relcl" and events._background(verb):
        return "background"
    if events._negated_or_modal(verb):
        return "negated"
    if events._passive(verb):
        return "passive"
    if events.habitual(verb) or events.said_by_nobody(verb) or events.narrated_act(verb):
        return "narration"
    subject = events._subject(verb)
    if subject is None:
        return "no_subject"
    if subject.lower_ in events._NOT_SPEAKERS:
        return "not_speaker"
    if events.reported_tokens(verb, subject, lemma in stance) is None:
        return "no_content"
    return "passes"


def features(verb: Any, why: str) -> dict[str, Any]:
    subject = events._subject(verb)
    kids = {c.dep_ for c in verb.children}
    sent = verb.sent
    quoted = sum(t.text in "“”\"" for t in sent)
    return {
        "lemma=" + verb.lemma_.lower(): 1,
        "dep=" + verb.dep_: 1,
        "tag=" + verb.tag_: 1,
        "why=" + why: 1,
        "head_dep=" + verb.head.dep_: 1,
        "subj_pos=" + (subject.pos_ if subject is not None else "none"): 1,
        "subj_ent=" + (subject.ent_type_ if subject is not None else "none"): 1,
        "subj_pron": int(subject is not None and subject.pos_ == "PRON"),
        **{"child=" + d: 1 for d in kids},
        "quoted": int(quoted > 0),
        "first_in_sent": int(verb.i - sent.start < 3),
        "marks=" + ",".join(sorted(c.lower_ for c in verb.children if c.dep_ == "mark")): 1,
    }


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    config = load_analyze_config()
    lex = load_lexicon(config)
    speech, stance = lex.speech_lemmas, lex.stance_lemmas
    rows: list[dict[str, Any]] = []
    labels: list[int] = []
    groups: list[int] = []
    n_gold = n_missed = n_reachable = 0
    articles = [a for a in labelled_articles() if a[0] == "dev"]
    for k, (_split, text, gold) in enumerate(articles):
        pred = extract_claims(text, config)
        score = score_statements(pred, gold["claims"])
        n_gold += len(gold["claims"])
        missed = [gold["claims"][j] for j in score["missed"]]
        n_missed += len(missed)
        doc = parse(normalise_quote_marks(text))
        reached: set[int] = set()
        for verb in doc:
            lemma = verb.lemma_.lower()
            if verb.pos_ not in ("VERB", "AUX") or lemma not in (speech | stance | WIDER):
                continue
            if any(
                c.start <= verb.idx < c.end
                or (c.cue.startswith(verb.text) and abs(c.start - verb.idx) < 200)
                for c in pred
            ):
                continue  # a claim of the rules already hangs on it
            sent = verb.sent
            s0, s1 = sent.start_char, sent.end_char
            hit = next(
                (
                    i
                    for i, g in enumerate(missed)
                    if s0 <= g["start"] < s1 + 1
                    and re.search(rf"\b{re.escape(verb.text.lower())}\b", g["cue"].lower())
                ),
                None,
            )
            if hit is not None:
                reached.add(hit)
            rows.append(features(verb, reason(verb, speech, stance)))
            labels.append(int(hit is not None))
            groups.append(k)
        n_reachable += len(reached)
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    probs = [0.0] * len(labels)
    for train, test in GroupKFold(n_splits=args.folds).split(x, labels, groups):
        model = LogisticRegression(max_iter=2000, C=1.0, class_weight="balanced")
        model.fit(x[train], [labels[i] for i in train])
        for i, p in zip(test, model.predict_proba(x[test])[:, 1], strict=True):
            probs[i] = float(p)
    print(f"dev articles {len(articles)}, gold statements {n_gold}, missed by the rules "
          f"{n_missed}, with a candidate verb {n_reachable}")
    print(f"candidates {len(labels)}, positive {sum(labels)}")
    print(f"{'threshold':>10}{'accepted':>10}{'right':>8}{'precision':>11}{'recall +':>10}")
    for t in (0.5, 0.7, 0.8, 0.9, 0.95):
        acc = [i for i, p in enumerate(probs) if p >= t]
        right = sum(labels[i] for i in acc)
        prec = right / len(acc) if acc else 0.0
        print(f"{t:>10.2f}{len(acc):>10}{right:>8}{prec:>11.3f}{right / n_gold:>10.3f}")


if __name__ == "__main__":
    main()
