"""A local stand-in for Google's OAuth token endpoint and the GCS JSON API, for the tests.

No GCS emulator installs from this machine's registries (fake-gcs-server is Go, the Firebase
emulator needs its CLI and Java), so this speaks the subset Flowfile uses and checks what a real
server would refuse: the JWT's RS256 signature (against the service account's public key),
its audience and scope, and a Bearer token on every storage call.

    python3 fake_gcs_server.py PUBLIC_KEY_PEM PORT_FILE   (buckets: POST /_buckets/NAME)

Endpoints: POST /token; GET /storage/v1/b/B/o (prefix, pageToken; 2 items a page, to page);
GET /storage/v1/b/B/o/NAME (metadata, or ?alt=media); POST /upload/storage/v1/b/B/o
(uploadType=media or resumable, then PUT to the session URI with Content-Range); GET /_stats.
"""

import base64
import hashlib
import http.server
import json
import sys
import threading
import time
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

PUBLIC_KEY = serialization.load_pem_public_key(open(sys.argv[1], "rb").read())
BUCKETS: dict[str, dict[str, bytes]] = {}
SESSIONS: dict[str, dict] = {}
RECORDED: dict[tuple, dict] = {}  # (bucket, name) -> md5 and generation at write time
TOKENS: set[str] = set()
STATS = {"token_requests": 0, "refused_tokens": 0}
LOCK = threading.Lock()
PAGE = 2


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def reply(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, message):
        self.reply(status, {"error": {"code": status, "message": message}})

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def authorized(self) -> bool:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer ") and auth[7:] in TOKENS:
            return True
        self.error(401, "Invalid Credentials")
        return False

    def parts(self):
        url = urllib.parse.urlsplit(self.path)
        return url.path, dict(urllib.parse.parse_qsl(url.query))

    def metadata(self, bucket, name, data):
        # md5Hash and generation are recorded when the object is written, as GCS does, so
        # /_corrupt can change the bytes behind them.
        recorded = RECORDED.setdefault((bucket, name), {
            "md5": base64.b64encode(hashlib.md5(data).digest()).decode(),
            "generation": str(time.time_ns())})
        return {"kind": "storage#object", "bucket": bucket, "name": name, "size": str(len(data)),
                "etag": hashlib.md5(data).hexdigest(), "updated": "2026-12-01T00:00:00.000Z",
                "md5Hash": recorded["md5"], "generation": recorded["generation"]}

    def do_POST(self):
        path, query = self.parts()
        if path == "/token":
            self.token(self.body())
        elif path.startswith("/_corrupt/"):  # flips the last byte, keeping the recorded MD5
            _, _, bucket, name = path.split("/", 3)
            data = BUCKETS[bucket][name]
            BUCKETS[bucket][name] = data[:-1] + bytes([data[-1] ^ 0xFF])
            self.reply(200, {})
        elif path.startswith("/_buckets/"):
            BUCKETS.setdefault(path.split("/")[2], {})
            self.reply(200, {})
        elif path.startswith("/upload/storage/v1/b/") and self.authorized():
            bucket = urllib.parse.unquote(path.split("/")[5])
            if bucket not in BUCKETS:
                return self.error(404, f"The specified bucket does not exist: {bucket}")
            name = query.get("name", "")
            if query.get("uploadType") == "media":
                data = self.body()
                with LOCK:
                    # ifGenerationMatch=0: create only if absent (412 otherwise), as GCS does.
                    if query.get("ifGenerationMatch") == "0" and name in BUCKETS[bucket]:
                        return self.error(412, "At least one of the pre-conditions you specified did not hold.")
                    BUCKETS[bucket][name] = data
                    RECORDED.pop((bucket, name), None)
                return self.reply(200, self.metadata(bucket, name, data))
            self.body()
            session = hashlib.sha256(f"{bucket}/{name}/{time.time()}".encode()).hexdigest()[:16]
            SESSIONS[session] = {"bucket": bucket, "name": name, "data": b""}
            host = self.headers.get("Host")
            self.reply(200, {}, headers=[("Location", f"http://{host}/upload/session/{session}")])
        else:
            self.error(404, "Not Found")

    def token(self, form: bytes):
        with LOCK:
            STATS["token_requests"] += 1
        fields = dict(urllib.parse.parse_qsl(form.decode()))
        try:
            assert fields["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
            header, claims, signature = fields["assertion"].split(".")
            PUBLIC_KEY.verify(b64url_decode(signature), f"{header}.{claims}".encode(),
                              padding.PKCS1v15(), hashes.SHA256())
            assert json.loads(b64url_decode(header))["alg"] == "RS256"
            payload = json.loads(b64url_decode(claims))
            host = self.headers.get("Host")
            assert payload["aud"] == f"http://{host}/token", payload["aud"]
            assert "devstorage" in payload["scope"]
            assert payload["exp"] > time.time()
        except Exception:  # noqa: BLE001 - any flaw is a refusal, as Google's endpoint does
            with LOCK:
                STATS["refused_tokens"] += 1
            return self.reply(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        token = "ya29.test-" + hashlib.sha256(signature.encode()).hexdigest()[:24]
        TOKENS.add(token)
        self.reply(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def do_PUT(self):
        path, _ = self.parts()
        if not path.startswith("/upload/session/"):
            return self.error(404, "Not Found")
        session = SESSIONS.get(path.split("/")[3])
        if session is None:
            return self.error(404, "No such upload session")
        chunk = self.body()
        content_range = self.headers.get("Content-Range", "")  # bytes a-b/total or bytes */total
        spec, _, total = content_range.removeprefix("bytes ").partition("/")
        if spec != "*":
            start = int(spec.split("-")[0])
            if start != len(session["data"]):
                return self.error(400, "chunk does not continue the upload")
            session["data"] += chunk
        if total != "*" and len(session["data"]) == int(total):
            BUCKETS[session["bucket"]][session["name"]] = session["data"]
            RECORDED.pop((session["bucket"], session["name"]), None)
            return self.reply(200, self.metadata(session["bucket"], session["name"], session["data"]))
        kept = len(session["data"])
        headers = [("Range", f"bytes=0-{kept - 1}")] if kept else []
        self.reply(308, b"", headers=headers)

    def do_GET(self):
        path, query = self.parts()
        if path == "/_stats":
            return self.reply(200, STATS)
        if not path.startswith("/storage/v1/b/") or not self.authorized():
            return None if path.startswith("/storage/v1/b/") else self.error(404, "Not Found")
        pieces = path.split("/")
        bucket = urllib.parse.unquote(pieces[4])
        if bucket not in BUCKETS:
            return self.error(404, f"The specified bucket does not exist: {bucket}")
        objects = BUCKETS[bucket]
        if len(pieces) == 6 and pieces[5] == "o":
            names = sorted(n for n in objects if n.startswith(query.get("prefix", "")))
            start = int(query.get("pageToken", "0"))
            page = names[start:start + PAGE]
            reply = {"kind": "storage#objects",
                     "items": [self.metadata(bucket, n, objects[n]) for n in page]}
            if start + PAGE < len(names):
                reply["nextPageToken"] = str(start + PAGE)
            return self.reply(200, reply)
        name = urllib.parse.unquote("/".join(pieces[6:]))
        if name not in objects:
            return self.error(404, f"No such object: {bucket}/{name}")
        if query.get("alt") == "media":
            wanted = query.get("generation")
            if wanted and wanted != self.metadata(bucket, name, objects[name])["generation"]:
                return self.error(404, f"No such object: {bucket}/{name}#{wanted}")
            return self.reply(200, objects[name], "application/octet-stream")
        return self.reply(200, self.metadata(bucket, name, objects[name]))


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[2], "w") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
