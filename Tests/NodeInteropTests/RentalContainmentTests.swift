import Foundation
import Miner
import Testing

/// A renter is root in their container; these try, from inside a real rental over SSH, what
/// root there must not be able to do to the machine.
@Suite("rental containment, tried from inside", .serialized)
struct RentalContainmentTests {
    @Test(
        "a request naming no memory or CPUs still gets limits; a fork bomb stops at the process limit; no new privileges; no raw sockets or device nodes"
    )
    func containment() async throws {
        let bed = try MinerTestbed(validators: 1)
        try await bed.startMiner(["--miner.pids-limit", "64"])
        defer { bed.stopMiner() }
        let (privateKey, publicKey) = try MinerTestbed.keygen()
        var request = MinerLifecycleTests.allocation(publicKey: publicKey)
        // Only a disk and no GPU: an omitted `ram` or `cpu` used to mean no limit at all.
        request["device_requirement"] = ["gpu": [String: Any](), "hard_disk": ["capacity": MinerLifecycleTests.oneGiB]]
        let output = try bed.output(request)
        #expect(output["status"] as? Bool == true, "\(output) \(bed.minerLog)")
        let info = try #require(output["info"] as? String)
        let password = try #require(try MinerTestbed.decrypt(info, privateKey: privateKey)["password"] as? String)
        let inside = { (command: String) throws -> String in
            let result = try bed.ssh(password: password, command)
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let containers = try await bed.containers()
        let container = try #require(containers.first)
        let inspected = try #require(try await bed.inspect(container.id))
        #expect(inspected.hostConfig.memory > 0 && inspected.hostConfig.nanoCpus > 0, "limits by default: \(inspected.hostConfig)")
        // cgroup v2 files, else v1's (Debian 12 uses v2; some hosts still mount v1).
        let memory = try inside("cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")
        #expect(memory == "\(inspected.hostConfig.memory)", "the kernel enforces the memory limit: \(memory)")
        let pids = try inside("cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max")
        #expect(pids == "64", "\(pids)")

        // Root tries 200 processes at once: the kernel refuses past 64 and the shell gives up
        // ("Cannot fork"); the container (and the host) keep running. Each started process is
        // counted with the shell's builtin echo, which needs no fork. dash, not root's bash,
        // which would retry each failed fork until the first processes end.
        let bomb = try bed.ssh(password: password, "sh -c 'for i in $(seq 200); do sleep 3 & echo $i; done'")
        let started = bomb.output.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last ?? 0
        #expect(started > 0 && started < 64, "processes started: \(started)")
        #expect(
            bomb.output.localizedCaseInsensitiveContains("fork") || bomb.output.contains("Resource temporarily unavailable"),
            "\(bomb.output.suffix(300))")
        try await Task.sleep(for: .seconds(4))
        #expect(try inside("echo still-here") == "still-here", "the rental survives its own fork bomb")

        #expect(try inside("grep NoNewPrivs /proc/self/status").hasSuffix("1"), "setuid binaries cannot raise privileges")
        let capabilities = try inside(
            "cap=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status); echo $(( (0x$cap >> 13) & 1 )) $(( (0x$cap >> 27) & 1 ))")
        #expect(capabilities == "0 0", "CAP_NET_RAW (13) and CAP_MKNOD (27) dropped: \(capabilities)")
        let mknod = try bed.ssh(password: password, "mknod /tmp/raw-disk b 8 0")
        #expect(mknod.status != 0 && mknod.output.contains("not permitted"), "\(mknod.output)")

        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
        #expect(try await bed.containers().isEmpty)
    }

