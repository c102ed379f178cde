"""A webhook receiver for the Register API tests: checks x-webhook-signature
(hex HMAC-SHA256 of the body with the shared secret), appends each delivery as a JSON line to
a file, answers 500 to the first FAIL_FIRST deliveries (to exercise retries), 200 after.

usage: webhook_receiver.py <port> <secret> <log file> [fail_first]
"""
import hashlib
import hmac
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port, secret, log_path = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
fail_first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
seen = 0


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        seen += 1
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        refused = seen <= fail_first
        with open(log_path, "a") as log:
            log.write(json.dumps({"path": self.path, "body": body.decode(), "signature_ok": hmac.compare_digest(expected, self.headers.get("x-webhook-signature", "")),
                                  "refused": refused}) + "\n")
        self.send_response(500 if refused else 200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


# The test runner blocks SIGTERM in its threads and children inherit the mask: unblock it, so
# the test can stop this server.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
print("READY", flush=True)
HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
