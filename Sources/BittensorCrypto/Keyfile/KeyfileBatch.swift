/// Several keyfiles written together: all or none.
///
/// Every file is first written in full to a temporary file beside its target; only when all
/// are staged are they moved into place. Without `overwrite`, existing targets are refused
/// before anything is written.
struct KeyfileBatch {
    private var entries: [(path: String, bytes: [UInt8])] = []

    mutating func add(_ bytes: [UInt8], at path: String) {
        entries.append((path, bytes))
    }

    func commit(overwrite: Bool) throws(KeyfileError) {
        if !overwrite, let existing = entries.first(where: { SecureFile.exists($0.path) }) {
            throw .alreadyExists(path: existing.path)
        }
        var staged: [(temporary: String, path: String)] = []
        do {
            for entry in entries {
                staged.append((try SecureFile.stage(entry.bytes, for: entry.path), entry.path))
            }
        } catch {
            staged.forEach { SecureFile.discard($0.temporary) }
            throw error
        }
        for (index, entry) in staged.enumerated() {
            do {
                try SecureFile.commit(entry.temporary, to: entry.path, overwrite: overwrite)
            } catch {
                staged[(index + 1)...].forEach { SecureFile.discard($0.temporary) }
                throw error
            }
        }
    }
}
