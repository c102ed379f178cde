import Dispatch
import SQLiteStore
import Synchronization

/// Writes admitted nonces to the ``NonceLedger`` in batches, on a queue of its own, while the
/// requests that admitted them wait without blocking a thread.
///
/// Each write was synchronous, under the nonce registry's lock, on the event loop serving the
/// request: a loop waited on `pwrite` and on the checkpoints' `fdatasync`, and every other
/// request waited on the lock. Now a request's nonce joins the pending batch and the request
/// suspends; the queue writes everything pending in one transaction and resumes each request
/// with the outcome. The guarantee is kept: no request is answered before its nonce is on disk,
/// and a failed write refuses every request of its batch.
final class NonceLedgerWriter: Sendable {
    private struct Pending {
        var records: [(key: String, nonce: Int)] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        /// Whether the queue is writing (or about to): arrivals then only join the batch.
        var draining = false
    }

    private let ledger: Mutex<NonceLedger>
    private let pending = Mutex(Pending())
    private let queue = DispatchQueue(label: "nicompute.axon.nonce-ledger")

    init(ledger: sending NonceLedger) {
        self.ledger = Mutex(ledger)
    }

    /// Returns once `nonce` for `key` is written; throws the write's error otherwise.
    func record(key: String, nonce: Int) async throws(SQLiteError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let start = pending.withLock { batch in
                    batch.records.append((key, nonce))
                    batch.waiters.append(continuation)
                    if batch.draining { return false }
                    batch.draining = true
                    return true
                }
                if start { queue.async { self.drain() } }
            }
        } catch let error as SQLiteError {
            throw error
        } catch {
            throw SQLiteError("\(error)")
        }
    }

    /// Forgets keys older than `horizon`, on the queue; a failure only leaves old rows, which the
    /// next start prunes.
    func prune(before horizon: Int) {
        queue.async {
            try? self.ledger.withLock { ledger throws(SQLiteError) in try ledger.prune(before: horizon) }
        }
    }

    /// Writes batches until none is pending.
    private func drain() {
        while let batch = takeBatch() {
            let outcome: Result<Void, SQLiteError> = ledger.withLock { ledger in
                do throws(SQLiteError) {
                    try ledger.record(batch.records)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            for waiter in batch.waiters { waiter.resume(with: outcome.mapError { $0 as any Error }) }
        }
    }

    /// Everything pending, leaving an empty batch behind; nil (and the queue no longer
    /// draining, so the next arrival starts it again) when nothing is.
    private func takeBatch() -> Pending? {
        pending.withLock { batch in
            guard !batch.waiters.isEmpty else {
                batch.draining = false
                return nil
            }
            defer { (batch.records, batch.waiters) = ([], []) }
            return batch
        }
    }
}
