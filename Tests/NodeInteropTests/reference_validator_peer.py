"""A client that tests a miner as SN27 v2.2.1's reference validator does, written from its
behaviour (neurons/validator.py `allocate_miner`, neurons/Validator/health_check.py), not its
code: the Python Bittensor SDK 9.0.0 dendrite sends v2.2's Allocate, `cryptography` opens the
credentials, paramiko logs in with them, SFTP carries a script and its seeds into the container,
the container's own `python3` runs it (NumPy stands in for the reference's PyTorch), then a
health-check HTTP server starts on every internal user port and is probed from outside on its
external port with `requests`. Finally the allocation is released.

run <json>: {"wallet_path", "hotkey", "port", "axon_hotkey", "host"}; prints one JSON object
            with what each stage saw.
"""
import asyncio
import base64
import json
import sys
import time

import bittensor.core.dendrite as dendrite_module
import bittensor.utils.networking as networking

networking.get_external_ip = lambda: "127.0.0.1"
dendrite_module.get_external_ip = lambda: "127.0.0.1"

import bittensor as bt  # noqa: E402
import numpy as np  # noqa: E402
import paramiko  # noqa: E402
import requests  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402
from renter_peer import Allocate  # noqa: E402  (v2.2.1's synapse, the two port maps included)


# What the validator uploads: a server answering GET / with 200 "Health OK" until its timeout, and
# a stand-in for the PoG miner script (seeded matrices, their product, a digest of its rows).
HEALTH_SERVER = r'''
import argparse, http.server, socketserver, time
parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=27015)
parser.add_argument("--timeout", type=int, default=60)
args = parser.parse_args()
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path == "/"
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"Health OK" if ok else b"Not Found")
    def log_message(self, *args):
        pass
socketserver.TCPServer.allow_reuse_address = True
server = socketserver.TCPServer(("0.0.0.0", args.port), Handler)
server.timeout = 1
end = time.time() + args.timeout
while time.time() < end:
    server.handle_request()
'''

MINER_SCRIPT = r'''
import json, numpy as np
seeds = [int(x) for x in open("/tmp/seeds.txt").read().split()]
n = seeds[2]
a = np.random.default_rng(seeds[0]).standard_normal((n, n), dtype=np.float32)
b = np.random.default_rng(seeds[1]).standard_normal((n, n), dtype=np.float32)
c = a @ b
# The reference spot-checks cells against a tolerance: float sums differ in their last bits
# between BLAS builds, so cells are compared with a tolerance, never hashed.
print(json.dumps([float(c[i, (7 * i) % n]) for i in range(n)]))
'''


def keygen():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return key, public


async def allocate(args, synapse):
    axon = bt.AxonInfo(version=0, ip=args["host"], port=args["port"], ip_type=4, hotkey=args["axon_hotkey"], coldkey="")
    wallet = bt.wallet(name="default", hotkey=args["hotkey"], path=args["wallet_path"])
    async with bt.dendrite(wallet=wallet) as dendrite:
        return await dendrite.call(target_axon=axon, synapse=synapse, timeout=60, deserialize=False)


def exec_status(ssh, command, timeout=60):
    _, stdout, stderr = ssh.exec_command(command, timeout=timeout)
    status = stdout.channel.recv_exit_status()
    return status, stdout.read().decode(errors="replace"), stderr.read().decode(errors="replace")


