import Foundation
import UnixSignals

/// What long-running commands share: unbuffered status lines, comma lists, and running until
/// SIGINT or SIGTERM.
enum Console {
    /// Writes a line at once (not through stdio's buffer), so supervisors and log files see
    /// each step as it happens.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// `a, b,,c` → `["a", "b", "c"]`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Runs `service` until it ends or SIGINT/SIGTERM arrives; the signal cancels it, which
    /// shuts it down gracefully.
    static func runUntilSignal(_ name: String, _ service: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service() }
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    say("\(name): \(signal), shutting down")
                    return
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
