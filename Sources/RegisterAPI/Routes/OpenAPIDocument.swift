import ComputeProtocol
import BittensorNetwork

/// `/openapi.json`: the routes, their parameters and the envelope, in OpenAPI 3.1.
enum OpenAPIDocument {
    private struct Route {
        let path: String
        let summary: String
        let query: [(name: String, required: Bool, type: String)]
        let body: String?
    }

    private static let routes: [Route] = [
        Route(
            path: "/service/allocate_spec",
            summary:
                "Allocate the best verified free miner meeting the requirements (Idempotency-Key honoured); the answer maps its user ports in external_user_ports.",
            query: [],
            body:
                #"{"requirements": {"cpu_count", "gpu_type", "gpu_size" (GB), "ram" (GB), "hard_disk" (GB), "timeline" (days)}, "docker_requirement": {"base_image", "ssh_key", "volume_path", "dockerfile", "external_ports", "external_user_ports"}}"#
        ),
        Route(
            path: "/service/allocate_hotkey",
            summary:
                "Allocate the miner with this hotkey (Idempotency-Key honoured); the answer maps its user ports in external_user_ports.",
            query: [("hotkey", true, "string"), ("ssh_key", false, "string")], body: "DockerRequirement, optional"),
        Route(
            path: "/service/deallocate", summary: "Release your rental.",
            query: [("hotkey", true, "string"), ("uuid_key", true, "string"), ("notify_flag", false, "boolean")], body: nil),
        Route(
            path: "/service/check_miner_status", summary: "Reachability and container state of miners.",
            query: [("query_version", false, "boolean")], body: "JSON array of hotkeys"),
        Route(
            path: "/service/restart_docker", summary: "Restart your rental's container.",
            query: [("hotkey", true, "string"), ("uuid_key", true, "string")], body: nil),
        Route(
            path: "/service/pause_docker", summary: "Pause your rental's container.",
            query: [("hotkey", true, "string"), ("uuid_key", true, "string")], body: nil),
        Route(
            path: "/service/unpause_docker", summary: "Unpause your rental's container.",
            query: [("hotkey", true, "string"), ("uuid_key", true, "string")], body: nil),
        Route(
            path: "/service/exchange_docker_key", summary: "Replace the user or terminal SSH key of your rental.",
            query: [("hotkey", true, "string"), ("uuid_key", true, "string"), ("ssh_key", true, "string"), ("key_type", false, "string")],
            body: nil),
        Route(
            path: "/list/allocations_sql", summary: "Your rentals with their credentials (all rentals for an admin key).", query: [],
            body: nil),
        Route(
            path: "/list/resources_sql", summary: "Miners with a verified device, available or reserved (RAM available).",
            query: [("stats", false, "boolean"), ("page_size", false, "integer"), ("page_number", false, "integer")],
            body: "ResourceQuery, optional"),
        Route(
            path: "/list/resources_wandb", summary: "As resources_sql with total RAM; reserved miners only counted in stats.",
            query: [("stats", false, "boolean"), ("page_size", false, "integer"), ("page_number", false, "integer")],
            body: "ResourceQuery, optional"),
        Route(
            path: "/list/all_runs", summary: "Serving miners as runs (miner-<uid>) with their configuration and Specs answer.",
            query: [("hotkey", false, "string"), ("page_size", false, "integer"), ("page_number", false, "integer")], body: nil),
        Route(
            path: "/list/specs", summary: "Serving miners' latest Specs answers.",
            query: [("hotkey", false, "string"), ("page_size", false, "integer"), ("page_number", false, "integer")], body: nil),
        Route(path: "/list/run_by_name", summary: "One run by its name, miner-<uid>.", query: [("run_name", true, "string")], body: nil),
        Route(
            path: "/list/available", summary: "Serving miners not rented here (rent_status=true: rented), with their Specs answer.",
            query: [("rent_status", false, "boolean"), ("page_size", false, "integer"), ("page_number", false, "integer")], body: nil),
        Route(path: "/list/allocated_hotkeys", summary: "Hotkeys of the miners rented through this API.", query: [], body: nil),
        Route(
            path: "/list/miners",
            summary:
                "Every miner: uid, hotkey, device, count, score, incentive, allocated, last_pog {result, reason, at}; and the chain's block (additive).",
            query: [], body: nil),
        Route(
            path: "/list/pog_history", summary: "One miner's Proof-of-GPU results, oldest first (additive).",
            query: [("hotkey", true, "string"), ("limit", false, "integer")], body: nil),
        Route(path: "/list/count_all_gpus", summary: "GPUs (devices) verified on served miners: {\"count\": n}.", query: [], body: nil),
        Route(
            path: "/list/count_all_by_model", summary: "Miners whose verified device is this model: {\"count\": n}.",
            query: [("model", true, "string")], body: nil),
    ]

    static let document: JSONValue = {
        var paths: [(String, JSONValue)] = [
            ("/", .object([("get", .object([("summary", .string("Welcome message")), ("security", .array([]))]))]))
        ]
        for route in routes {
            var operation: [(String, JSONValue)] = [
                ("summary", .string(route.summary)),
                (
                    "parameters",
                    .array(
                        route.query.map { parameter in
                            .object([
                                ("name", .string(parameter.name)), ("in", .string("query")), ("required", .bool(parameter.required)),
                                ("schema", .object([("type", .string(parameter.type))])),
                            ])
                        })
                ),
                (
                    "responses",
                    .object([
                        ("200", .object([("description", .string("{\"success\": true, \"message\", \"data\"}"))])),
                        ("401", .object([("description", .string("no or unknown API key"))])),
                        ("404", .object([("description", .string("not found, not yours, or nothing available"))])),
                        (
                            "422",
                            .object([
                                ("description", .string("{\"success\": false, \"message\", \"err_detail\": [{\"field\", \"message\"}]}"))
                            ])
                        ),
                    ])
                ),
            ]
            if let body = route.body {
                operation.append(
                    (
                        "requestBody",
                        .object([
                            ("description", .string(body)),
                            ("content", .object([("application/json", .object([]))])),
                        ])
                    ))
            }
            paths.append((route.path, .object([("post", .object(operation))])))
        }
        return .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("NI Compute Register API")), ("version", .string(ComputeVersion.string)),
                    ("description", .string("The reference's routes and envelope; every /service and /list route needs an API key.")),
                ])
            ),
            (
                "components",
                .object([("securitySchemes", .object([("apiKey", .object([("type", .string("http")), ("scheme", .string("bearer"))]))]))])
            ),
            ("security", .array([.object([("apiKey", .array([]))])])),
            ("paths", .object(paths)),
        ])
    }()
}
