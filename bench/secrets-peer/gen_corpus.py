#!/usr/bin/env python3
"""Builds the planted-secrets corpus of the issue 4 benchmark.

The realistic tree is the installed files of bench/secrets-peer/tree/package.json (npm ci), copied to
<corpus>/packages with every node_modules directory renamed to deps (so that no tool skips it by name). Into it
go credentials of every provider the issue names, each in the form a developer would leave it: appended to an
existing source file as an assignment, or in a configuration file of its own (.env, .npmrc, kubeconfig, a
Kubernetes Secret, a Docker config.json, a PEM key, a service-account JSON ...). Every token follows its
provider's documented format with a seeded random body, so the corpus is the same on every run and holds no
real credential.

Writes <corpus>/../planted.json: one entry per planted secret with its provider, file (relative to the corpus),
first and last line.
"""
import argparse
import base64
import json
import os
import random
import shutil
import string
import sys

UP, LO, DI = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UP + LO + DI
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"
B32 = UP + "234567"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def of(self, alphabet, n):
        # Start and end with a letter or digit, so that no boundary question arises.
        s = [self.r.choice(alphabet) for _ in range(n)]
        edge = [c for c in alphabet if c in ALNUM]
        if n >= 2:
            s[0] = self.r.choice(edge)
            s[-1] = self.r.choice(edge)
        return "".join(s)

    def pem(self, lines, magic=""):
        """Base64 body lines of 64 characters; real keys start with their structure's magic bytes (ASN.1: MI...)."""
        body = magic + self.of(B64, 64 * lines - len(magic))
        return "\n".join(body[i:i + 64] for i in range(0, len(body), 64))


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def plants(g):
    """(provider, kind, payload): kind 'js' = a line appended to a source file, else a new file name and its text."""
    p = []
    akia = "AKIA" + g.of(B32, 16)
    aws_secret = g.of(ALNUM + "/+", 40)
    p.append(("aws-access-key-id", "js", f'const awsAccessKeyId = "{akia}";'))
    p.append(("aws-secret-access-key", ".env", f"AWS_ACCESS_KEY_ID={('AKIA' + g.of(B32, 16))}\nAWS_SECRET_ACCESS_KEY={aws_secret}\n"))
    p.append(("aws-session-token", "js", f'const sessionToken = "FwoGZXIvYXdzE{g.of(ALNUM, 40)}//////////{g.of(ALNUM + "/+", 200)}";'))
    p.append(("github-pat", "js", f'const GITHUB_TOKEN = "ghp_{g.of(ALNUM, 36)}";'))
    p.append(("github-fine-grained-pat", "deploy.sh", f"#!/bin/sh\nexport GH_TOKEN=github_pat_{g.of(ALNUM, 22)}_{g.of(ALNUM, 59)}\ngh release create v1.0.0\n"))
    p.append(("github-oauth", "js", f"const oauthToken = 'gho_{g.of(ALNUM, 36)}';"))
    p.append(("github-app-token", "ci.yml", f"env:\n  INSTALLATION_TOKEN: ghs_{g.of(ALNUM, 36)}\n"))
    p.append(("gitlab-pat", "js", f'const gitlabToken = "glpat-{g.of(URLSAFE, 20)}";'))
    p.append(("slack-bot-token", "js", f'const slackBot = "xoxb-{g.of(DI, 12)}-{g.of(DI, 13)}-{g.of(ALNUM, 24)}";'))
    p.append(("slack-user-token", "slack.json", json.dumps({"token": f"xoxp-{g.of(DI, 12)}-{g.of(DI, 12)}-{g.of(DI, 13)}-{g.of(HEX, 32)}"}, indent=2) + "\n"))
    p.append(("slack-webhook-url", "js", f'const hook = "https://hooks.slack.com/services/T{g.of(UP + DI, 8)}/B{g.of(UP + DI, 10)}/{g.of(ALNUM, 24)}";'))
    p.append(("stripe-secret-key", "js", f'const stripe = require("stripe")("sk_live_{g.of(ALNUM, 99)}");'))
    p.append(("gcp-api-key", "js", f'const mapsKey = "AIza{g.of(URLSAFE, 35)}";'))
    sa = {"type": "service_account", "project_id": "shop-prod-381207", "private_key_id": g.of(HEX, 40),
          "private_key": "-----BEGIN PRIVATE KEY-----\n" + g.pem(8, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") + "\n-----END PRIVATE KEY-----\n",
          "client_email": "deployer@shop-prod-381207.iam.gserviceaccount.com", "client_id": g.of(DI, 21),
          "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token"}
    p.append(("gcp-service-account", "service-account.json", json.dumps(sa, indent=2) + "\n"))
    azure_key = base64.b64encode(bytes(g.r.randrange(256) for _ in range(64))).decode()
    p.append(("azure-storage-connection-string", "appsettings.json", json.dumps({"ConnectionStrings": {"Blob": f"DefaultEndpointsProtocol=https;AccountName=shopassets;AccountKey={azure_key};EndpointSuffix=core.windows.net"}}, indent=2) + "\n"))
    p.append(("azure-ad-client-secret", "js", f'const clientSecret = "{g.of(ALNUM, 3)}8Q~{g.of(ALNUM + "_-.~", 34)}";'))
    p.append(("private-key-rsa", "id_rsa", "-----BEGIN RSA PRIVATE KEY-----\n" + g.pem(25, "MIIEowIBAAKCAQEA") + "\n" + g.of(B64, 40) + "==\n-----END RSA PRIVATE KEY-----\n"))
    p.append(("private-key-openssh", "deploy_key", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + g.pem(6, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW") + "\n" + g.of(B64, 20) + "\n-----END OPENSSH PRIVATE KEY-----\n"))
    p.append(("private-key-ec", "tls.key", "-----BEGIN EC PRIVATE KEY-----\n" + g.pem(3, "MHcCAQEEI") + "\n-----END EC PRIVATE KEY-----\n"))
    p.append(("private-key-pgp", "signing.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + g.pem(12, "lQOYBF") + "\n=" + g.of(B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----\n"))
    jwt = f"{b64url({'alg': 'HS256', 'typ': 'JWT'})}.{b64url({'sub': 'svc-billing', 'iat': 1716239022, 'role': 'admin'})}.{g.of(URLSAFE, 43)}"
    p.append(("jwt", "js", f'const authHeader = "Bearer {jwt}";'))
    p.append(("npm-access-token", ".npmrc", f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_{g.of(ALNUM, 36)}\n"))
    p.append(("pypi-upload-token", ".pypirc", f"[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc{g.of(URLSAFE, 70)}\n"))
    p.append(("nuget-api-key", "publish.sh", f"dotnet nuget push pkg.nupkg --api-key oy2{g.of(LO + DI, 43)} --source https://api.nuget.org/v3/index.json\n"))
    auth = base64.b64encode(f"deploy:{g.of(ALNUM, 20)}".encode()).decode()
    p.append(("docker-config-auth", "config.json", json.dumps({"auths": {"registry.example.io": {"auth": auth}}}, indent=2) + "\n"))
    p.append(("twilio-api-key", "js", f'const twilioKey = "SK{g.of(HEX, 32)}";'))
    p.append(("sendgrid-api-key", "js", f'const sendgrid = "SG.{g.of(URLSAFE, 22)}.{g.of(URLSAFE, 43)}";'))
    p.append(("mailgun-api-key", "js", f'const mailgunKey = "key-{g.of(HEX, 32)}";'))
    p.append(("mailchimp-api-key", "js", f'const mailchimpKey = "{g.of(HEX, 32)}-us14";'))
    p.append(("shopify-token", "js", f'const shopifyToken = "shpat_{g.of(HEX, 32)}";'))
    p.append(("heroku-api-key", "js", f'const HEROKU_API_KEY = "{g.of(HEX, 8)}-{g.of(HEX, 4)}-4{g.of(HEX, 3)}-a{g.of(HEX, 3)}-{g.of(HEX, 12)}";'))
    p.append(("digitalocean-token", "js", f'const doToken = "dop_v1_{g.of(HEX, 64)}";'))
    p.append(("vault-token", "vault.env", f"VAULT_ADDR=https://vault.internal:8200\nVAULT_TOKEN=hvs.{g.of(ALNUM + '_-', 90)}\n"))
    kubeconfig = ("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\ncontexts:\n"
                  "- context:\n    cluster: prod\n    user: admin\n  name: prod\ncurrent-context: prod\nusers:\n- name: admin\n  user:\n"
                  f"    token: {g.of(ALNUM, 6)}.{g.of(ALNUM, 16)}\n")
    p.append(("kubeconfig-token", "kubeconfig", kubeconfig))
    pw = g.of(ALNUM, 14) + "!7"
    p.append(("k8s-secret-data", "db-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n"
              f"  DB_PASSWORD: {base64.b64encode(pw.encode()).decode()}\n"))
    p.append(("database-url-password", "js", f'const db = "postgres://shop:{g.of(ALNUM, 16)}@db.internal:5432/shop";'))
    p.append(("url-basic-auth", "js", f'const feed = "https://admin:{g.of(ALNUM, 14)}@feeds.internal.io/export";'))
    p.append(("generic-password", "settings.py", f'DEBUG = False\nDATABASE_PASSWORD = "{g.of(ALNUM, 12)}#{g.of(DI, 2)}"\n'))
    p.append(("openai-api-key", "js", f'const openai = "sk-proj-{g.of(URLSAFE, 74)}T3BlbkFJ{g.of(URLSAFE, 74)}";'))
    p.append(("anthropic-api-key", "js", f'const anthropic = "sk-ant-api03-{g.of(URLSAFE, 93)}AA";'))
    p.append(("huggingface-token", "js", f'const hf = "hf_{g.of(UP + LO, 34)}";'))
    p.append(("telegram-bot-token", "js", f'const bot = "{g.of(DI, 10)}:AA{g.of(URLSAFE, 33)}";'))
    p.append(("discord-webhook-url", "js", f'const discord = "https://discord.com/api/webhooks/{g.of(DI, 18)}/{g.of(URLSAFE, 68)}";'))
    p.append(("square-token", "js", f'const square = "sq0csp-{g.of(URLSAFE, 43)}";'))
    p.append(("linear-api-key", "js", f'const linear = "lin_api_{g.of(ALNUM, 40)}";'))
    p.append(("postman-api-key", "js", f'const postman = "PMAK-{g.of(HEX, 24)}-{g.of(HEX, 34)}";'))
    p.append(("doppler-token", "js", f'const doppler = "dp.st.prod.{g.of(ALNUM, 43)}";'))
    p.append(("grafana-token", "js", f'const grafana = "glsa_{g.of(ALNUM, 32)}_{g.of("0123456789abcdef", 8)}";'))
    p.append(("databricks-token", "js", f'const databricks = "dapi{g.of(HEX, 32)}";'))
    p.append(("pulumi-token", "js", f'const pulumi = "pul-{g.of(HEX, 40)}";'))
    p.append(("alibaba-access-key-id", "js", f'const aliyun = "LTAI{g.of(ALNUM, 20)}";'))
    p.append(("1password-service-account", "js", f'const op = "ops_eyJ{g.of(ALNUM, 250)}";'))
    p.append(("dockerhub-pat", "js", f'const dockerhub = "dckr_pat_{g.of(URLSAFE, 27)}";'))
    p.append(("age-secret-key", "keys.txt", f"# created: 2024-05-01\nAGE-SECRET-KEY-1{g.of('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}\n"))
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source", help="the installed node_modules to copy")
    ap.add_argument("corpus", help="the corpus directory to (re)create")
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()
    if os.path.exists(a.corpus):
        shutil.rmtree(a.corpus)
    shutil.copytree(a.source, os.path.join(a.corpus, "packages"), symlinks=True)
    # No tool may skip a directory by its name: rename every node_modules directory.
    for root, dirs, _ in os.walk(a.corpus, topdown=True):
        for d in list(dirs):
            if d == "node_modules":
                os.rename(os.path.join(root, d), os.path.join(root, "deps"))
                dirs[dirs.index(d)] = "deps"
    g = Gen(a.seed)
    sources, dirs_all = [], []
    for root, dirs, files in os.walk(a.corpus):
        dirs.sort()
        dirs_all.append(root)
        for f in sorted(files):
            full = os.path.join(root, f)
            if f.endswith(".js") and not os.path.islink(full) and 0 < os.path.getsize(full) < 512 * 1024:
                sources.append(full)
    planted, used = [], set()
    for provider, kind, payload in plants(g):
        if kind == "js":
            while True:
                path = g.r.choice(sources)
                if path not in used:
                    break
            used.add(path)
            with open(path, "rb") as fh:
                data = fh.read()
            lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
            with open(path, "ab") as fh:
                if data and not data.endswith(b"\n"):
                    fh.write(b"\n")
                fh.write(payload.encode() + b"\n")
            first = last = lines + 1
        else:
            d = g.r.choice(dirs_all)
            path = os.path.join(d, kind)
            n = 1
            while os.path.exists(path):
                path = os.path.join(d, f"{n}-{kind}")
                n += 1
            with open(path, "w") as fh:
                fh.write(payload)
            first, last = 1, payload.count("\n")
        planted.append({"provider": provider, "file": os.path.relpath(path, a.corpus), "first": first, "last": last})
    out = os.path.join(os.path.dirname(os.path.abspath(a.corpus)), "planted.json")
    with open(out, "w") as fh:
        json.dump(planted, fh, indent=1)
    files = sum(len(f) for _, _, f in os.walk(a.corpus))
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(a.corpus) for f in fs if not os.path.islink(os.path.join(r, f)))
    print(f"{files} files, {size / 1e6:.0f} MB, {len(planted)} planted secrets of {len(set(p['provider'] for p in planted))} kinds")


if __name__ == "__main__":
    sys.exit(main())
