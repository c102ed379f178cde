"""Kill cycles (issue 16): `kill -9` of the miner mid-allocation, of the validator mid-round
and of the Register API mid-allocate, restarting each time, then counting what a crash may not leave: orphaned
containers, lost or duplicated rentals, SSH ports still held. Real processes, the real
container engine, the Python SDK 9.0.0 dendrite as the requester. The `storm` phase has the
validator verify the miner, then sends REQUESTS concurrent `allocate_spec` through two API
instances on one PostgreSQL database (NICOMPUTE_TEST_POSTGRES), and counts double allocations
and unclear answers.

usage: chaos.py --bin path/to/nicompute --cycles N [--phases miner,validator,api,storm] [--requests 1000]
Prints one line per phase and a JSON summary; exit 1 when any count is not 0.
"""
import argparse
import json
import os
import random
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PEER = os.path.join(REPO, "Tests/NodeInteropTests/renter_peer.py")
PYTHON = sys.executable
WORKER = os.environ.get("NICOMPUTE_POG_WORKER", os.path.join(REPO, ".build-pog/nicompute-pog"))


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def check(argv):
    result = run(argv)
    if result.returncode != 0:
        raise SystemExit(f"chaos: {' '.join(argv[:3])}…: {result.stdout}{result.stderr}")
    return result.stdout


