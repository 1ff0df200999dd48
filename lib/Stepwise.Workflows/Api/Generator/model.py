"""Reads the Step Functions service model: the AWS SDK for JavaScript v3 schema (newest members) merged with
botocore's service-2.json (exact integer/long/float types and enum values). Used by generate.py."""
import json, os, re, glob

BOTOCORE = [
    "/usr/lib/google-cloud-sdk/lib/third_party/botocore/data/stepfunctions/2016-11-23/service-2.json",
    "/usr/lib/python3/dist-packages/botocore/data/stepfunctions/2016-11-23/service-2.json",
]
CACHE = os.environ.get("STEPWISE_CACHE") or os.path.expanduser("~/.cache/stepwise")
SDK = os.path.join(CACHE, "npm-interop", "node_modules", "@aws-sdk", "client-sfn", "dist-es")


def _js_blocks(text):
    consts = dict(re.findall(r'^const (_\w+) = "([^"]*)";', text, re.M))
    blocks = {}
    for m in re.finditer(r'^(?:export )?var (\w+\$?) = (.*?);\n', text, re.M | re.S):
        name, body = m.group(1), m.group(2)
        body = re.sub(r'\(\) => (\w+\$?)', r'"@\1"', body)
        body = re.sub(r'\b(64|128) \| (\d+)', lambda g: f'"@{"list" if g.group(1) == "64" else "map"}:{g.group(2)}"', body)
        body = re.sub(r'\b(_\w+)\b', lambda g: json.dumps(consts.get(g.group(1), g.group(1))), body)
        body = re.sub(r'\bn0\b', '"ns"', body)
        body = re.sub(r'\{[^{}]*\}', '0', body)
        try:
            blocks[name] = eval(body)
        except Exception:
            pass
    return blocks


def load():
    """Returns (shapes, operations, enums): shapes name -> {type, members: [(name, target, required)], ...}."""
    boto = {}
    for path in BOTOCORE:
        if os.path.exists(path):
            for k, v in json.load(open(path))["shapes"].items():
                boto.setdefault(k, v)
    text = open(os.path.join(SDK, "schemas", "schemas_0.js")).read()
    blocks = _js_blocks(text)
    shapes, ops = {}, {}

    def simple(code):
        return {0: "string", 1: "number", 2: "boolean", 4: "timestamp", 5: "timestamp", 6: "timestamp", 7: "timestamp", 15: "document", 21: "blob"}[code]

    def target(ref):
        """A member schema -> shape name or primitive type tag."""
        if isinstance(ref, list):
            ref = ref[0]
        if isinstance(ref, int):
            return simple(ref)
        if ref.startswith("@list:"):
            return ("list", simple(int(ref[6:])))
        if ref.startswith("@map:"):
            return ("map", simple(int(ref[5:])))
        name = ref[1:]
        if name.endswith("$"):
            return name[:-1]
        block = blocks.get(name)
        if block is None:
            raise KeyError(name)
        if isinstance(block, str):
            return target(block)
        kind = block[0]
        if kind == 0:
            return "string"
        if kind == 1:
            return ("list", target(block[4]))
        if kind == 2:
            return ("map", target(block[5]))
        raise ValueError(name)

    for name, block in blocks.items():
        if not (isinstance(block, list) and name.endswith("$")):
            continue
        kind = block[0]
        if kind in (3, -3):
            shape = block[2]
            names, refs = block[4], block[5]
            nreq = block[6] if len(block) > 6 else 0
            members = [(m, target(r), i < nreq) for i, (m, r) in enumerate(zip(names, refs))]
            shapes[shape] = {"error": kind == -3, "members": members, "boto": boto.get(shape)}
        elif kind == 9:
            ops[block[2]] = (block[4][1:-1], block[5][1:-1])

    enums = {}
    etext = open(os.path.join(SDK, "models", "enums.js")).read()
    for m in re.finditer(r'export const (\w+) = \{(.*?)\};', etext, re.S):
        enums[m.group(1)] = re.findall(r'\w+: "([^"]*)"', m.group(2))
    for k, v in boto.items():
        if "enum" in v and k not in enums:
            enums[k] = v["enum"]
    return shapes, ops, enums, boto


if __name__ == "__main__":
    s, o, e, b = load()
    print(len(s), len(o), len(e))
    print(s["HistoryEvent"]["members"][:5])
    print(s["StateExitedEventDetails"])
    print(o["TestState"], s["TestStateInput"]["members"])
