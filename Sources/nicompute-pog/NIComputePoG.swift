import ArgumentParser
import ProofOfGPU

/// `nicompute-pog`: the Proof-of-GPU worker a validator uploads into a miner's container.
///
/// Every command prints one JSON object on stdout; on failure `{"error": "…"}` and a non-zero
/// exit. Nothing it reads is executed or unpickled: requests are JSON, state is raw floats.
@main
struct NIComputePoG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nicompute-pog",
        abstract: "The NI Compute Proof-of-GPU worker: benchmark, compute seeded products, prove rows.",
        discussion: """
            A validator runs, in order: gpu-info, benchmark, compute (seeds on stdin), proof \
            (challenged cells on stdin). compute keeps C and its Merkle trees in --state-dir for proof. \
            After a round that passed, health-server answers the validator's probe of the rental's user ports.
            """,
        subcommands: [
            GPUInfoCommand.self, BenchmarkCommand.self, ComputeCommand.self, ProofCommand.self, GenerateCommand.self,
            HealthServerCommand.self,
        ]
    )

    /// Like ArgumentParser's `main`, but a usage error is also the contract's JSON error, so a
    /// validator parses every failure the same way. Help and version still print as text.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code != .success {
                JSONIO.write(WorkerErrorMessage(error: message(for: error)))
            }
            Self.exit(withError: code == .success ? error : code)
        }
    }
}

/// The options every command shares.
struct WorkerOptions: ParsableArguments {
    @Option(help: "auto (CUDA when an NVIDIA GPU and its libraries are present, else cpu), cpu or cuda.")
    var backend: BackendChoice = .auto

    func makeBackend() throws -> any MatrixBackend {
        switch backend {
        case .cpu: return CPUBackend()
        case .cuda:
            guard let cuda = CUDABackend() else {
                throw BackendError("--backend cuda: no NVIDIA GPU, or libcudart/libcublas not found")
            }
            return cuda
        case .auto: return CUDABackend() ?? CPUBackend()
        }
    }
}

enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, cpu, cuda
}

/// Runs a command body, turning any failure into the contract's `{"error": …}` and exit 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        JSONIO.write(WorkerErrorMessage(error: String(describing: error)))
        throw ExitCode.failure
    }
}