    @Test(
        "a rental reaches neither this machine's own services nor a link-local address; a container on the engine's default bridge reaches both"
    )
    func networkIsolation() async throws {
        // A service on every host address, answering HOST (a connection alone proves nothing: some
        // networks accept any connection upstream). 169.254.27.27 stands in for the cloud's
        // metadata address, which is left alone: on a cloud machine it is the real one.
        let port = Int.random(in: 30_000...39_999), linkLocal = "169.254.27.27"
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: MinerTestbed.python)
        // It ends itself after three minutes, and its output goes nowhere: a child the test runner
        // outlives would hold the runner's output pipe open (and children here may not see SIGTERM).
        listener.arguments = [
            "-c",
            """
            import signal, socket
            signal.alarm(180)
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", \(port))); s.listen(16)
            while True:
                c, _ = s.accept(); c.sendall(b"HOST"); c.close()
            """,
        ]
        listener.standardOutput = FileHandle.nullDevice
        listener.standardError = FileHandle.nullDevice
        try listener.run()
        try MinerTestbed.check(MinerTestbed.run("/usr/sbin/ip", ["addr", "replace", "\(linkLocal)/32", "dev", "lo"]))
        defer {
            kill(listener.processIdentifier, SIGKILL)
            _ = try? MinerTestbed.run("/usr/sbin/ip", ["addr", "del", "\(linkLocal)/32", "dev", "lo"])
        }
        let hostAddresses = try MinerTestbed.check(MinerTestbed.run("/usr/sbin/ip", ["-4", "-o", "addr", "show"]))
            .split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: " ")
                guard let at = fields.firstIndex(of: "inet"), at + 1 < fields.count else { return nil }
                let address = String(fields[at + 1].split(separator: "/")[0])
                return address.hasPrefix("127.") || address == linkLocal ? nil : address
            }
        // Each target answers `address HOST` when reached, `address none` when not; the container's
        // own gateway (the host's address on its bridge) comes from its routing table.
        let probe = """
            route=$(while read -r iface dest gw rest; do [ "$dest" = 00000000 ] && echo "$gw"; done < /proc/net/route | head -1)
            gateway=$(printf '%d.%d.%d.%d' 0x${route:6:2} 0x${route:4:2} 0x${route:2:2} 0x${route:0:2})
            for address in gateway:$gateway \(hostAddresses.map { "host:\($0)" }.joined(separator: " ")) linklocal:\(linkLocal); do
              answer=$(timeout 3 bash -c "exec 3<>/dev/tcp/${address#*:}/\(port) && head -c 4 <&3" 2>/dev/null)
              echo "${address%%:*} ${address#*:} ${answer:-none}"
            done
            """
        func reached(_ output: String) -> [String] {
            output.split(separator: "\n").filter { $0.hasSuffix(" HOST") }.map { String($0.split(separator: " ")[0]) }
        }

        // The control: the engine's default bridge ("bridge": Docker's name, and Podman's for its
        // own default) routes a container to all of them.
        let control = try await MinerTestbed.withDocker { docker in
            let spec = ContainerSpec(
                image: "nicompute-ssh:bookworm", cmd: ["sleep", "120"], env: [], labels: ["io.nicompute.probe": "containment-test"],
                exposedPorts: [:],
                hostConfig: HostConfig(
                    memory: 0, nanoCpus: 0, shmSize: 1 << 26, portBindings: [:],
                    restartPolicy: .init(name: "no", maximumRetryCount: 0),
                    deviceRequests: nil, initProcess: true, networkMode: "bridge"))
            let id = try await docker.createContainer(name: "nicompute-control-\(port)", spec: spec)
            do {
                try await docker.startContainer(id)
                let result = try await docker.exec(in: id, command: ["bash", "-c", probe])
                try? await docker.removeContainer(id)
                return result.standardOutput
            } catch {
                try? await docker.removeContainer(id)
                throw error
            }
        }
        #expect(Set(reached(control)) == ["gateway", "host", "linklocal"], "the probe finds what is reachable: \(control)")

        let bed = try MinerTestbed(validators: 1)
        // Without its network a miner would put rentals on the default bridge: it refuses to start.
        await #expect(throws: MinerTestbed.Failure.self) { try await bed.startMiner(["--miner.network", "nicompute-missing-network"]) }
        #expect(
            bed.minerLog.contains("the rental network nicompute-missing-network is missing: run scripts/container-engine.sh"),
            "\(bed.minerLog)")
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let (privateKey, publicKey) = try MinerTestbed.keygen()
        let output = try bed.output(MinerLifecycleTests.allocation(publicKey: publicKey))
        #expect(output["status"] as? Bool == true, "\(output) \(bed.minerLog)")
        let info = try #require(output["info"] as? String)
        let password = try #require(try MinerTestbed.decrypt(info, privateKey: privateKey)["password"] as? String)
        let inside = try bed.ssh(password: password, probe)
        #expect(inside.status == 0 && inside.output.contains("linklocal \(linkLocal) none"), "\(inside.output)")
        #expect(reached(inside.output).isEmpty, "a rental reached the host: \(inside.output)")
        // Its own SSH session, answered through the same bridge, is unaffected: the probe ran over it.
        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
    }
}
