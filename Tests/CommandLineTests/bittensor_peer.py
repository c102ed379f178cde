"""The Python side of the wallet interoperability tests: bittensor-wallet 3.0.4, the real peer.

Each subcommand reads its arguments as JSON from argv[2] and prints one JSON object.
"""
import importlib.metadata
import json
import sys

from bittensor_wallet import Keyfile, Keypair, Wallet
from bittensor_wallet.keyfile import serialized_keypair_to_keyfile_data


def private_key(keypair):
    """The 64-byte key ‖ nonce as bittensor-wallet writes it into a keyfile."""
    return json.loads(serialized_keypair_to_keyfile_data(keypair))["privateKey"]


def create_wallet(a):
    w = Wallet(name=a["name"], hotkey=a["hotkey"], path=a["path"])
    w.create_new_coldkey(use_password=a["password"] is not None, overwrite=False, suppress=True,
                         coldkey_password=a["password"])
    w.create_new_hotkey(use_password=False, overwrite=False, suppress=True)
    return {"coldkey": w.coldkeypub.ss58_address, "hotkey": w.hotkey.ss58_address}


def load_wallet(a):
    w = Wallet(name=a["name"], hotkey=a["hotkey"], path=a["path"])
    cold = Keyfile(w.coldkey_file.path, name="coldkey")
    coldkey = cold.get_keypair(password=a.get("password"))
    hot = w.hotkey
    return {
        "version": importlib.metadata.version("bittensor-wallet"),
        "coldkey": coldkey.ss58_address,
        "coldkeypub": w.coldkeypub.ss58_address,
        "coldkey_encrypted": cold.is_encrypted(),
        "coldkey_private": private_key(coldkey),
        "hotkey": hot.ss58_address,
        "hotkey_private": private_key(hot),
    }


def sign(a):
    w = Wallet(name=a["name"], hotkey=a["hotkey"], path=a["path"])
    if a.get("use_coldkey"):
        key = Keyfile(w.coldkey_file.path, name="coldkey").get_keypair(password=a.get("password"))
    else:
        key = w.hotkey
    return {"ss58": key.ss58_address, "signatures": [key.sign(bytes.fromhex(m)).hex() for m in a["messages"]]}


def verify(a):
    kp = Keypair(ss58_address=a["ss58"])
    return {"results": [kp.verify(bytes.fromhex(m), bytes.fromhex(s)) for m, s in zip(a["messages"], a["signatures"])]}


def from_mnemonic(a):
    kp = Keypair.create_from_mnemonic(a["mnemonic"])
    return {"ss58": kp.ss58_address, "private": private_key(kp), "public": "0x" + kp.public_key.hex()}


def from_uri(a):
    kp = Keypair.create_from_uri(a["uri"])
    return {"ss58": kp.ss58_address, "private": private_key(kp)}


def generate_mnemonics(a):
    return {"mnemonics": [Keypair.generate_mnemonic(a["words"]) for _ in range(a["count"])]}


COMMANDS = {f.__name__.replace("_", "-"): f for f in
            (create_wallet, load_wallet, sign, verify, from_mnemonic, from_uri, generate_mnemonics)}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](json.loads(sys.argv[2]))))
