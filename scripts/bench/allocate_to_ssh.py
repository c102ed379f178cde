"""Time from an Allocate request (Python SDK dendrite) to an SSH login that works (OpenSSH),
RUNS times, deallocating between runs. Prints the timings as JSON.

usage: allocate_to_ssh.py <wallet_path> <axon_port> <miner_hotkey> <ssh_port> [runs]
"""
import asyncio
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../Tests/NodeInteropTests"))
import renter_peer  # noqa: E402


def ssh_works(password, port):
    command = ["sshpass", "-e", "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "-o", "ConnectTimeout=5", "-p", str(port), "root@127.0.0.1", "true"]
    return subprocess.run(command, env={**os.environ, "SSHPASS": password}, capture_output=True).returncode == 0


def main():
    wallet_path, axon_port, miner_hotkey, ssh_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    base = {"wallet_path": wallet_path, "port": axon_port, "axon_hotkey": miner_hotkey, "hotkeys": ["v0"], "timeout": 60}
    timings = []
    for _ in range(runs):
        keys = renter_peer.keygen()
        request = {"timeline": 1, "checking": False, "public_key": keys["public"],
                   "device_requirement": {"cpu": {"count": 1}, "gpu": {}, "ram": {"capacity": 1 << 30}, "hard_disk": {"capacity": 1 << 30}},
                   "docker_requirement": {"base_image": "ubuntu", "ssh_key": "", "ssh_port": 4444, "volume_path": "/tmp", "dockerfile": ""}}
        started = time.monotonic()
        answer = asyncio.run(renter_peer.call({**base, "synapse": request}))[0]
        if not answer["output"].get("status"):
            raise SystemExit(f"allocation refused: {answer}")
        password = renter_peer.decrypt({"private": keys["private"], "info": answer["output"]["info"]})["password"]
        while not ssh_works(password, ssh_port):
            time.sleep(0.05)
        timings.append(time.monotonic() - started)
        release = {"timeline": 0, "checking": False, "public_key": keys["public"]}
        asyncio.run(renter_peer.call({**base, "synapse": release}))
    timings.sort()
    print(json.dumps({"runs": runs, "p50": timings[len(timings) // 2], "min": timings[0], "max": timings[-1], "all": timings}))


if __name__ == "__main__":
    main()
