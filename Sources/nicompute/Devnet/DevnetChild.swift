import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// One process `nicompute devnet` runs (a miner, the validator, the API): the same executable
/// with a subcommand, its output appended to a log file in the state directory.
///
/// Children get a process group of their own, so the terminal's Ctrl-C reaches only devnet,
/// which then stops them in order (the API and the validator before the miners that serve them)
/// and escalates to SIGKILL after a bound; a child hit by the signal at the same time could
/// otherwise be killed mid-cleanup by devnet's own SIGTERM.
actor DevnetChild {
    /// How the child ended.
    enum Exit: Equatable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)

        var description: String {
            switch self {
            case let .status(code): "exited with status \(code)"
            case let .signal(number): "was killed by signal \(number)"
            }
        }
    }

    struct SpawnError: Error, CustomStringConvertible { let description: String }

    nonisolated let name: String
    nonisolated let logPath: String
    nonisolated let pid: pid_t
    /// Where this run's output starts in the (appended) log, so markers of an earlier run don't count.
    private let logOffset: UInt64
    private var exit: Exit?

    /// Starts `executable` with `arguments`, stdin from /dev/null, stdout and stderr appended to `logPath`.
    init(name: String, executable: String, arguments: [String], logPath: String) throws {
        self.name = name
        self.logPath = logPath
        logOffset = ((try? FileManager.default.attributesOfItem(atPath: logPath)[.size]) as? NSNumber)?.uint64Value ?? 0

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; devnet's signal traps and mask are not inherited (SIG_IGN would be).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of devnet's: an inherited descriptor (a supervisor's exit-watch socket, a
        // server's listening socket) would outlive devnet in its children.
        // (glibc ignores a close of a descriptor no longer open by then.)
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(Int32.init).filter { $0 > 2 }
        for descriptor in open { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw SpawnError(description: "\(name): cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// How it ended, or nil while it runs (reaps it once it has ended).
    func poll() -> Exit? {
        if let exit { return exit }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        // WIFEXITED/WEXITSTATUS/WTERMSIG are C macros Swift does not import.
        let signal = status & 0x7f
        exit = signal == 0 ? .status((status >> 8) & 0xff) : .signal(signal)
        return exit
    }

    /// This run's log so far.
    nonisolated func output() -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: logOffset)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// The last `count` lines of this run's log, indented, for error messages.
    nonisolated func tail(_ count: Int = 15) -> String {
        output().split(separator: "\n").suffix(count).map { "    | " + $0 }.joined(separator: "\n")
    }

    /// Waits until this run's log contains `marker`; throws when the child ends first, after
    /// `seconds`, or when `abandon()` says to stop waiting.
    func waitFor(_ marker: String, seconds: Double, abandon: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if output().contains(marker) { return }
            if let exit = poll() { throw SpawnError(description: "\(name) \(exit) while starting; its log (\(logPath)):\n\(tail())") }
            if await abandon() { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SpawnError(description: "\(name) did not say \"\(marker)\" within \(Int(seconds)) s; its log (\(logPath)):\n\(tail())")
    }

    /// Sends `signal` unless it has already ended.
    func send(_ signal: Int32) {
        if poll() == nil { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL if it still runs after `seconds` (or as soon as `hurry()` says so);
    /// returns how it ended.
    @discardableResult
    func stop(within seconds: Double, hurry: @Sendable () async -> Bool) async -> Exit {
        send(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(seconds)
        while poll() == nil, ContinuousClock.now < deadline, await !hurry() {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if poll() == nil { kill(pid, SIGKILL) }
        while true {
            if let exit = poll() { return exit }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
