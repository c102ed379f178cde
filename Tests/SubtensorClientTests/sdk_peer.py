"""The Python Bittensor SDK 9.0.0 (with its scalecodec, bt-decode and async-substrate-interface)
as the peer of SubtensorClientTests. Each subcommand reads a JSON object (argv[2]), does the
work with the SDK's own code, and prints one JSON line. It holds no expected values: the Swift
tests compare what the SDK says with what Swift produced.

Subcommands:
  neurons_lite     {fixture, raw_hex}      -> the SDK's NeuronInfoLite list for those bytes
  decode_extrinsic {fixture, extrinsic_hex}-> call, args, signer, era, nonce, tip, mode, and
                                              whether the signature verifies over the payload
                                              the SDK's generate_signature_payload builds
  commit_hash      {hotkey_ss58, netuid, uids, values, salt, version_key}
"""
import json
import sys

from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset


def load_fixture(path):
    with open(path) as handle:
        return json.load(handle)


def neurons_lite(args):
    from bt_decode import MetadataV15, PortableRegistry, decode as decode_by_type_string
    from async_substrate_interface.sync_substrate import hex_to_bytes
    from bittensor.core.chain_data.neuron_info_lite import NeuronInfoLite

    fixture = load_fixture(args["fixture"])
    metadata = MetadataV15.decode_from_metadata_option(hex_to_bytes(fixture["metadata"]["v15_hex"]))
    registry = PortableRegistry.from_metadata_v15(metadata)
    api = next(a for a in metadata.value()["apis"] if a["name"] == "NeuronInfoRuntimeApi")
    method = next(m for m in api["methods"] if m["name"] == "get_neurons_lite")
    # The same decoding as SubstrateInterface.runtime_call, then the SDK's own dataclass.
    decoded = decode_by_type_string(f"scale_info::{method['output']}", registry, hex_to_bytes(args["raw_hex"]))
    # The one adaptation: SDK 9.0.0 predates this runtime's integer newtypes (`AlphaBalance(u64)`,
    # `NetUid(u16)`…), which bt-decode returns as 1-tuples; the SDK's _from_dict wants bare integers.
    def bare(value):
        if isinstance(value, tuple) and len(value) == 1 and isinstance(value[0], int):
            return value[0]
        if isinstance(value, (list, tuple)):
            return type(value)(bare(item) for item in value)
        if isinstance(value, dict):
            return {key: bare(item) for key, item in value.items()}
        return value
    decoded = [bare(neuron) for neuron in decoded]
    neurons = NeuronInfoLite.list_from_dicts(decoded)
    out = []
    for n in neurons:
        out.append({
            "uid": n.uid, "netuid": n.netuid, "hotkey": n.hotkey, "coldkey": n.coldkey, "active": bool(n.active),
            # Floats as repr text: a JSON number parser may round differently from Python.
            "stake_rao": n.stake.rao, "emission": repr(n.emission), "incentive": repr(n.incentive),
            "consensus": repr(n.consensus), "trust": repr(n.trust), "validator_trust": repr(n.validator_trust),
            "dividends": repr(n.dividends),
            "last_update": n.last_update, "validator_permit": bool(n.validator_permit),
            "axon": {"ip": n.axon_info.ip, "port": n.axon_info.port, "version": n.axon_info.version,
                     "ip_type": n.axon_info.ip_type, "protocol": n.axon_info.protocol},
            "prometheus": {"ip": n.prometheus_info.ip, "port": n.prometheus_info.port,
                           "version": n.prometheus_info.version, "ip_type": n.prometheus_info.ip_type},
        })
    return {"neurons": out}


class _RecordedChain:
    """Just what SubstrateInterface's payload code reads from `self`, filled from the fixture
    instead of a live node."""

    def __init__(self, fixture, block_hashes):
        self.runtime_config = RuntimeConfigurationObject(ss58_format=42, implements_scale_info=True)
        self.runtime_config.update_type_registry(load_type_registry_preset(name="core"))
        v14 = fixture["metadata"]["v14_hex"]
        metadata = self.runtime_config.create_scale_object("MetadataVersioned", data=ScaleBytes(v14))
        metadata.decode()
        self.runtime_config.add_portable_registry(metadata)
        self._metadata = metadata
        self.metadata = metadata
        self.runtime_version = fixture["network"]["spec_version"]
        self.transaction_version = fixture["network"]["transaction_version"]
        self.genesis = fixture["network"]["genesis_hash"]
        self.block_hashes = block_hashes

    def get_block_hash(self, block_id=None):
        if block_id == 0:
            return self.genesis
        return self.block_hashes[str(block_id)]


