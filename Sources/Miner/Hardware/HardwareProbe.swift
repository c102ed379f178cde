import Foundation

/// Reads this machine's CPU, memory and disk from `/proc` and `statvfs`, and its NVIDIA GPUs
/// from `nvidia-smi` when it is installed. Every probe that fails reports zero, never throws:
/// a miner without `nvidia-smi` is a CPU machine.
public struct HardwareProbe: Sendable {
    public var procRoot: String
    public var diskPath: String

    public init(procRoot: String = "/proc", diskPath: String = "/") {
        self.procRoot = procRoot
        self.diskPath = diskPath
    }

    public func probe(hasDocker: Bool) async -> MachineSpecs {
        let memory = meminfo()
        let (physical, frequency) = cpuinfo()
        var disk = statvfs()
        var diskTotal = 0, diskFree = 0
        if statvfs(diskPath, &disk) == 0 {
            diskTotal = Int(disk.f_blocks) * Int(disk.f_frsize)
            diskFree = Int(disk.f_bavail) * Int(disk.f_frsize)
        }
        let logical = ProcessInfo.processInfo.activeProcessorCount
        return MachineSpecs(
            logicalCPUs: logical, physicalCPUs: physical > 0 ? physical : logical, cpuFrequencyMHz: frequency,
            memoryBytes: memory["MemTotal"] ?? 0, memoryAvailableBytes: memory["MemAvailable"] ?? 0,
            memoryFreeBytes: memory["MemFree"] ?? 0, swapTotalBytes: memory["SwapTotal"] ?? 0, swapFreeBytes: memory["SwapFree"] ?? 0,
            diskTotalBytes: diskTotal, diskFreeBytes: diskFree, gpus: await nvidiaGPUs(), hasDocker: hasDocker)
    }

    /// `/proc/meminfo` in bytes.
    func meminfo() -> [String: Int] {
        guard let text = try? String(contentsOfFile: "\(procRoot)/meminfo", encoding: .utf8) else { return [:] }
        var values = [String: Int]()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let value = Int(parts[1]) else { continue }
            values[String(parts[0].dropLast())] = parts.count > 2 && parts[2] == "kB" ? value * 1024 : value
        }
        return values
    }

    /// Physical cores (distinct physical id/core id pairs) and the first core's MHz.
    func cpuinfo() -> (physicalCores: Int, mhz: Double) {
        guard let text = try? String(contentsOfFile: "\(procRoot)/cpuinfo", encoding: .utf8) else { return (0, 0) }
        var cores = Set<String>()
        var physicalID = "0", mhz = 0.0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "physical id": physicalID = parts[1]
            case "core id": cores.insert("\(physicalID)/\(parts[1])")
            case "cpu MHz" where mhz == 0: mhz = Double(parts[1]) ?? 0
            default: break
            }
        }
        return (cores.count, mhz)
    }

    /// `nvidia-smi --query-gpu=name,memory.total,clocks.gr,clocks.mem`, one GPU per line.
    func nvidiaGPUs() async -> [MachineSpecs.GPU] {
        let candidates = ["/usr/bin/nvidia-smi", "/usr/local/bin/nvidia-smi"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--query-gpu=name,memory.total,clocks.gr,clocks.mem", "--format=csv,noheader,nounits"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return Self.parseNvidiaSMI(String(decoding: data, as: UTF8.self))
    }

    static func parseNvidiaSMI(_ text: String) -> [MachineSpecs.GPU] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, !fields[0].isEmpty else { return nil }
            return MachineSpecs.GPU(
                name: fields[0], memoryMB: Int(fields[1]) ?? 0,
                graphicsClockMHz: fields.count > 2 ? Int(fields[2]) ?? 0 : 0,
                memoryClockMHz: fields.count > 3 ? Int(fields[3]) ?? 0 : 0)
        }
    }
}
