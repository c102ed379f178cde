import BittensorNetwork

/// The reference's pagination: all items as one page unless `page_number` is given, then pages
/// of `page_size` (default 50, at most 1 000). Both numbers come from the caller, so the
/// window is computed without overflow and past the end is an empty page.
struct PageWindow: Sendable {
    /// The caller's page and size, read and range-checked.
    struct Request: Hashable, Sendable {
        var number: Int
        var size: Int

        /// nil when the caller asked for no page (the whole listing).
        static func read(_ api: APIRequest) throws(APIFailure) -> Request? {
            guard let pageText = api.optionalQuery("page_number") else { return nil }
            guard let page = Int(pageText), page >= 1 else { throw .validation("page_number", "must be a whole number of at least 1") }
            guard let size = Int(api.optionalQuery("page_size") ?? "50"), size >= 1, size <= 1_000 else {
                throw .validation("page_size", "must be a whole number 1…1000")
            }
            return Request(number: page, size: size)
        }
    }

    let number: Int
    let size: Int
    let start: Int
    let end: Int
    let count: Int

    init(_ request: Request?, count: Int) {
        self.count = count
        guard let request else {
            (number, size, start, end) = (1, count, 0, count)
            return
        }
        // (page − 1) × size may not fit in an Int.
        let (offset, overflow) = (request.number - 1).multipliedReportingOverflow(by: request.size)
        number = request.number
        size = request.size
        start = overflow ? count : min(count, offset)
        end = start + min(request.size, count - start)
    }

    /// `{"page_items", "page_number", "page_size", "next_page_number"}` around `items`.
    func pageObject(items: [JSONValue]) -> JSONValue {
        .object([
            ("page_items", .array(items)), ("page_number", .int(number)), ("page_size", .int(size)),
            ("next_page_number", end < count ? .int(number + 1) : .null),
        ])
    }
}
