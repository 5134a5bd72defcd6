"""Reads a newsgraph JSON-LD file with rdflib, offline, and answers questions about it.

usage:
  check_jsonld.py FILE counts
      prints {"entities": N, "statements": N, "triples": N}
  check_jsonld.py FILE names
      prints the sorted list of every schema:name
  check_jsonld.py FILE relation SUBJECT PREDICATE_PART OBJECT
      prints the statements whose subject is named SUBJECT, whose object is named OBJECT
      and whose predicate contains PREDICATE_PART (case-insensitive), one object per
      evidence item: {"predicate", "sentence", "document", "tense", "negated"};
      exits 1 when there is none.

Any attempt to open a network connection raises: the file's context must be inline.
"""

import json
import socket
import sys


def no_network(*args, **kwargs):
    raise RuntimeError("network access while reading JSON-LD: the context must be inline")


socket.socket.connect = no_network
socket.create_connection = no_network
socket.getaddrinfo = no_network

from rdflib import Graph, Literal  # noqa: E402

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX ng: <https://newsgraph.dev/ns#>
"""

RELATION = PREFIXES + """
SELECT ?predicate ?sentence ?document ?tense ?negated WHERE {
  ?st a ng:Statement ;
      ng:subject ?s ;
      ng:predicate ?predicate ;
      ng:object ?o ;
      ng:negated ?negated ;
      ng:evidence ?ev .
  ?s schema:name ?sname .
  ?o schema:name ?oname .
  ?ev ng:sentence ?sentence ;
      ng:document ?document .
  OPTIONAL { ?st ng:tense ?tense }
  FILTER (STR(?sname) = STR(?subject) && STR(?oname) = STR(?object))
  FILTER (CONTAINS(LCASE(STR(?predicate)), LCASE(STR(?part))))
}
ORDER BY ?predicate ?document ?sentence
"""


def text(term):
    return None if term is None else str(term)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    g = Graph()
    g.parse(argv[1], format="json-ld")
    what = argv[2]
    if what == "counts":
        entities = g.query(PREFIXES + "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e schema:identifier ?id }")
        statements = g.query(PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ng:Statement }")
        print(json.dumps({
            "entities": int(next(iter(entities))[0]),
            "statements": int(next(iter(statements))[0]),
            "triples": len(g),
        }))
        return 0
    if what == "names":
        rows = g.query(PREFIXES + "SELECT DISTINCT ?name WHERE { ?e schema:identifier ?id ; schema:name ?name }")
        print(json.dumps(sorted(str(r[0]) for r in rows), ensure_ascii=False))
        return 0
    if what == "relation" and len(argv) == 6:
        subject, part, obj = argv[3:6]
        rows = g.query(RELATION, initBindings={
            "subject": Literal(subject),
            "part": Literal(part),
            "object": Literal(obj),
        })
        found = [
            {
                "predicate": text(r.predicate),
                "sentence": text(r.sentence),
                "document": text(r.document),
                "tense": text(r.tense),
                "negated": r.negated.toPython() if r.negated is not None else None,
            }
            for r in rows
        ]
        print(json.dumps(found, ensure_ascii=False))
        return 0 if found else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
