"""A real bittensor 9.0.0 axon and dendrite for the network interoperability tests.

serve <json>: serve the test synapses on 127.0.0.1, print "READY <port>", run until killed.
query <json>: query an axon with each requested synapse, print the outcomes as JSON.
"""
import asyncio
import json
import os
import signal
import socket
import sys
import tempfile
import time
from typing import Dict, List, Optional, Tuple

import bittensor.core.dendrite as dendrite_module
import bittensor.utils.networking as networking

networking.get_external_ip = lambda: "127.0.0.1"
dendrite_module.get_external_ip = lambda: "127.0.0.1"

import bittensor as bt  # noqa: E402
from bittensor_wallet import Keypair, Wallet  # noqa: E402


# The reference's synapses (compute/protocol.py, inventory §1.2), and a test synapse whose
# required_hash_fields exercise Python rendering.
class Specs(bt.Synapse):
    specs_input: str = ""
    specs_output: str = ""


class Allocate(bt.Synapse):
    timeline: int = 0
    device_requirement: dict = {}
    checking: bool = True
    output: dict = {}
    public_key: str = ""
    docker_requirement: dict = {"base_image": "ubuntu", "ssh_key": "", "ssh_port": 4444, "volume_path": "/tmp", "dockerfile": "",
                                "external_ports": {}, "external_user_ports": {}}  # SN27 v2.2.1
    docker_change: bool = False
    docker_action: dict = {"action": "", "ssh_key": "", "key_type": ""}
    # As the reference's (ni-compute): no required_hash_fields, so bittensor's signature covers
    # no field. NICompute's dendrite binds them with a second signature in its own header.


class Challenge(bt.Synapse):
    challenge_hash: str = ""
    challenge_salt: str = ""
    challenge_mode: str = ""
    challenge_chars: str = ""
    challenge_mask: str = ""
    challenge_difficulty: int = 7
    output: dict = {}


class Mixed(bt.Synapse):
    ratio: float
    nums: List[float]
    meta: Dict[str, int]
    text: str
    reply: Optional[str] = None
    required_hash_fields = ("ratio", "nums", "meta", "text")


SYNAPSES = {"Specs": Specs, "Allocate": Allocate, "Challenge": Challenge, "Mixed": Mixed}


def wallet_for(uri):
    path = tempfile.mkdtemp()
    wallet = Wallet(name="peer", hotkey="peer", path=path)
    keypair = Keypair.create_from_uri(uri)
    wallet.set_hotkey(keypair, encrypt=False, overwrite=True)
    wallet.set_coldkeypub(keypair, overwrite=True)
    return wallet


def serve(args):
    wallet = wallet_for(args["uri"])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    axon = bt.Axon(wallet=wallet, ip="127.0.0.1", external_ip="127.0.0.1", port=port)
    blocked = set(args.get("blacklist", []))

    def blacklist(synapse):
        hotkey = synapse.dendrite.hotkey
        return (hotkey in blocked, "on the test blacklist")

    def forward_specs(synapse: Specs) -> Specs:
        if synapse.specs_input == "slow":
            time.sleep(3)
        synapse.specs_output = "python-specs:" + synapse.specs_input
        return synapse

    def forward_allocate(synapse: Allocate) -> Allocate:
        synapse.output = {"status": True, "port": 4444, "timeline": synapse.timeline}
        return synapse

    def forward_challenge(synapse: Challenge) -> Challenge:
        synapse.output = {"error": "not supported"}
        return synapse

    def forward_mixed(synapse: Mixed) -> Mixed:
        synapse.reply = synapse.text + "!"
        return synapse

    # bittensor checks the hooks' exact signatures, parameter name included.
    def bl_specs(synapse: Specs) -> Tuple[bool, str]: return blacklist(synapse)
    def bl_allocate(synapse: Allocate) -> Tuple[bool, str]: return blacklist(synapse)
    def bl_challenge(synapse: Challenge) -> Tuple[bool, str]: return blacklist(synapse)
    def bl_mixed(synapse: Mixed) -> Tuple[bool, str]: return blacklist(synapse)

    axon.attach(forward_fn=forward_specs, blacklist_fn=bl_specs)
    axon.attach(forward_fn=forward_allocate, blacklist_fn=bl_allocate)
    axon.attach(forward_fn=forward_challenge, blacklist_fn=bl_challenge)
    axon.attach(forward_fn=forward_mixed, blacklist_fn=bl_mixed)
    axon.start()
    # The test process may hand down a blocked SIGTERM (its runtime's threads block signals):
    # unblock it, make it end the process, and also end when the parent goes away.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    parent = os.getppid()
    print(f"READY {port}", flush=True)
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def query(args):
    wallet = wallet_for(args["uri"])
    dendrite = bt.Dendrite(wallet=wallet)
    axon = bt.AxonInfo(version=0, ip=args["ip"], port=args["port"], ip_type=4, hotkey=args["hotkey"], coldkey=args["hotkey"])
    results = []

    async def run():
        for request in args["requests"]:
            synapse = SYNAPSES[request["synapse"]](**request.get("fields", {}))
            if request.get("rename"):
                synapse.__class__ = type(request["rename"], (SYNAPSES[request["synapse"]],), {})
            answer = await dendrite.call(target_axon=axon, synapse=synapse, timeout=request.get("timeout", 12), deserialize=False)
            fields = {k: v for k, v in answer.model_dump().items() if k not in ("dendrite", "axon")}
            results.append({"status": answer.dendrite.status_code, "message": answer.dendrite.status_message, "fields": fields})
        await dendrite.aclose_session()

    asyncio.run(run())
    return {"results": results}


if __name__ == "__main__":
    command, payload = sys.argv[1], json.loads(sys.argv[2])
    if command == "serve":
        serve(payload)
    else:
        print(json.dumps(query(payload)))
