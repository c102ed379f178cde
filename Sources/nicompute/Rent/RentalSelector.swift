import ArgumentParser

/// Which rental a command acts on: its miner's hotkey and its uuid_key, as `allocate` and
/// `list` print them.
struct RentalSelector: ParsableArguments {
    @Option(help: "The rented miner's hotkey (as `allocate` and `list` print it).")
    var hotkey: String

    @Option(help: "The rental's uuid_key (as `allocate` and `list` print it).")
    var uuid: String

    func validate() throws {
        guard !hotkey.isEmpty else { throw ValidationError("--hotkey: must not be empty") }
        guard !uuid.isEmpty else { throw ValidationError("--uuid: must not be empty") }
    }

    var query: [(String, String)] { [("hotkey", hotkey), ("uuid_key", uuid)] }
}
