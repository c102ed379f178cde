import ArgumentParser
import ProofOfGPU

struct GPUInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu-info",
        abstract: "Print the devices: {\"num_gpus\", \"gpu_names\", \"backend\"}."
    )

    @OptionGroup var options: WorkerOptions

    func run() throws {
        try runReportingErrors {
            let backend = try options.makeBackend()
            JSONIO.write(GPUInfo(numGPUs: backend.deviceNames.count, gpuNames: backend.deviceNames, backend: backend.name))
        }
    }
}
