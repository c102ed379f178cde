"""The Python side of the wire-format tests: CPython's own str()/repr() and bittensor 9.0.0's
Synapse.body_hash, as the real peer. Each subcommand prints one JSON object."""
import json
import math
import random
import struct
import sys


def typed(value):
    """A value tree tagged with Python types, floats as IEEE bits, so Swift rebuilds it exactly."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": value}
    if isinstance(value, float):
        return {"t": "float", "bits": struct.unpack("<Q", struct.pack("<d", value))[0]}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, tuple):
        return {"t": "tuple", "v": [typed(x) for x in value]}
    if isinstance(value, list):
        return {"t": "list", "v": [typed(x) for x in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[k, typed(v)] for k, v in value.items()]}
    raise TypeError(type(value))


def random_float(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice([0.0, -0.0, 1.0, 0.1, 1e-05, 1e16, 1e15, 9999999999999998.0, 5e-324, 1.7976931348623157e308, math.inf, -math.inf])
    if kind == 1:
        return float(rng.randrange(-10**6, 10**6))
    if kind == 2:
        return rng.random() * 10 ** rng.randrange(-30, 30)
    return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] if kind == 3 and True else rng.uniform(-1e6, 1e6)


def random_string(rng):
    alphabet = ["a", "Z", " ", "'", '"', "\\", "\n", "\t", "\r", "\x00", "\x7f", "\x85", "\xa0", "é", "ß", "中",
                "\u200b", "\u2028", "\ue000", "😀", "\U0001f600", "\x1b", "ÿ", "\u0301", "\u3000"]
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))


def random_value(rng, depth=0):
    kind = rng.randrange(9 if depth < 2 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-2**63, 2**63)
    if kind == 3:
        f = random_float(rng)
        return 0.0 if isinstance(f, float) and math.isnan(f) else f
    if kind == 4:
        return random_string(rng)
    if kind == 5:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if kind == 6:
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(0, 3)))
    return {random_string(rng): random_value(rng, depth + 1) for _ in range(rng.randrange(0, 3))}


def repr_cases(args):
    rng = random.Random(args["seed"])
    cases = [random_value(rng) for _ in range(args["count"])]
    cases += [float("nan"), 1e22, 123456789012345680.0, 0.0001, 0.00001, -1.5e-7, (1,), ()]
    # Either side of where Swift's own layout stops matching Python's (1e-4 and 2^53).
    cases += [9.999999999999999e-05, 0.00010000000000000002, 9007199254740991.0, 9007199254740992.0,
              -9007199254740994.0, 1234567890123456.8, 999999999999999.9]
    return {"cases": [{"value": typed(v), "str": str(v)} for v in cases]}


def body_hash(args):
    from typing import Dict, List, Optional
    from bittensor.core.synapse import Synapse

    class Mixed(Synapse):
        ratio: float
        nums: List[float]
        meta: Dict[str, int]
        text: str
        flag: bool
        count: int
        note: Optional[str] = None
        required_hash_fields = ("ratio", "nums", "meta", "text", "flag", "count", "note")

    synapse = Mixed(**args["fields"])
    dumped = synapse.model_dump()
    return {"body_hash": synapse.body_hash,
            "values": [typed(dumped[f]) for f in Mixed.required_hash_fields]}


def allocate_hash(args):
    # The reference's Allocate with NICompute's bound fields declared as hash fields: bittensor
    # then hashes exactly what NICompute's body binding signs.
    from network_peer import Allocate

    class BoundAllocate(Allocate):
        required_hash_fields = ("timeline", "device_requirement", "checking", "public_key",
                                "docker_requirement", "docker_change", "docker_action")

    # The JSON texts themselves, so key order and 2.0-versus-2 arrive as written.
    return {"body_hashes": [BoundAllocate(**json.loads(body)).body_hash for body in args["bodies"]]}


def allocate_wire(args):
    # Our Allocate bodies as the reference's pydantic model reads them, and the reference
    # miner's answers as it writes them (compute's miner: output = {"status": …, "info": …}).
    from network_peer import Allocate
    read = []
    for body in args["bodies"]:
        synapse = Allocate(**json.loads(body))
        read.append({"output": synapse.output, "output_keys": list(synapse.output.keys()),
                     "device_requirement": synapse.device_requirement, "docker_action": synapse.docker_action})
    written = [Allocate(checking=False, timeline=1, output=output).model_dump_json() for output in args["outputs"]]
    return {"read": read, "written": written}


def verify(args):
    from bittensor_wallet import Keypair
    return {"valid": Keypair(ss58_address=args["ss58"]).verify(args["message"], args["signature"])}


def sign(args):
    from bittensor_wallet import Keypair
    return {"signature": "0x" + Keypair.create_from_uri(args["uri"]).sign(args["message"]).hex()}


COMMANDS = {"repr-cases": repr_cases, "body-hash": body_hash, "allocate-hash": allocate_hash, "allocate-wire": allocate_wire, "verify": verify, "sign": sign}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](json.loads(sys.argv[2]))))
