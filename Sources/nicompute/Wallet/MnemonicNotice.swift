import BittensorCrypto

/// The one time a new mnemonic is shown, with btcli's warning.
enum MnemonicNotice {
    static func show(_ mnemonic: Mnemonic, for key: String, regenerate command: String) {
        print(
            """

            IMPORTANT: store this mnemonic in a secure (preferably offline) place. Anyone who \
            has it can regenerate the \(key) and use it; it is shown only this once.
            The mnemonic of the new \(key) is:

                \(mnemonic.phrase)

            Recreate the key from it with: nicompute wallet \(command) --mnemonic "<the words>"

            """)
    }
}
