/// The short guide `nicompute devnet` prints once everything runs: how to rent a machine, log
/// in, release it, and where to look.
struct DevnetGuide {
    var state: DevnetState
    var adminKey: String
    var apiBase: String
    var sshPorts: [Int]
    /// This build of nicompute, so the printed commands work without it on PATH.
    var executable: String

    var text: String {
        let auth = "-H \"Authorization: Bearer \(adminKey)\""
        return """

            The devnet runs. State and logs: \(state.directory) (logs/*.log).
              admin API key  \(adminKey)
                             (kept in \(state.adminKeyFile); the wallets in \(state.wallets) are unencrypted dev keys)
              dashboard      \(apiBase)/dashboard#key=\(adminKey)
                             (the key after # stays in the browser; \(apiBase)/dashboard asks for it)

            Rent a machine once the validator has scored the miners (a line below says so, within a few minutes):
              curl -s -X POST \(auth) -H "Content-Type: application/json" \\
                   \(apiBase)/service/allocate_spec -d '{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}'
            The answer's data has ssh_command, ssh_password, hotkey and uuid_key. Log in with them:
              ssh root@127.0.0.1 -p <ssh_port>      (miner1's rentals on \(sshPorts.map(String.init).joined(separator: ", miner2's on ")))
            Release it:
              curl -s -X POST \(auth) "\(apiBase)/service/deallocate?hotkey=<hotkey>&uuid_key=<uuid_key>"
            Or with nicompute, which prints the SSH command, the password and the release command:
              \(executable) rent allocate --api.url \(apiBase) --api.key-file \(state.adminKeyFile) --gpu-size 0 --timeline 1
              \(executable) rent list --api.url \(apiBase) --api.key-file \(state.adminKeyFile)

            Ctrl-C releases open rentals, stops everything and removes every container; `nicompute devnet` again resumes with the same keys and chain.

            """
    }
}