def run(args):
    result = {}
    key, public = keygen()
    # allocate_miner: the reference's test requirement and its PyTorch base image.
    device_requirement = {"cpu": {"count": 1}, "gpu": {"count": 1, "capacity": 0, "type": ""},
                          "hard_disk": {"capacity": 1073741824}, "ram": {"capacity": 1073741824}, "testing": True}
    answer = asyncio.run(allocate(args, Allocate(timeline=1, device_requirement=device_requirement, checking=False, public_key=public,
                                                 docker_requirement={"base_image": "pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime"})))
    result["status_code"] = answer.dendrite.status_code
    result["version"] = answer.axon.version
    result["axon"] = answer.axon.model_dump()
    result["docker_requirement"] = answer.docker_requirement
    output = answer.output or {}
    result["allocated"] = bool(output.get("status"))
    if not result["allocated"]:
        result["output"] = output
        return result
    info = json.loads(key.decrypt(base64.b64decode(output["info"]),
                                  padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)))
    result["info_keys"] = list(info.keys())
    result["info_version"] = info.get("version")
    user_ports = info.get("external_user_ports", {})
    result["external_user_ports"] = user_ports
    try:
        ssh = paramiko.SSHClient()
        ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        ssh.connect(args["host"], port=info["port"], username=info["username"], password=info["password"], timeout=10,
                    allow_agent=False, look_for_keys=False)
        # SFTP: the scripts and the seeds, as the reference sends /tmp/seeds.txt.
        sftp = ssh.open_sftp()
        with sftp.open("/tmp/health_check_server.py", "w") as f:
            f.write(HEALTH_SERVER)
        sftp.chmod("/tmp/health_check_server.py", 0o755)
        with sftp.open("/tmp/miner_script.py", "w") as f:
            f.write(MINER_SCRIPT)
        seeds = [int(x) for x in np.random.default_rng().integers(1, 2**31, size=2)] + [64]
        with sftp.open("/tmp/seeds.txt", "w") as f:
            f.write(" ".join(map(str, seeds)))
        result["sftp"] = sorted(name for name in sftp.listdir("/tmp") if name in ("health_check_server.py", "miner_script.py", "seeds.txt"))
        sftp.close()
        status, stdout, stderr = exec_status(ssh, "python3 /tmp/miner_script.py")
        a = np.random.default_rng(seeds[0]).standard_normal((64, 64), dtype=np.float32)
        b = np.random.default_rng(seeds[1]).standard_normal((64, 64), dtype=np.float32)
        expected = [float((a @ b)[i, (7 * i) % 64]) for i in range(64)]
        try:
            cells = json.loads(stdout)
            matches = len(cells) == 64 and bool(np.allclose(cells, expected, rtol=1e-4, atol=1e-4))
        except ValueError:
            matches = False
        result["script"] = {"status": status, "matches": matches, "stdout": stdout[-300:], "stderr": stderr[-500:]}
        # Health check: a server per internal port in the background, readiness from inside,
        # then GET / from outside on each external port.
        channels = []
        for internal in user_ports:
            channel = ssh.get_transport().open_session()
            channel.exec_command(f"python3 /tmp/health_check_server.py --port {internal} --timeout 60")
            channels.append(channel)
        inside = {}
        for internal in user_ports:
            ready = False
            for _ in range(15):
                status, _, _ = exec_status(ssh, f"python3 -c 'import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:{internal}/\", timeout=2)'")
                if status == 0:
                    ready = True
                    break
                time.sleep(1)
            inside[internal] = ready
        result["inside"] = inside
        outside = {}
        for internal, external in user_ports.items():
            seen = "no answer"
            for _ in range(15):
                try:
                    response = requests.get(f"http://{args['host']}:{external}", timeout=2)
                    seen = f"{response.status_code} {response.text}"
                    if response.status_code == 200:
                        break
                except requests.exceptions.RequestException as error:
                    seen = type(error).__name__
                time.sleep(1)
            outside[internal] = seen
        result["outside"] = outside
        for channel in channels:
            channel.close()
        ssh.close()
    finally:
        release = asyncio.run(allocate(args, Allocate(timeline=0, checking=False, public_key=public)))
        result["released"] = bool((release.output or {}).get("status"))
    return result


def main():
    if sys.argv[1] != "run":
        raise SystemExit(f"unknown command {sys.argv[1]}")
    print(json.dumps(run(json.loads(sys.argv[2]))))


if __name__ == "__main__":
    main()
