"""Reads a newsgraph node-link JSON file with networkx and checks it matches the JSON.

usage: check_networkx.py FILE

Prints {"json_nodes", "json_edges", "nodes", "edges", "directed", "multigraph",
"relations": [[source label, edge label, target label], ...]} and exits 1 when networkx's
node or edge count differs from the file's lists (parallel edges lost, nodes merged).
"""

import json
import sys

import networkx as nx


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="edges")
    relations = sorted(
        [g.nodes[s]["label"], d["label"], g.nodes[t]["label"]]
        for s, t, d in g.edges(data=True)
    )
    out = {
        "json_nodes": len(data["nodes"]),
        "json_edges": len(data["edges"]),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "relations": relations,
    }
    print(json.dumps(out, ensure_ascii=False))
    same = (out["nodes"], out["edges"]) == (out["json_nodes"], out["json_edges"])
    return 0 if same and out["directed"] and out["multigraph"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
