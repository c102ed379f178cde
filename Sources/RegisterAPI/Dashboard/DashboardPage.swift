/// The dashboard at `/dashboard`: one self-contained page (HTML, CSS, JS; no build step, no
/// third-party code) that reads the documented JSON routes with the visitor's API key
/// (`POST /list/miners`, `/list/pog_history`, `/list/allocations_sql`) and listens on the
/// WebSocket `/connect` for live updates. The key comes from the page's `#key=` fragment (never
/// sent to the server in a URL) or a form, and stays in the browser's localStorage. Every value
/// is inserted as text, never as HTML.
///
/// The page itself is `Resources/dashboard.html`, embedded in the binary at build time
/// (SwiftPM's `embedInCode`), so an installed `nicompute` needs no resource bundle beside it.
enum DashboardPage {
    static let html = String(decoding: PackageResources.dashboard_html, as: UTF8.self)
}
