import NIOCore

/// Runs the axon's tasks on the event loops that serve its sockets, instead of Swift's global
/// pool.
///
/// Without it every request crossed threads twice: the event loop read the bytes and woke the
/// connection's task on the pool, which answered and handed the bytes back to the loop to
/// write. A task that prefers this executor (``Axon/run(onListening:)`` gives the preference to
/// the server, and every connection's task inherits it) continues on the loop that woke it,
/// because `EventLoopGroup.any()` returns the calling loop when called on one of the group's
/// threads. On the reference machine this took the axon from about 5,500 to about 7,000
/// signed requests per second at 32 workers (`docs/benchmarks.md`).
///
/// The preference covers the axon's tasks only: the rest of the process keeps the global pool.
/// Handlers must not block, as on the pool, since a blocked loop also stops its sockets.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loops jobs run on; the server must serve its sockets from the same group.
    let group: any EventLoopGroup

    init(group: any EventLoopGroup) {
        self.group = group
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.any().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
