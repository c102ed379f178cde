"""The requester side of the miner tests: the Python Bittensor SDK 9.0.0 dendrite sending the
reference's Allocate synapse, and Python `cryptography` for the RSA key and the credentials.

keygen:          print {"private": PEM, "public": PEM} (RSA-2048, as the reference's RSAEncryption)
call <json>:     send one Allocate from each listed hotkey at once; print the outputs as JSON
decrypt <json>:  RSA-OAEP-SHA256 decrypt base64 "info" with "private"; print the credentials JSON
"""
import asyncio
import base64
import json
import sys

import bittensor.core.dendrite as dendrite_module
import bittensor.utils.networking as networking

networking.get_external_ip = lambda: "127.0.0.1"
dendrite_module.get_external_ip = lambda: "127.0.0.1"

import bittensor as bt  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402


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


def keygen():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return {"private": private, "public": public}


def decrypt(args):
    key = serialization.load_pem_private_key(args["private"].encode(), password=None)
    plaintext = key.decrypt(base64.b64decode(args["info"]),
                            padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    return json.loads(plaintext)


async def call(args):
    axon = bt.AxonInfo(version=0, ip="127.0.0.1", port=args["port"], ip_type=4, hotkey=args["axon_hotkey"], coldkey="")
    fields = args["synapse"]

    async def one(hotkey_name):
        wallet = bt.wallet(name=args.get("wallet_name", "default"), hotkey=hotkey_name, path=args["wallet_path"])
        async with bt.dendrite(wallet=wallet) as dendrite:
            answer = await dendrite.call(target_axon=axon, synapse=Allocate(**fields), timeout=args.get("timeout", 60), deserialize=False)
        return {"hotkey": hotkey_name, "status_code": answer.dendrite.status_code, "message": answer.dendrite.status_message,
                "output": answer.output, "docker_requirement": answer.docker_requirement}

    return await asyncio.gather(*(one(name) for name in args["hotkeys"]))


def main():
    command = sys.argv[1]
    if command == "keygen":
        result = keygen()
    elif command == "decrypt":
        result = decrypt(json.loads(sys.argv[2]))
    elif command == "call":
        result = asyncio.run(call(json.loads(sys.argv[2])))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
