#!/usr/bin/env python3
"""Whoosh side of `bench/run.sh --only search`: indexes the same generated corpus as Parley and runs the same queries.

Usage: search_whoosh.py CORPUS.jsonl QUERIES.txt INDEX_DIR SECONDS MODE   (MODE: plain | fuzzy | plain-highlights | fuzzy-highlights)
Prints one JSON object: documents, build_s, queries, seconds, qps, p50_ms, p99_ms, hits.
Whoosh 2.7.4 as the seed used it: TEXT fields with the stemming analyzer, BM25F (its default), OR of the query words, top 10.
The -highlights modes also build each hit's highlighted title and best body fragment (Whoosh's default highlighter), the work
Parley's endpoint does for its snippets.
"""
import json
import os
import sys
import time

from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, OrGroup


def build(corpus, directory):
    schema = Schema(id=ID(stored=True, unique=False), title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                    body=TEXT(analyzer=StemmingAnalyzer(), stored=True))
    if index.exists_in(directory):
        return index.open_dir(directory), 0.0, None
    os.makedirs(directory, exist_ok=True)
    ix = index.create_in(directory, schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=512)
    count = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            writer.add_document(id=doc["id"], title=doc["title"], body=doc["body"])
            count += 1
    writer.commit()
    return ix, time.perf_counter() - started, count


def main():
    corpus, queries_file, directory, seconds, mode = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
    ix, build_s, count = build(corpus, directory)
    with open(queries_file, encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip()]
    fuzzy = mode.startswith("fuzzy")
    highlights = mode.endswith("-highlights")
    if fuzzy:
        queries = [" ".join(w + "~1" if len(w) >= 5 else w for w in q.split()) for q in queries]
    latencies = []
    hits = 0
    with ix.searcher() as searcher:
        parser = MultifieldParser(["title", "body"], ix.schema, group=OrGroup)
        if fuzzy:
            parser.add_plugin(FuzzyTermPlugin())

        def run(q):
            results = searcher.search(parser.parse(q), limit=10)
            if highlights:
                return [(h["id"], h.highlights("title"), h.highlights("body", top=1)) for h in results]
            return [h["id"] for h in results]

        # Warm-up: the first 50 queries, not counted.
        for q in queries[:50]:
            run(q)
        started = time.perf_counter()
        for q in queries:
            t0 = time.perf_counter()
            ids = run(q)
            latencies.append(time.perf_counter() - t0)
            hits += len(ids)
            if time.perf_counter() - started > seconds:
                break
        elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    print(json.dumps({
        "documents": count if count is not None else ix.doc_count(),
        "build_s": round(build_s, 2),
        "queries": n,
        "seconds": round(elapsed, 3),
        "qps": n / elapsed if elapsed > 0 else 0,
        "p50_ms": latencies[n // 2] * 1000,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000,
        "hits": hits,
    }))


if __name__ == "__main__":
    main()
