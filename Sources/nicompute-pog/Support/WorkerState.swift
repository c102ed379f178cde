#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU
#if canImport(Glibc)
    import Glibc
#endif

/// What `compute` leaves for `proof`: per GPU, C as raw little-endian float32 rows and the
/// Merkle tree's levels, in a directory only this user can read. `state.json` is written last,
/// so a `compute` that died midway leaves no state that `proof` would trust.
struct WorkerState {
    struct Manifest: Codable {
        let n: Int
        let gpus: [Int]
    }

    let directory: String

    /// `--state-dir`, else `$XDG_RUNTIME_DIR/nicompute-pog`, else `/dev/shm/nicompute-pog-<uid>`
    /// (memory-backed, as the reference's `/dev/shm`), else the temporary directory.
    static func defaultDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return runtime + "/nicompute-pog" }
        if FileManager.default.fileExists(atPath: "/dev/shm") { return "/dev/shm/nicompute-pog-\(getuid())" }
        return FileManager.default.temporaryDirectory.appendingPathComponent("nicompute-pog-\(getuid())").path
    }

    /// Opens (creating with mode 0700) the directory, refusing one another user could write to.
    init(directory: String) throws {
        self.directory = directory
        if !FileManager.default.fileExists(atPath: directory) {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw BackendError("--state-dir \(directory): cannot create it (\(String(cString: strerror(errno))))")
            }
        }
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw BackendError("--state-dir \(directory): must be a directory (not a link)")
        }
        guard info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            throw BackendError("--state-dir \(directory): must be owned by this user and closed to others (mode 0700)")
        }
    }

    private var manifestPath: String { directory + "/state.json" }
    private func matrixPath(_ gpu: Int) -> String { directory + "/c-\(gpu).f32" }
    private func treePath(_ gpu: Int) -> String { directory + "/tree-\(gpu).bin" }

    /// Forgets the previous round before a new `compute` starts.
    func clear() {
        try? FileManager.default.removeItem(atPath: manifestPath)
    }

    func save(gpu: Int, matrix: [Float], tree: MerkleTree) throws {
        try matrix.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: matrixPath(gpu))) }
        try Data(tree.levels.joined()).write(to: URL(fileURLWithPath: treePath(gpu)))
    }

    func commit(_ manifest: Manifest) throws {
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
    }

    func manifest() throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw BackendError("no computed state in \(directory): run `compute` first")
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.n > 0 else {
            throw BackendError("the state in \(directory) is damaged: run `compute` again")
        }
        return manifest
    }

    /// Row `i` of GPU `gpu`'s C, read from disk without loading the matrix.
    func row(_ i: Int, gpu: Int, n: Int) throws -> Data {
        guard FileManager.default.fileExists(atPath: matrixPath(gpu)) else {
            throw BackendError("the state of gpu \(gpu) is missing: run `compute` again")
        }
        guard let bytes = PosixFile.readRange(path: matrixPath(gpu), offset: i * n * 4, count: n * 4) else {
            throw BackendError("the state of gpu \(gpu) is truncated: run `compute` again")
        }
        return Data(bytes)
    }

    func tree(gpu: Int, n: Int) throws -> MerkleTree {
        guard let data = FileManager.default.contents(atPath: treePath(gpu)) else {
            throw BackendError("the Merkle tree of gpu \(gpu) is missing: run `compute` again")
        }
        var levels = [[UInt8]]()
        var offset = 0
        var count = n
        while true {
            let size = count * MerkleTree.digestSize
            guard offset + size <= data.count else { break }
            levels.append(Array(data[offset..<offset + size]))
            offset += size
            if count == 1 { break }
            count = (count + 1) / 2
        }
        guard offset == data.count, let tree = MerkleTree(levels: levels), tree.leafCount == n else {
            throw BackendError("the Merkle tree of gpu \(gpu) is damaged: run `compute` again")
        }
        return tree
    }
}