class Bed:
    def __init__(self, binary):
        self.bin = binary
        self.root = tempfile.mkdtemp(prefix="nicompute-chaos-")
        self.chain = f"{self.root}/chain.sqlite"
        self.wallets = f"{self.root}/wallets"
        base = random.randint(20_000, 40_000)
        self.axon_port, self.ssh_port, self.api_port = base, base + 1, base + 2
        self.processes = {}
        self.hotkeys = {}
        for name in ["validator", "miner"]:
            check([self.bin, "wallet", "regen-hotkey", "--wallet.path", self.wallets, "--wallet.hotkey", name, "--seed", "0x" + secrets.token_hex(32)])
            check([self.bin, "subnet", "register", "--wallet.path", self.wallets, "--wallet.hotkey", name, "--local.path", self.chain,
                   "--local.block-seconds", "1", "--netuid", "27"])
            with open(f"{self.wallets}/default/hotkeys/{name}") as keyfile:
                self.hotkeys[name] = json.load(keyfile)["ss58Address"]
        check([self.bin, "subnet", "stake-add", "--wallet.path", self.wallets, "--wallet.hotkey", "validator", "--amount", "20000",
               "--local.path", self.chain, "--netuid", "27"])
        os.makedirs(f"{self.root}/validator", exist_ok=True)

    def start(self, name, argv, marker):
        log_path = f"{self.root}/{name}.log"
        log = open(log_path, "a")
        start_at = os.path.getsize(log_path)
        process = subprocess.Popen([self.bin] + argv, stdout=log, stderr=log)
        self.processes[name] = process
        for _ in range(600):
            with open(log_path) as text:
                text.seek(start_at)
                if marker in text.read():
                    return
            if process.poll() is not None:
                raise SystemExit(f"chaos: {name} exited: {open(log_path).read()[-2000:]}")
            time.sleep(0.1)
        raise SystemExit(f"chaos: {name} did not start")

    def kill(self, name, sig=9):
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.send_signal(sig)
            process.wait()

    def start_miner(self):
        self.start("miner", ["miner", "--local.path", self.chain, "--wallet.path", self.wallets, "--wallet.hotkey", "miner",
                             "--axon.ip", "127.0.0.1", "--axon.port", str(self.axon_port), "--ssh.port", str(self.ssh_port),
                             "--external.ports", ",".join(str(self.axon_port + 10 + k) for k in range(4)),
                             "--miner.state-dir", f"{self.root}/state", "--miner.whitelist.not.enough.stake",
                             "--miner.metagraph-refresh", "1", "--miner.expiry-check-seconds", "2"], "listening on port")

    def start_api(self, name="api", db=None, port=None, extra=()):
        self.start(name, ["api", "--local.path", self.chain, "--wallet.path", self.wallets, "--wallet.hotkey", "validator",
                          "--db.url", db or f"{self.root}/api.sqlite", "--validator.store", f"{self.root}/validator/validator.sqlite",
                          "--api.port", str(port or self.api_port), "--api.pending-age", "5", *extra], "api: listening")

    def start_validator(self):
        self.start("validator", ["validator", "--local.path", self.chain, "--wallet.path", self.wallets, "--wallet.hotkey", "validator",
                                 "--axon.ip", "127.0.0.1", "--axon.port", str(self.api_port + 10), "--validator.state-dir", f"{self.root}/validator",
                                 "--validator.worker", WORKER, "--config", os.path.join(REPO, "config.yaml"), "--validator.devnet",
                                 "--validator.max-delay", "0", "--validator.retry-limit", "0",
                                 "--validator.benchmark-n", "2048", "--validator.compute-n", "256"], "metrics on port")

    def validator_results(self, since):
        db = sqlite3.connect(f"{self.root}/validator/validator.sqlite", timeout=10)
        try:
            return db.execute("SELECT COUNT(*) FROM pog_results WHERE at >= ?", (since,)).fetchone()[0]
        except sqlite3.OperationalError:
            return 0
        finally:
            db.close()

    def validator_ledger(self):
        db = sqlite3.connect(f"{self.root}/validator/validator.sqlite", timeout=10)
        try:
            return db.execute("SELECT COUNT(*) FROM test_allocations").fetchone()[0]
        finally:
            db.close()

    def containers(self):
        out = check(["podman", "ps", "-a", "--filter", f"label=io.nicompute.miner={self.hotkeys['miner']}", "--format", "json"])
        return [(c["Id"], (c.get("Labels") or {}).get("io.nicompute.allocation")) for c in json.loads(out or "[]")]

    def live_record(self):
        db = sqlite3.connect(f"{self.root}/state/miner.sqlite", timeout=10)
        try:
            return db.execute("SELECT id, state FROM allocations WHERE live = 1").fetchone()
        finally:
            db.close()

    def port_free(self):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("0.0.0.0", self.ssh_port))
                return True
            except OSError:
                return False

    def allocate_synapse(self, public_key, release=False):
        synapse = {"timeline": 0, "checking": False, "public_key": public_key} if release else {
            "timeline": 1, "checking": False, "public_key": public_key,
            "device_requirement": {"cpu": {"count": 1}, "gpu": {}, "hard_disk": {"capacity": 1 << 30}, "ram": {"capacity": 256 << 20}},
            "docker_requirement": {"base_image": "ubuntu", "ssh_key": "", "ssh_port": 1, "volume_path": "/tmp", "dockerfile": ""}}
        return json.dumps({"wallet_path": self.wallets, "port": self.axon_port, "axon_hotkey": self.hotkeys["miner"],
                           "hotkeys": ["validator"], "synapse": synapse, "timeout": 30})

    def api(self, path, key):
        return run(["curl", "-s", "-m", "60", "-X", "POST", "-H", f"Authorization: Bearer {key}", f"http://127.0.0.1:{self.api_port}{path}"])

    def api_rentals(self):
        db = sqlite3.connect(f"{self.root}/api.sqlite", timeout=10)
        try:
            rentals = db.execute("SELECT uuid, hotkey FROM rentals").fetchall()
            pending = db.execute("SELECT COUNT(*) FROM pending_allocations").fetchone()[0]
            return rentals, pending
        finally:
            db.close()

    def close(self):
        for name in list(self.processes):
            self.kill(name, 15)
        for container, _ in self.containers():
            run(["podman", "rm", "-f", container])
        shutil.rmtree(self.root, ignore_errors=True)


