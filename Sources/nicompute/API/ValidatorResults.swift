import Foundation
import RegisterAPI
import Synchronization
import Validator

/// The Register API's view of a validator's Proof-of-GPU results (`--validator.store`): the
/// validator's store opened read-only, once the file exists. An API started before its
/// validator lists no verified miner until the validator has written its store.
final class ValidatorResults: ProofOfGPUResults {
    private let path: String
    private let opened = Mutex<ValidatorStore?>(nil)

    init(path: String) {
        self.path = path
    }

    func latestVerified() async throws -> [String: VerifiedDevice] {
        guard let store = try store() else { return [:] }
        return try await store.latestVerified().mapValues { VerifiedDevice(device: $0.device, count: $0.count, score: $0.score, at: $0.at) }
    }

    func latestResults() async throws -> [String: ProofOfGPUResult] {
        guard let store = try store() else { return [:] }
        return try await store.latestResults().mapValues(Self.result)
    }

    func history(hotkey: String, limit: Int) async throws -> [ProofOfGPUResult] {
        guard let store = try store() else { return [] }
        return try await store.history(hotkey: hotkey, limit: limit).map(Self.result)
    }

    /// The store, opened on first use; nil while the validator has not made it.
    private func store() throws -> ValidatorStore? {
        try opened.withLock { opened in
            if let opened { return opened }
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            opened = try ValidatorStore(readingFrom: path)
            return opened
        }
    }

    private static func result(_ row: ValidatorStore.Result) -> ProofOfGPUResult {
        ProofOfGPUResult(
            passed: row.passed, device: row.device, count: row.count, score: row.score, reason: row.reason,
            elapsedSeconds: row.elapsedSeconds, at: row.at)
    }
}
