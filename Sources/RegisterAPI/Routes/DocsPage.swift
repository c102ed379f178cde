import BittensorNetwork
import Foundation

/// `/docs`: the routes of `/openapi.json` as a readable page, plain HTML with no script.
enum DocsPage {
    static let html: String = {
        var rows = ""
        if case let .object(paths)? = OpenAPIDocument.document["paths"] {
            for (path, methods) in paths {
                guard case let .object(operations) = methods else { continue }
                for (method, operation) in operations {
                    var summary = ""
                    if case let .string(text)? = operation["summary"] { summary = text }
                    var parameters = [String]()
                    if case let .array(items)? = operation["parameters"] {
                        for item in items {
                            if case let .string(name)? = item["name"] {
                                parameters.append(item["required"] == .bool(true) ? "<b>\(escape(name))</b>" : escape(name))
                            }
                        }
                    }
                    var body = ""
                    if case let .string(text)? = operation["requestBody"]?["description"] { body = escape(text) }
                    rows +=
                        "<tr><td>\(method.uppercased())</td><td><code>\(escape(path))</code></td><td>\(escape(summary))</td>"
                        + "<td>\(parameters.joined(separator: ", "))</td><td>\(body)</td></tr>\n"
                }
            }
        }
        return """
            <!doctype html><html><head><meta charset="utf-8"><title>NI Compute Register API</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}code{white-space:nowrap}</style></head><body>
            <h1>NI Compute Register API</h1>
            <p>Every <code>/service</code> and <code>/list</code> route is a POST that needs an API key
            (<code>Authorization: Bearer nic_…</code>, made with <code>nicompute api keys create</code>). Answers use the
            envelope <code>{"success", "message", "data"}</code> or <code>{"success": false, "message", "err_detail"}</code>.
            Query parameters in bold are required. The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
            <table><tr><th>method</th><th>path</th><th>what</th><th>query</th><th>body</th></tr>
            \(rows)</table></body></html>
            """
    }()

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
