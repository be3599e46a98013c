#!/usr/bin/env python3
"""A CI job in Python against the standalone partner-center mock, with the standard library only.

It does what a test suite in any language does against the mock:
  1. wait until GET /_mock/health answers 200;
  2. create its own tenant (fresh partners and credentials, so parallel jobs sharing one mock never collide);
  3. seed the tenant with a scenario;
  4. call the real API paths, signed with SDK-HMAC-SHA256 exactly as Huawei's SDKs sign them
     (so pointing a real SDK's endpoint at the mock works the same way);
  5. read the tenant's request journal, reset the tenant, and delete it.

Usage:  MOCK_URL=http://127.0.0.1:4010 python3 partner_center_ci.py
Prints one line per step and exits non-zero on the first failure.
"""
import datetime
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

MOCK_URL = os.environ.get("MOCK_URL", "http://127.0.0.1:4010").rstrip("/")


# ---- SDK-HMAC-SHA256, as Huawei Cloud's SDKs sign (core/auth/signer) -------------------------------------------

def _escape(s: str) -> str:
    return urllib.parse.quote(s, safe="-_.~")


def sign(method: str, url: str, headers: dict, body: bytes, ak: str, sk: str) -> dict:
    """Returns the headers to send: the given ones plus X-Sdk-Date and Authorization."""
    parts = urllib.parse.urlsplit(url)
    headers = dict(headers)
    headers["X-Sdk-Date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers["Host"] = parts.netloc
    # Signed: every header but content-type and names with "_", lower-cased and sorted.
    signed = sorted(k.lower() for k in headers if not k.lower().startswith("content-type") and "_" not in k)
    values = {k.lower(): v.strip() for k, v in headers.items()}
    path = "/".join(_escape(urllib.parse.unquote(seg)) for seg in parts.path.split("/"))
    if not path.endswith("/"):
        path += "/"
    pairs = sorted((_escape(k), _escape(v)) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    canonical = "\n".join([
        method,
        path,
        "&".join(f"{k}={v}" for k, v in pairs),
        "".join(f"{k}:{values[k]}\n" for k in signed),
        ";".join(signed),
        hashlib.sha256(body).hexdigest(),
    ])
    string_to_sign = "\n".join(["SDK-HMAC-SHA256", headers["X-Sdk-Date"], hashlib.sha256(canonical.encode()).hexdigest()])
    signature = hmac.new(sk.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"SDK-HMAC-SHA256 Access={ak}, SignedHeaders={';'.join(signed)}, Signature={signature}"
    return headers


# ---- HTTP helpers -----------------------------------------------------------------------------------------------

def call(method: str, path: str, body=None, headers=None, credentials=None):
    """One request; returns (status, parsed JSON body or None, response headers)."""
    url = MOCK_URL + path
    data = b"" if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **(headers or {})}
    if credentials:
        headers = sign(method, url, headers, data, *credentials)
    request = urllib.request.Request(url, data=data if method != "GET" else None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None), dict(r.headers)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text else None), dict(e.headers)


def check(condition: bool, what: str):
    if not condition:
        print(f"FAIL: {what}")
        sys.exit(1)
    print(f"ok: {what}")


# ---- The job ----------------------------------------------------------------------------------------------------

def main():
    # 1. Wait for the mock.
    for _ in range(100):
        try:
            status, health, _ = call("GET", "/_mock/health")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    else:
        check(False, "the mock answers /_mock/health")
    check(health["status"] == "ok", f"mock healthy, spec revision {health['spec_revision']}")

    # 2. A tenant of our own: its partners' credentials reach only its data. On a mock that requires tokens
    #    (PARTNER_CENTER_MOCK_ADMIN_TOKEN), the admin token creates it and its own control token does the rest.
    admin = os.environ.get("PARTNER_CENTER_MOCK_ADMIN_TOKEN")
    admin_auth = {"Authorization": f"Bearer {admin}"} if admin else {}
    status, tenant, _ = call("POST", "/_mock/tenants", {"name": os.environ.get("CI_JOB_NAME", "python-example")},
                             headers=admin_auth)
    check(status == 201, f"tenant {tenant['tenant_id']} created")
    scope = {"X-Mock-Tenant": tenant["tenant_id"]}
    if admin:
        scope["Authorization"] = f"Bearer {tenant['control_token']}"
        status, _, _ = call("GET", "/_mock/partners", headers={"Authorization": scope["Authorization"]})
        check(status == 200, "the tenant's control token reaches its own tenant")
        status, other, _ = call("GET", "/_mock/partners",
                                headers={"Authorization": scope["Authorization"], "X-Mock-Tenant": "default"})
        check(status == 403 and other["error_code"] == "MOCK.FORBIDDEN", "and no other tenant (403 MOCK.FORBIDDEN)")
    sp = next(p for p in tenant["partners"] if p["role"] == "solution_provider" and p["site"] == "cn")
    creds = (sp["access_key"], sp["secret_key"])

    # 3. Seed: three customers of our solution provider.
    status, seeded, _ = call("POST", "/_mock/scenarios", {"steps": [{"customers": {"count": 3}}]}, headers=scope)
    check(status == 200 and len(seeded["groups"][0]["items"]) == 3, "scenario seeded 3 customers")

    # 4. The real API, signed: create a customer, list, and see a documented error code.
    status, created, _ = call("POST", "/v2/partners/sub-customers",
                              {"xaccount_id": "py-1001", "xaccount_type": "acme_IDP", "domain_name": "py-customer-01",
                               "include_association_result": True},
                              credentials=creds)
    check(status == 200 and created["domain_name"] == "py-customer-01", f"CreateSubCustomer -> {created.get('domain_id')}")
    status, again, _ = call("POST", "/v2/partners/sub-customers",
                            {"xaccount_id": "py-1001", "xaccount_type": "acme_IDP"}, credentials=creds)
    check(status == 400 and again["error_code"] == "CBC.99000039", "a duplicate xaccount_id answers CBC.99000039")
    status, page, headers = call("POST", "/v2/partners/sub-customers/query", {"limit": 10}, credentials=creds)
    check(status == 200 and page["count"] == 4, f"ListSubCustomers sees {page['count']} customers")
    check(headers.get("X-Mock-Spec-Revision") == health["spec_revision"], "answers carry the spec revision")
    status, bad, _ = call("POST", "/v2/partners/sub-customers/query", {"limit": 10},
                          credentials=(sp["access_key"], "not-the-secret"))
    check(status == 401 and bad["error_code"] == "CBC.0154", "a wrong signature answers 401 CBC.0154")

    # 5. The tenant's journal, then reset and delete.
    status, journal, _ = call("GET", "/_mock/requests?operation=CreateSubCustomer", headers=scope)
    check(status == 200 and [r["status"] for r in journal["requests"]] == [200, 400], "the journal lists both CreateSubCustomer calls")
    status, _, _ = call("POST", "/_mock/reset", headers=scope)
    status, page, _ = call("POST", "/v2/partners/sub-customers/query", {}, credentials=creds)
    check(page["count"] == 0, "reset emptied this tenant only")
    status, _, _ = call("DELETE", f"/_mock/tenants?tenant_id={tenant['tenant_id']}", headers=scope)
    check(status == 204, "tenant deleted")
    print("python example: all steps passed")


if __name__ == "__main__":
    main()