def wait(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def keygen():
    return json.loads(check([PYTHON, PEER, "keygen"]))


def miner_phase(bed, cycles):
    counts = {"cycles": 0, "killed_mid_allocation": 0, "orphaned_containers": 0, "lost_rentals": 0, "duplicated_rentals": 0,
              "unreleased_ports": 0}
    bed.start_miner()
    for cycle in range(cycles):
        keys = keygen()
        requester = subprocess.Popen([PYTHON, PEER, "call", bed.allocate_synapse(keys["public"])], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0, 2.5))
        if requester.poll() is None:
            counts["killed_mid_allocation"] += 1
        bed.kill("miner")
        requester.wait()
        bed.start_miner()  # reconcile runs before it listens
        time.sleep(3)  # one upkeep pass
        containers, live = bed.containers(), bed.live_record()
        counts["duplicated_rentals"] += max(0, len(containers) - 1)
        counts["orphaned_containers"] += sum(1 for _, label in containers if live is None or label != live[0])
        if live is not None and live[1] in ("running", "paused") and not any(label == live[0] for _, label in containers):
            counts["lost_rentals"] += 1
        if live is not None:
            # The requester releases what it made (its key); the miner must confirm and clean up.
            json.loads(check([PYTHON, PEER, "call", bed.allocate_synapse(keys["public"], release=True)]))
        if not wait(lambda: not bed.containers() and bed.live_record() is None, 30):
            counts["orphaned_containers"] += len(bed.containers())
        if not wait(bed.port_free, 10):
            counts["unreleased_ports"] += 1
        counts["cycles"] += 1
    bed.kill("miner", 15)
    return counts


