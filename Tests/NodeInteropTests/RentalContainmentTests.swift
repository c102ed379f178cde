import Foundation
import Miner
import Testing

/// A renter is root in their container; these try, from inside a real rental over SSH, what
/// root there must not be able to do to the machine.
@Suite("rental containment, tried from inside", .serialized)
struct RentalContainmentTests {
    @Test("a request naming no memory or CPUs still gets limits; a fork bomb stops at the process limit; no new privileges; no raw sockets or device nodes")
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
        #expect(bomb.output.localizedCaseInsensitiveContains("fork") || bomb.output.contains("Resource temporarily unavailable"), "\(bomb.output.suffix(300))")
        try await Task.sleep(for: .seconds(4))
        #expect(try inside("echo still-here") == "still-here", "the rental survives its own fork bomb")

        #expect(try inside("grep NoNewPrivs /proc/self/status").hasSuffix("1"), "setuid binaries cannot raise privileges")
        let capabilities = try inside("cap=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status); echo $(( (0x$cap >> 13) & 1 )) $(( (0x$cap >> 27) & 1 ))")
        #expect(capabilities == "0 0", "CAP_NET_RAW (13) and CAP_MKNOD (27) dropped: \(capabilities)")
        let mknod = try bed.ssh(password: password, "mknod /tmp/raw-disk b 8 0")
        #expect(mknod.status != 0 && mknod.output.contains("not permitted"), "\(mknod.output)")

        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
        #expect(try await bed.containers().isEmpty)
    }
}
