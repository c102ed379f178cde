import Dispatch
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A pointer handed to parallel workers that each write a disjoint range of it.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>

    init(_ pointer: UnsafeMutablePointer<T>?) {
        guard let pointer else { preconditionFailure("empty buffer") }
        self.pointer = pointer
    }
}

/// Runs work over rows on every core, in chunks large enough to amortise scheduling.
enum ParallelRows {
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        let chunks = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * count / chunks
            let end = (chunk + 1) * count / chunks
            for index in start..<end { body(index) }
        }
    }
}

/// A read-only pointer handed to parallel workers.
struct SendableConstPointer<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>

    init(_ pointer: UnsafePointer<T>?) {
        guard let pointer else { preconditionFailure("empty buffer") }
        self.pointer = pointer
    }
}