def api_phase(bed, cycles):
    counts = {"cycles": 0, "killed_mid_allocation": 0, "orphaned_containers": 0, "lost_rentals": 0, "duplicated_rentals": 0,
              "unreleased_ports": 0}
    bed.start_miner()
    bed.start_api()
    key = check([bed.bin, "api", "keys", "create", "--name", "chaos", "--db.url", f"{bed.root}/api.sqlite"]).split()[0]
    hotkey = bed.hotkeys["miner"]
    for cycle in range(cycles):
        request = subprocess.Popen(["curl", "-s", "-m", "60", "-X", "POST", "-H", f"Authorization: Bearer {key}",
                                    f"http://127.0.0.1:{bed.api_port}/service/allocate_hotkey?hotkey={hotkey}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0, 3))
        if request.poll() is None:
            counts["killed_mid_allocation"] += 1
        bed.kill("api")
        request.wait()
        bed.start_api()
        # Settled: no pending row left (the new leader released it), as many rentals as containers.
        wait(lambda: bed.api_rentals()[1] == 0 and len(bed.api_rentals()[0]) == len(bed.containers()), 20)
        rentals, _ = bed.api_rentals()
        containers = bed.containers()
        counts["duplicated_rentals"] += max(0, len(rentals) - 1) + max(0, len(containers) - 1)
        counts["orphaned_containers"] += max(0, len(containers) - len(rentals))
        counts["lost_rentals"] += max(0, len(rentals) - len(containers))
        for uuid, rented in rentals:
            bed.api(f"/service/deallocate?hotkey={rented}&uuid_key={uuid}", key)
        if not wait(lambda: not bed.containers(), 30):
            counts["orphaned_containers"] += len(bed.containers())
        if not wait(bed.port_free, 10):
            counts["unreleased_ports"] += 1
        counts["cycles"] += 1
    bed.kill("api", 15)
    bed.kill("miner", 15)
    return counts


def validator_phase(bed, cycles):
    """kill -9 of the validator at a random moment of its round (it tests the miner at start);
    the next run must release the test container the killed one left before testing again."""
    counts = {"cycles": 0, "killed_mid_round": 0, "orphaned_containers": 0, "duplicated_rentals": 0, "unreleased_ports": 0,
              "unfinished_rounds": 0}
    bed.start_miner()
    started = time.time()
    bed.start_validator()
    if not wait(lambda: bed.validator_results(started) >= 1, 300):
        raise SystemExit(f"chaos: the validator never finished a round: {open(bed.root + '/validator.log').read()[-3000:]}")
    round_seconds = time.time() - started
    restarted = started
    for cycle in range(cycles):
        time.sleep(random.uniform(0, round_seconds))
        left = {container for container, _ in bed.containers()}
        counts["duplicated_rentals"] += max(0, len(left) - 1)
        if left:
            counts["killed_mid_round"] += 1
        bed.kill("validator")
        restarted = time.time()
        bed.start_validator()  # releases what the killed run left, then tests again
        if not wait(lambda: not left & {container for container, _ in bed.containers()}, 60):
            counts["orphaned_containers"] += len(left & {container for container, _ in bed.containers()})
        counts["cycles"] += 1
    # The last run's round must finish and leave nothing behind.
    if not wait(lambda: bed.validator_results(restarted) >= 1 and not bed.containers(), 300):
        counts["unfinished_rounds"] += 1
    bed.kill("validator", 15)
    counts["orphaned_containers"] += len(bed.containers())
    counts["orphaned_containers"] += bed.validator_ledger()
    if not wait(lambda: bed.live_record() is None, 10):
        counts["orphaned_containers"] += 1
    if not wait(bed.port_free, 10):
        counts["unreleased_ports"] += 1
    bed.kill("miner", 15)
    return counts


def storm_phase(bed, requests):
    """Two instances, one database, one miner, `requests` allocations at once."""
    import concurrent.futures
    import urllib.error
    import urllib.request
    server = os.environ.get("NICOMPUTE_TEST_POSTGRES", "")
    if not server.startswith("postgres://"):
        raise SystemExit("chaos: storm needs NICOMPUTE_TEST_POSTGRES (scripts/peers.sh postgres)")
    name = "nicompute_storm_" + secrets.token_hex(6)
    check(["psql", server, "-qc", f"CREATE DATABASE {name}"])
    database = server.rsplit("/", 1)[0] + "/" + name
    counts = {"requests": requests, "allocated": 0, "refused_clearly": 0, "unclear_answers": 0, "double_allocations": 0}
    try:
        bed.start_miner()
        # allocate_spec picks among the miners the validator verified: one round first.
        started = time.time()
        bed.start_validator()
        if not wait(lambda: bed.validator_results(started) >= 1, 300):
            raise SystemExit(f"chaos: the validator never finished a round: {open(bed.root + '/validator.log').read()[-3000:]}")
        bed.kill("validator", 15)
        ports = [bed.api_port, bed.api_port + 1]
        for index, port in enumerate(ports):
            bed.start_api(f"api{index}", db=database, port=port, extra=("--api.rate-limit", "0"))
        key = check([bed.bin, "api", "keys", "create", "--name", "storm", "--db.url", database]).split()[0]

        def one(index):
            request = urllib.request.Request(f"http://127.0.0.1:{ports[index % 2]}/service/allocate_spec", method="POST",
                                             headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
                                             data=json.dumps({"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}).encode())
            try:
                with urllib.request.urlopen(request, timeout=300) as answer:
                    return answer.status, json.loads(answer.read())
            except urllib.error.HTTPError as error:
                try:
                    return error.code, json.loads(error.read())
                except ValueError:
                    return error.code, None
            except Exception as error:  # noqa: BLE001: a dropped connection is an unclear answer
                return 0, str(error)

        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(requests, 500)) as pool:
            answers = list(pool.map(one, range(requests)))
        counts["seconds"] = round(time.time() - started)
        for status, body in answers:
            if status == 200 and isinstance(body, dict) and body.get("success"):
                counts["allocated"] += 1
            elif 400 <= status < 500 and isinstance(body, dict) and body.get("success") is False and body.get("message"):
                counts["refused_clearly"] += 1
            else:
                counts["unclear_answers"] += 1
        rentals = check(["psql", database, "-tAc", "SELECT COUNT(*) FROM rentals"]).strip()
        counts["double_allocations"] = max(0, counts["allocated"] - 1) + max(0, len(bed.containers()) - 1) + max(0, int(rentals or 0) - 1)
    finally:
        for index in range(2):
            bed.kill(f"api{index}", 15)
        bed.kill("miner", 15)
        run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--phases", default="miner,validator,api,storm")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    if not 1 <= args.cycles <= 100_000:
        raise SystemExit("chaos: --cycles must be 1…100000")
    results = {}
    for phase in args.phases.split(","):
        bed = Bed(args.bin)
        started = time.time()
        try:
            if phase == "storm":
                results[phase] = storm_phase(bed, args.requests)
            else:
                results[phase] = {"miner": miner_phase, "api": api_phase, "validator": validator_phase}[phase](bed, args.cycles)
        finally:
            bed.close()
        results[phase]["seconds"] = round(time.time() - started)
        print(f"chaos: {phase}: " + ", ".join(f"{name} {value}" for name, value in results[phase].items()), flush=True)
    print(json.dumps(results))
    bad = sum(value for phase in results.values() for name, value in phase.items()
              if name in ("orphaned_containers", "lost_rentals", "duplicated_rentals", "unreleased_ports", "unclear_answers", "double_allocations",
                         "unfinished_rounds"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