def decode_call(args):
    """Call data alone (no signature): module, function and arguments, as the SDK decodes them."""
    chain = _RecordedChain(load_fixture(args["fixture"]), {})
    call = chain.runtime_config.create_scale_object("Call", data=ScaleBytes(args["call_hex"]), metadata=chain._metadata)
    call.decode(check_remaining=True)
    value = call.value
    return {"module": value["call_module"], "function": value["call_function"],
            "args": {a["name"]: a["value"] for a in value["call_args"]}}


def decode_extrinsic(args):
    from async_substrate_interface.sync_substrate import SubstrateInterface
    from bittensor_wallet import Keypair

    fixture = load_fixture(args["fixture"])
    chain = _RecordedChain(fixture, args.get("block_hashes", {}))
    extrinsic = chain.runtime_config.create_scale_object(
        "Extrinsic", data=ScaleBytes(args["extrinsic_hex"]), metadata=chain._metadata)
    extrinsic.decode()
    value = extrinsic.value
    era = value.get("era", "00")
    era_arg = "00" if era in ("00", "Immortal") else {"period": era[0], "phase": era[1]}
    current = args.get("era_current")
    if isinstance(era_arg, dict) and current is not None:
        era_arg = {"period": era[0], "current": current}
    call = chain.runtime_config.create_scale_object("Call", metadata=chain._metadata)
    call.encode({"call_module": value["call"]["call_module"], "call_function": value["call"]["call_function"],
                 "call_args": {a["name"]: a["value"] for a in value["call"]["call_args"]}})
    payload = SubstrateInterface.generate_signature_payload(chain, call, era=era_arg, nonce=value["nonce"], tip=value["tip"])
    address = value["address"]
    signer = Keypair(ss58_address=address) if not address.startswith("0x") else Keypair(public_key=address[2:], ss58_format=42)
    signature = value["signature"]
    sig_hex = signature.get("Sr25519") if isinstance(signature, dict) else signature
    verified = signer.verify(bytes(payload.data), bytes.fromhex(sig_hex.replace("0x", "")))
    return {
        "module": value["call"]["call_module"], "function": value["call"]["call_function"],
        "args": {a["name"]: a["value"] for a in value["call"]["call_args"]},
        "address": value["address"], "era": era if isinstance(era, str) else list(era),
        "nonce": value["nonce"], "tip": value["tip"], "mode": value.get("mode"),
        "call_hex": call.data.to_hex(), "payload_hex": payload.to_hex(), "verified": bool(verified),
        "extrinsic_hash": "0x" + extrinsic.extrinsic_hash.hex() if extrinsic.extrinsic_hash else None,
    }


def commit_hash(args):
    from bittensor.utils.weight_utils import generate_weight_hash
    from bittensor_wallet import Keypair

    keypair = Keypair(ss58_address=args["hotkey_ss58"])
    return {"hash": generate_weight_hash(
        address=args["hotkey_ss58"], netuid=args["netuid"], uids=args["uids"], values=args["values"],
        version_key=args["version_key"], salt=args["salt"]), "public_key": keypair.public_key.hex()}


def normalize(args):
    import numpy as np
    from bittensor.utils.weight_utils import convert_weights_and_uids_for_emit
    uids, weights = convert_weights_and_uids_for_emit(np.array(args["uids"], dtype=np.int64), np.array(args["weights"], dtype=np.float32))
    return {"uids": [int(u) for u in uids], "weights": [int(w) for w in weights]}


if __name__ == "__main__":
    command, payload = sys.argv[1], json.loads(sys.argv[2])
    handlers = {"neurons_lite": neurons_lite, "decode_extrinsic": decode_extrinsic, "decode_call": decode_call,
                "commit_hash": commit_hash, "normalize": normalize}
    print(json.dumps(handlers[command](payload)))
