#!/usr/bin/env python3
"""Decodes SCALE call data with the recorded subtensor metadata, the way the Python SDK does.

    .venv/bin/python scripts/timelock/decode_call.py <call-hex>
    -> {"module": "SubtensorModule", "function": "commit_timelocked_weights",
        "call_index": "0x0771", "args": {"netuid": 27, "commit": "0x…", …}}

The metadata is the V14 blob of the golden fixture (`SUBTENSOR_GOLDEN`, else
`$NICOMPUTE_SHARED/fixtures/subtensor-golden.json`, else `../shared/fixtures/…` beside the
repository), loaded exactly as Tests/SubtensorClientTests/sdk_peer.py loads it: scalecodec 1.2.11's
RuntimeConfigurationObject(ss58_format=42, implements_scale_info=True) with the "core" preset,
`MetadataVersioned` decoded and added as the portable registry, then a `Call` object decoded from
the bytes (trailing bytes are an error). Prints one JSON object; errors exit 1 with a message on
standard error.
"""
import json
import os
import sys


def fixture_path():
    if os.environ.get("SUBTENSOR_GOLDEN"):
        return os.environ["SUBTENSOR_GOLDEN"]
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shared = os.environ.get("NICOMPUTE_SHARED") or os.path.join(os.path.dirname(repository), "shared")
    return os.path.join(shared, "fixtures", "subtensor-golden.json")


def runtime():
    from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
    from scalecodec.type_registry import load_type_registry_preset

    with open(fixture_path()) as handle:
        fixture = json.load(handle)
    config = RuntimeConfigurationObject(ss58_format=42, implements_scale_info=True)
    config.update_type_registry(load_type_registry_preset(name="core"))
    metadata = config.create_scale_object("MetadataVersioned", data=ScaleBytes(fixture["metadata"]["v14_hex"]))
    metadata.decode()
    config.add_portable_registry(metadata)
    return config, metadata


def decode_call(call_hex):
    from scalecodec.base import ScaleBytes

    if not call_hex.startswith("0x"):
        call_hex = "0x" + call_hex
    bytes.fromhex(call_hex[2:])  # a clear error for non-hex input
    config, metadata = runtime()
    call = config.create_scale_object("Call", data=ScaleBytes(call_hex), metadata=metadata)
    value = call.decode(check_remaining=True)
    return {
        "module": value["call_module"],
        "function": value["call_function"],
        "call_index": value["call_index"],
        "args": {arg["name"]: arg["value"] for arg in value["call_args"]},
    }


def main(argv):
    if len(argv) != 2:
        print("usage: decode_call.py <call-hex>", file=sys.stderr)
        return 1
    try:
        result = decode_call(argv[1].strip())
    except Exception as e:  # noqa: BLE001 -- every failure is reported the same way
        print(f"decode_call.py: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
