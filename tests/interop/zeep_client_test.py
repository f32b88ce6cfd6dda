#!/usr/bin/python3
"""Independent WSDL-driven client test: python3-zeep (strict mode) against vi-sandbox.

Starts the server, loads the WSDL it serves, and drives all ten emulated operations through
zeep on both ports (SOAP 1.1 `APIServiceSoap`, SOAP 1.2 `APIServiceSoap12`) as a realistic
flow. Besides what zeep checks (strict mode rejects unknown and out-of-order elements), every
response's raw bytes are checked against the wire contract (XML declaration, Content-Type,
envelope prefix, unprefixed payload, XSD validity against the served schema, booleans and
dateTimes as .NET writes them, every DIDResponse array written).

Run with the Debian interpreter that has python3-zeep:
    /usr/bin/python3 zeep_client_test.py --server build/mock-server/vi-sandbox --profile sandbox

Prints one line per check and ends with exactly `N passed, M failed`; exits 0 only when M == 0.
Uses the Python 3 standard library plus zeep (and lxml/requests, which zeep depends on).
"""

import argparse
import datetime
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import traceback

try:
    import zeep
    import zeep.exceptions
    import zeep.transports
    from lxml import etree
except ImportError as exc:  # pragma: no cover - environment problem, reported as a failure
    print("FAIL import zeep: %s (run with /usr/bin/python3, which has python3-zeep)" % exc)
    print("0 passed, 1 failed")
    sys.exit(1)

TEMPURI = "http://tempuri.org/"
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XML_DECL = b'<?xml version="1.0" encoding="utf-8"?>'
CT_11 = "text/xml; charset=utf-8"
CT_12 = "application/soap+xml; charset=utf-8"
SANDBOX_PATH = "/VOIP/Services/APIService.asmx"
PRODUCTION_PATH = "/Services/APIService.asmx"

LOGIN = "sandbox"
SECRET = "sandbox"
EPG_ASSIGN = 8674
EPG_CONFIG = 8675
NO_SUCH_SERVICE = "Username/password/IP not found"

# Recorded numbers (fixtures/pinned_numbers.tsv) with the attributes the captures show.
PINNED = {
    "4352016526": {"tier": "4", "network": "Level 3", "sms": False},
    "4352154006": {"tier": "2", "network": "Bandwidth", "sms": True},
    "4352154974": {"tier": "2", "network": "Bandwidth", "sms": False},
    "4358797726": {"tier": "1", "network": "Level 3", "sms": True},
    "4353198001": {"tier": "1", "network": "Onvoy", "sms": False},
}
TOLL_FREE_TN = "8772207304"
UNKNOWN_TN = "2042345678"
# One number per pass, so the SOAP 1.1 and 1.2 flows use distinct tns.
PREFERRED_TN = {"soap11": "4352154006", "soap12": "4358797726"}

BOOLEAN_ELEMENTS = {"has411", "has911", "cnam", "cnamStorageActive", "cnamStorageAvailability",
                    "t38", "outboundCNAM", "sms", "IsPortable", "e911", "Enabled"}
DATETIME_ELEMENTS = {"expireDate", "submittedDate", "focDate", "requestedFocDate"}
DATETIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?$")
SENTINEL = datetime.datetime(1900, 1, 1, 0, 0, 0)
EXCERPT = 4000
SEARCH_CAP = 1000  # the server's default --search-cap
MAX_DUMPS = 8  # request/response dumps per SOAP version


# ----------------------------------------------------------------------------------------------
# Results


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self._shown = set()
        self._dumps = {}

    def check(self, name, ok, detail="", exchange=None):
        if ok:
            self.passed += 1
            print("PASS %s" % name)
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, (": " + detail) if detail else ""))
            if exchange is not None and id(exchange) not in self._shown:
                self._shown.add(id(exchange))
                kind = exchange.req_headers.get("Content-Type", "")[:8]
                self._dumps[kind] = self._dumps.get(kind, 0) + 1
                if self._dumps[kind] <= MAX_DUMPS:
                    print(exchange.describe())
                elif self._dumps[kind] == MAX_DUMPS + 1:
                    print("    (further request/response dumps for %s omitted)" % kind)
        sys.stdout.flush()
        return ok

    def equal(self, name, got, want, exchange=None):
        return self.check("%s == %r" % (name, want), got == want, "got %r" % (got,), exchange)


R = Results()


# ----------------------------------------------------------------------------------------------
# Transport that keeps the raw bytes of every exchange


class Exchange:
    def __init__(self, address, req_headers, req_body, status, resp_headers, resp_body):
        self.address = address
        self.req_headers = dict(req_headers)
        self.req_body = req_body if isinstance(req_body, bytes) else str(req_body).encode()
        self.status = status
        self.resp_headers = resp_headers
        self.resp_body = resp_body

    def describe(self):
        def excerpt(data):
            text = data.decode("utf-8", "replace")
            return text if len(text) <= EXCERPT else text[:EXCERPT] + "\n    ...[truncated]"
        hdrs = ", ".join("%s: %s" % kv for kv in sorted(self.req_headers.items()))
        return ("    --- request: POST %s (%s)\n%s\n"
                "    --- response: HTTP %s, Content-Type: %s\n%s\n"
                "    ---" % (self.address, hdrs, excerpt(self.req_body), self.status,
                            self.resp_headers.get("Content-Type"), excerpt(self.resp_body)))


class RecordingTransport(zeep.transports.Transport):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.exchanges = []

    def post(self, address, message, headers):
        response = super().post(address, message, headers)
        self.exchanges.append(Exchange(address, headers, message, response.status_code,
                                       response.headers, response.content))
        return response


# ----------------------------------------------------------------------------------------------
# Server process


class Server:
    def __init__(self, binary, profile):
        self.binary = binary
        self.profile = profile
        self.proc = None
        self.lines = queue.Queue()
        self.stdout_lines = []
        self.port = None

    def start(self, timeout=10.0):
        cmd = [self.binary, "--host", "127.0.0.1", "--port", "0", "--profile", self.profile,
               "--quiet"]
        print("starting: %s" % " ".join(cmd))
        # Own process group, so stop() also reaches anything the server started.
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     start_new_session=True)
        reader = threading.Thread(target=self._read, daemon=True)
        reader.start()
        deadline = time.monotonic() + timeout
        first = None
        while time.monotonic() < deadline:
            try:
                first = self.lines.get(timeout=0.1)
                break
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
        if first is None:
            if self.proc.poll() is not None:
                R.check("server starts and reports readiness", False,
                        "exited with status %s before printing the ready line"
                        % self.proc.returncode)
            else:
                R.check("server starts and reports readiness", False,
                        "no line on stdout within %.0f s" % timeout)
            return False
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)/", first)
        if not R.check("server ready line is 'listening on http://127.0.0.1:<port>/'",
                       m is not None and int(m.group(1)) > 0, "got %r" % first):
            return False
        self.port = int(m.group(1))
        return True

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.stdout_lines.append(line)
            self.lines.put(line)

    def _signal(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                print("note: server did not exit within 5 s of SIGTERM; killing it")
                self._signal(signal.SIGKILL)
                self.proc.wait()
        else:
            R.check("server still running at the end of the test", False,
                    "it had exited with status %s" % self.proc.returncode)
        self._signal(signal.SIGKILL)  # stragglers in the group, if any


# ----------------------------------------------------------------------------------------------
# Helpers


def dids(res):
    if res is None or res.DIDs is None:
        return []
    return list(res.DIDs.DID or [])


def locators(res):
    if res is None or res.DIDLocators is None:
        return []
    return list(res.DIDLocators.DIDLocator or [])


def counts(res):
    if res is None or res.DIDCounts is None:
        return []
    return list(res.DIDCounts.DIDCount or [])


def fields(obj):
    """Field names of a zeep CompoundValue."""
    return list(obj.__values__.keys()) if obj is not None else []


def didparams(tn, epg, ref_id=None):
    param = {"tn": tn, "epg": epg}
    if ref_id is not None:
        param["refId"] = ref_id
    return {"DIDParam": [param]}


class WireChecker:
    """Checks the raw bytes of a response against the wire contract and the served schema."""

    def __init__(self, wsdl_bytes, profile):
        self.profile = profile
        wsdl = etree.fromstring(wsdl_bytes)
        schemas = wsdl.findall("{http://schemas.xmlsoap.org/wsdl/}types/{%s}schema" % XSD_NS)
        if len(schemas) != 1:
            raise ValueError("expected one xs:schema in the WSDL, found %d" % len(schemas))
        self.schema = etree.XMLSchema(etree.fromstring(etree.tostring(schemas[0])))

    def problems(self, exchange, version, op, expect_status=200):
        out = []
        body = exchange.resp_body
        if exchange.status != expect_status:
            out.append("HTTP status %s, expected %s" % (exchange.status, expect_status))
        want_ct = CT_11 if version == "1.1" else CT_12
        got_ct = exchange.resp_headers.get("Content-Type")
        if got_ct != want_ct:
            out.append("Content-Type %r, expected %r" % (got_ct, want_ct))
        if not body.startswith(XML_DECL):
            out.append("body does not start with %s (starts %r)" % (XML_DECL.decode(), body[:60]))
        env_ns = SOAP11_NS if version == "1.1" else SOAP12_NS
        try:
            doc = etree.fromstring(body)
        except etree.XMLSyntaxError as exc:
            out.append("response is not well-formed XML: %s" % exc)
            return out
        if doc.tag != "{%s}Envelope" % env_ns:
            out.append("root is %s, expected {%s}Envelope" % (doc.tag, env_ns))
            return out
        if doc.prefix != "soap":
            out.append("envelope prefix %r, expected 'soap'" % doc.prefix)
        for prefix, uri in (("soap", env_ns), ("xsi", XSI_NS), ("xsd", XSD_NS)):
            if doc.nsmap.get(prefix) != uri:
                out.append("envelope does not declare xmlns:%s=%r" % (prefix, uri))
        bodies = doc.findall("{%s}Body" % env_ns)
        if len(bodies) != 1 or len(bodies[0]) != 1:
            out.append("expected one soap:Body with one child")
            return out
        payload = bodies[0][0]
        want_tag = "{%s}%sResponse" % (TEMPURI, op)
        if payload.tag != want_tag:
            out.append("payload is %s, expected %s" % (payload.tag, want_tag))
            return out
        if payload.prefix is not None:
            out.append("payload element is prefixed (%r); ASMX writes it unprefixed with a "
                       "default namespace" % payload.prefix)
        copy = etree.fromstring(etree.tostring(payload))
        if not self.schema.validate(copy):
            errs = "; ".join("line %d: %s" % (e.line, e.message) for e in self.schema.error_log)
            out.append("payload is not valid against the served schema: %s" % errs)
        for el in payload.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            nil = el.get("{%s}nil" % XSI_NS) == "true"
            if local in BOOLEAN_ELEMENTS and el.text not in ("true", "false"):
                out.append("<%s> is %r, .NET writes true/false" % (local, el.text))
            if local in DATETIME_ELEMENTS and not nil and not DATETIME_RE.match(el.text or ""):
                out.append("<%s> is %r, .NET writes a dateTime without zone" % (local, el.text))
        result = payload.find("{%s}%sResult" % (TEMPURI, op))
        if result is not None and op not in ("isPortable", "getPortDetails"):
            arrays = ["DIDs", "DIDLocators", "DIDCounts"]
            if self.profile == "production":
                arrays.append("DIDGroups")
            for name in arrays:
                if result.find("{%s}%s" % (TEMPURI, name)) is None:
                    out.append("DIDResponse lacks <%s> (every array member is written, empty "
                               "ones as empty elements)" % name)
        return out


# ----------------------------------------------------------------------------------------------
# One port


class Pass:
    def __init__(self, label, client, service, transport, wire, profile, version):
        self.label = label
        self.client = client
        self.svc = service
        self.transport = transport
        self.wire = wire
        self.profile = profile
        self.version = version
        self.last = None
        self.last_failed = False

    def name(self, text):
        return "[%s] %s" % (self.label, text)

    def call(self, what, op, **kwargs):
        """Calls op through zeep; returns the parsed result or None (failure recorded)."""
        before = len(self.transport.exchanges)
        self.last = None
        try:
            result = getattr(self.svc, op)(**kwargs)
            error = None
        except Exception as exc:  # zeep's parse errors, faults, transport errors
            result = None
            error = "%s: %s" % (type(exc).__name__, exc)
            if not isinstance(exc, (zeep.exceptions.Error,)):
                error += "\n" + traceback.format_exc()
        if len(self.transport.exchanges) > before:
            self.last = self.transport.exchanges[-1]
        self.last_failed = error is not None
        R.check(self.name("%s: zeep strict parse of %sResponse" % (what, op)), error is None,
                (error + " (checks on this result skipped)") if error else "", self.last)
        if self.last is not None:
            probs = self.wire.problems(self.last, self.version, op)
            R.check(self.name("%s: wire bytes (decl, Content-Type, envelope, XSD, values)"
                              % what), not probs, "; ".join(probs), self.last)
        return result

    # Checks on a result are skipped when zeep could not parse it: the parse failure is
    # already counted, and everything derived from it would only repeat it.
    def eq(self, what, got, want):
        if self.last_failed:
            return None
        return R.equal(self.name(what), got, want, self.last)

    def ok(self, what, cond, detail=""):
        if self.last_failed:
            return None
        return R.check(self.name(what), cond, detail, self.last)

    def top(self, what, res, code=100, message="Success"):
        if res is None:
            return
        self.eq("%s responseCode" % what, res.responseCode, code)
        if message is not None:
            self.eq("%s responseMessage" % what, res.responseMessage, message)

    def one_did(self, what, res, tn):
        lst = dids(res)
        if not self.ok("%s returns one DID" % what, len(lst) == 1, "got %d" % len(lst)):
            return None
        self.eq("%s DID.tn" % what, lst[0].tn, tn)
        return lst[0]

    def conference_line(self, what, res):
        if self.profile != "production" or res is None:
            return
        cl = res.ConferenceLine
        self.ok("%s ConferenceLine present with Enabled == False" % what,
                cl is not None and cl.Enabled is False, "got %r" % (cl,))

    # -- the flow ------------------------------------------------------------------------------

    def run(self, used_tns):
        prod = self.profile == "production"

        # getDIDs, and pick a number
        res = self.call("getDIDs(state=UT, npa=435)", "getDIDs", login=LOGIN, secret=SECRET,
                        state="UT", npa="435")
        self.top("getDIDs", res)
        locs = locators(res)
        self.ok("getDIDs lists available numbers", len(locs) > 0, "no DIDLocators")
        bad = [l.tn for l in locs if l.state != "UT" or not re.fullmatch(r"435\d{7}", l.tn or "")]
        self.ok("getDIDs locators are UT numbers in NPA 435", not bad, "offending: %r" % bad[:10])
        tns = [l.tn for l in locs]
        self.ok("getDIDs locators sorted by tn, no duplicates", tns == sorted(set(tns)),
                "first tns: %r" % tns[:10])
        self.ok("getDIDs returns at most the default cap of %d rows" % SEARCH_CAP,
                len(locs) <= SEARCH_CAP, "got %d" % len(locs))
        if prod:
            miss = [l.tn for l in locs if "sms" not in fields(l) or not isinstance(l.sms, bool)]
            self.ok("production DIDLocator has a boolean sms", not miss and bool(locs),
                    "missing on %r" % miss[:5])
        self.conference_line("getDIDs", res)

        # UT/435 holds more numbers than one search returns; narrow to the recorded number's
        # NPA-NXX to find it, and pick the flow's number there.
        tn = PREFERRED_TN[self.label]
        nxx = tn[3:6]
        res = self.call("getDIDs(state=UT, npa=435, nxx=%s)" % nxx, "getDIDs", login=LOGIN,
                        secret=SECRET, state="UT", npa="435", nxx=nxx)
        self.top("getDIDs(nxx=%s)" % nxx, res)
        nlocs = locators(res)
        bad = [l.tn for l in nlocs if not (l.tn or "").startswith("435" + nxx)]
        self.ok("getDIDs(npa=435, nxx=%s) lists only 435-%s numbers" % (nxx, nxx),
                bool(nlocs) and not bad, "%d rows, offending: %r" % (len(nlocs), bad[:5]))
        by_tn = {l.tn: l for l in nlocs}
        if not self.ok("recorded number %s is listed as available" % tn,
                       tn in by_tn and tn not in used_tns,
                       "not among the %d rows (or already used); falling back" % len(nlocs)):
            spare = [l.tn for l in nlocs + locs if l.tn not in used_tns]
            tn = spare[0] if spare else tn
            by_tn.update({l.tn: l for l in locs if l.tn not in by_tn})
        used_tns.add(tn)
        print("[%s] flow number: %s" % (self.label, tn))
        loc = by_tn.get(tn)
        tier = loc.tier if loc is not None else PINNED.get(tn, {}).get("tier", "")
        if tn in PINNED and loc is not None:
            self.eq("getDIDs locator %s tier (as recorded)" % tn, loc.tier, PINNED[tn]["tier"])
            if prod:
                self.eq("getDIDs locator %s sms (as recorded)" % tn, loc.sms, PINNED[tn]["sms"])
                self.eq("getDIDs locator %s network (as recorded)" % tn, loc.network,
                        PINNED[tn]["network"])

        # getDIDCount over the same criteria must count what getDIDs listed
        cres = self.call("getDIDCount(state=UT, npa=435, nxx=%s)" % nxx, "getDIDCount",
                         login=LOGIN, secret=SECRET, state="UT", npa="435", nxx=nxx)
        self.top("getDIDCount(nxx=%s)" % nxx, cres)
        if cres is not None and 0 < len(nlocs) < SEARCH_CAP:
            total = sum(int(c.didCount) for c in counts(cres) if (c.didCount or "").isdigit())
            self.eq("sum of getDIDCount(UT, 435, %s).didCount equals getDIDs(UT, 435, %s) row "
                    "count" % (nxx, nxx), total, len(nlocs))

        # production search parameters (same NPA-NXX, so the recorded numbers are in reach)
        if prod:
            sres = self.call("getDIDs(state=UT, npa=435, nxx=%s, sms=1)" % nxx, "getDIDs",
                             login=LOGIN, secret=SECRET, state="UT", npa="435", nxx=nxx,
                             sms="1")
            self.top("getDIDs(sms=1)", sres)
            slocs = locators(sres)
            stns = {l.tn for l in slocs}
            self.ok("getDIDs(sms=1) lists only sms numbers",
                    bool(slocs) and all(l.sms is True for l in slocs),
                    "%d rows, non-sms: %r" % (len(slocs),
                                               [l.tn for l in slocs if l.sms is not True][:5]))
            for ptn, attrs in sorted(PINNED.items()):
                if ptn in by_tn:
                    self.eq("getDIDs(sms=1) lists recorded %s (sms %s)" % (ptn, attrs["sms"]),
                            ptn in stns, attrs["sms"])
            wres = self.call("getDIDs(state=UT, npa=435, nxx=%s, sms=1, network=Bandwidth)"
                             % nxx, "getDIDs", login=LOGIN, secret=SECRET, state="UT",
                             npa="435", nxx=nxx, sms="1", network="Bandwidth")
            self.top("getDIDs(sms=1, network=Bandwidth)", wres)
            wlocs = locators(wres)
            wtns = {l.tn for l in wlocs}
            self.ok("getDIDs(network=Bandwidth) rows all have network 'Bandwidth' and sms",
                    all(l.network == "Bandwidth" and l.sms is True for l in wlocs),
                    "%r" % [(l.tn, l.network, l.sms) for l in wlocs][:5])
            for ptn, attrs in sorted(PINNED.items()):
                if ptn in by_tn and attrs["sms"]:
                    want = attrs["network"] == "Bandwidth"
                    self.eq("getDIDs(sms=1, network=Bandwidth) lists recorded %s (network %s)"
                            % (ptn, attrs["network"]), ptn in wtns, want)

        # getDIDCount(state=UT, orderby=rc)
        cres = self.call("getDIDCount(state=UT, orderby=rc)", "getDIDCount", login=LOGIN,
                         secret=SECRET, state="UT", orderby="rc")
        self.top("getDIDCount", cres)
        rows = counts(cres)
        self.ok("getDIDCount returns rows", len(rows) > 0, "no DIDCounts")
        self.ok("getDIDCount returns no DIDs/DIDLocators",
                cres is None or (not dids(cres) and not locators(cres)))
        bad = [(c.state, c.rateCenter, c.didCount) for c in rows
               if c.state != "UT" or not (c.didCount or "").isdigit() or int(c.didCount) <= 0]
        self.ok("getDIDCount rows are UT with positive numeric didCount strings", not bad,
                "offending: %r" % bad[:5])
        rcs = [c.rateCenter or "" for c in rows]
        self.ok("getDIDCount rows ordered by rateCenter (orderby=rc)", rcs == sorted(rcs),
                "order: %r" % rcs[:15])
        keyf = ("state", "rateCenter", "tier", "cnam", "t38") + (("sms",) if prod else ())
        keys = [tuple(getattr(c, k) for k in keyf) for c in rows]
        self.ok("getDIDCount has one row per %s group" % "/".join(keyf),
                len(keys) == len(set(keys)),
                "duplicates: %r" % sorted({k for k in keys if keys.count(k) > 1})[:5])
        if prod:
            self.ok("production DIDCount has a boolean sms",
                    bool(rows) and all(isinstance(c.sms, bool) for c in rows))
        if loc is not None:
            self.ok("getDIDCount has a row for %s's rate center %s tier %s"
                    % (tn, loc.rateCenter, loc.tier),
                    any(c.rateCenter == loc.rateCenter and c.tier == loc.tier for c in rows))

        # bad credentials: every operation answers 902 and touches nothing
        self.bad_credentials(tn)

        # queryDID on the available number
        res = self.call("queryDID(%s) available" % tn, "queryDID", login=LOGIN, secret=SECRET,
                        did=tn)
        self.top("queryDID", res)
        d = self.one_did("queryDID", res, tn)
        if d is not None:
            self.eq("queryDID availability", d.availability, "Available")
            self.eq("queryDID status", d.status, "Number currently Available")
            self.eq("queryDID statusCode", d.statusCode, "100")
            self.eq("queryDID tier of an available number (as recorded)", d.tier, "-99999")
            self.eq("queryDID expireDate of an available number", d.expireDate, SENTINEL)
        self.conference_line("queryDID", res)

        # reserveDID
        res = self.call("reserveDID(%s)" % tn, "reserveDID", login=LOGIN, secret=SECRET,
                        didParams=didparams(tn, 0, "zeep"))
        self.top("reserveDID", res)
        d = self.one_did("reserveDID", res, tn)
        if d is not None:
            self.eq("reserveDID statusCode", d.statusCode, "100")
            self.ok("reserveDID status starts with 'Reserved for 30 minutes -- Will be Tier '",
                    (d.status or "").startswith("Reserved for 30 minutes -- Will be Tier "),
                    "got %r" % d.status)
            self.eq("reserveDID status", d.status, "Reserved for 30 minutes -- Will be Tier %s"
                    % tier)
            self.eq("reserveDID refId echoed", d.refId, "zeep")
            self.eq("reserveDID endpointId", d.endpointId, 0)
            self.eq("reserveDID expireDate (the sentinel, as both recorded answers show)",
                    d.expireDate, SENTINEL)
        reserved_at = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)

        # auditDIDs
        res = self.call("auditDIDs after reserve", "auditDIDs", login=LOGIN, secret=SECRET)
        self.top("auditDIDs", res)
        held = {x.tn: x for x in dids(res)}
        self.ok("auditDIDs includes %s" % tn, tn in held, "got %r" % sorted(held))
        if tn in held:
            self.eq("auditDIDs %s availability" % tn, held[tn].availability, "reserved")
        atns = [x.tn for x in dids(res)]
        self.ok("auditDIDs sorted by tn", atns == sorted(atns), "got %r" % atns)

        # assignDID
        res = self.call("assignDID(%s, epg %d)" % (tn, EPG_ASSIGN), "assignDID", login=LOGIN,
                        secret=SECRET, didParams=didparams(tn, EPG_ASSIGN, "zeep"))
        self.top("assignDID", res)
        d = self.one_did("assignDID", res, tn)
        if d is not None:
            self.eq("assignDID statusCode", d.statusCode, "100")
            self.eq("assignDID status", d.status, "Assigned to endpoint '%d' rewritten as '%s' "
                    "Tier %s" % (EPG_ASSIGN, tn, tier))
            self.eq("assignDID endpointId (0, as recorded)", d.endpointId, 0)

        res = self.call("auditDIDs after assign", "auditDIDs", login=LOGIN, secret=SECRET)
        held = {x.tn: x for x in dids(res)}
        if self.ok("auditDIDs includes %s after assign" % tn, tn in held, "got %r" % sorted(held)):
            self.eq("auditDIDs %s availability" % tn, held[tn].availability, "assigned")

        # configDID
        res = self.call("configDID(%s, epg %d)" % (tn, EPG_CONFIG), "configDID", login=LOGIN,
                        secret=SECRET, didParams=didparams(tn, EPG_CONFIG, "zeep2"))
        self.top("configDID", res)
        d = self.one_did("configDID", res, tn)
        if d is not None:
            self.eq("configDID statusCode", d.statusCode, "100")
            self.eq("configDID status", d.status, "Reconfigured to endpoint '%d' rewritten as "
                    "'%s' Tier %s" % (EPG_CONFIG, tn, tier))
            self.eq("configDID endpointId (0, as recorded)", d.endpointId, 0)

        # queryDID on the assigned number
        res = self.call("queryDID(%s) assigned" % tn, "queryDID", login=LOGIN, secret=SECRET,
                        did=tn)
        self.top("queryDID assigned", res)
        d = self.one_did("queryDID assigned", res, tn)
        if d is not None:
            self.eq("queryDID assigned availability", d.availability, "assigned")
            self.eq("queryDID assigned endpointId", d.endpointId, EPG_CONFIG)
            self.eq("queryDID assigned statusCode", d.statusCode, "100")
            self.eq("queryDID assigned rewrite", d.rewrite, tn)
            self.eq("queryDID assigned refId (updated by configDID)", d.refId, "zeep2")
            self.eq("queryDID assigned status", d.status,
                    "Number currently assigned to you with refid 'zeep2' rewritten as '%s' to "
                    "endpoint '%d'" % (tn, EPG_CONFIG))
            self.eq("queryDID assigned tier", d.tier, tier)
            # The server's reading of the recorded production value: the expiry
            # the reservation had when the number was assigned from it.
            exp = d.expireDate
            near = isinstance(exp, datetime.datetime) and abs(
                (exp - (reserved_at + datetime.timedelta(minutes=30))).total_seconds()) < 120
            self.ok("queryDID assigned expireDate is the reservation's expiry (about reserve + 30 "
                    "min)", near, "got %r" % (exp,))
            if prod and tn in PINNED:
                self.eq("production queryDID Network (as recorded)", d.Network,
                        PINNED[tn]["network"])
        self.conference_line("queryDID assigned", res)

        # releaseDID, twice
        res = self.call("releaseDID(%s)" % tn, "releaseDID", login=LOGIN, secret=SECRET,
                        didParams=didparams(tn, 0))
        self.top("releaseDID", res)
        d = self.one_did("releaseDID", res, tn)
        if d is not None:
            self.eq("releaseDID statusCode", d.statusCode, "100")
            self.eq("releaseDID status (emulator decision)", d.status, "Released")
        res = self.call("releaseDID(%s) again" % tn, "releaseDID", login=LOGIN, secret=SECRET,
                        didParams=didparams(tn, 0))
        self.top("releaseDID again", res)
        d = self.one_did("releaseDID again", res, tn)
        if d is not None:
            self.eq("releaseDID again statusCode", d.statusCode, "106231")
            self.eq("releaseDID again status", d.status, "Number currently available")

        res = self.call("queryDID(%s) after release" % tn, "queryDID", login=LOGIN,
                        secret=SECRET, did=tn)
        d = self.one_did("queryDID after release", res, tn)
        if d is not None:
            self.eq("queryDID after release availability (back at once)", d.availability,
                    "Available")

        res = self.call("queryDID(%s) toll-free" % TOLL_FREE_TN, "queryDID", login=LOGIN,
                        secret=SECRET, did=TOLL_FREE_TN)
        self.top("queryDID toll-free", res)
        d = self.one_did("queryDID toll-free", res, TOLL_FREE_TN)
        if d is not None:
            self.eq("queryDID toll-free availability", d.availability, "Available")

        # a valid NANP number outside the emulator's coverage (NPA 204 has no rate centers)
        res = self.call("queryDID(%s) not in inventory" % UNKNOWN_TN, "queryDID", login=LOGIN,
                        secret=SECRET, did=UNKNOWN_TN)
        self.top("queryDID not in inventory", res)
        lst = dids(res)
        if self.ok("queryDID not in inventory returns one DID", len(lst) == 1,
                   "got %d" % len(lst)):
            self.eq("queryDID not in inventory statusCode", lst[0].statusCode, "102420")
            self.eq("queryDID not in inventory status", lst[0].status, "Could not find number")

        # isPortable
        res = self.call("isPortable(4352010000)", "isPortable", login=LOGIN, secret=SECRET,
                        tn="4352010000")
        self.top("isPortable", res)
        if res is not None:
            self.eq("isPortable IsPortable", res.IsPortable, True)
            pd = res.PortDetails
            self.ok("isPortable PortDetails is the recorded empty shape (id 0, nil dates)",
                    pd is not None and pd.id == 0 and pd.submittedDate is None
                    and pd.focDate is None and pd.requestedFocDate is None
                    and pd.defaultEndpointGroup is None, "got %r" % (pd,))
        res = self.call("isPortable(4352019999) non-portable", "isPortable", login=LOGIN,
                        secret=SECRET, tn="4352019999")
        self.top("isPortable non-portable", res)
        if res is not None:
            self.eq("isPortable(4352019999) IsPortable", res.IsPortable, False)

        # getPortDetails
        res = self.call("getPortDetails(36623)", "getPortDetails", login=LOGIN, secret=SECRET,
                        portId=36623)
        self.top("getPortDetails", res)
        if res is not None:
            pd = res.PortDetails
            self.eq("getPortDetails IsPortable", res.IsPortable, False)
            if self.ok("getPortDetails has PortDetails", pd is not None):
                self.eq("PortDetails.id", pd.id, 36623)
                self.eq("PortDetails.status", pd.status, "PENDING SIGNATURE")
                self.eq("PortDetails.endUser", pd.endUser, "Rob  Richey")
                self.eq("PortDetails.billingTN", pd.billingTN, "9999999999")
                self.eq("PortDetails.salesRep (omitted)", pd.salesRep, None)
                self.eq("PortDetails.submittedDate (nil)", pd.submittedDate, None)
                self.eq("PortDetails.defaultEndpointGroup", pd.defaultEndpointGroup, 8674)
                pdids = list(pd.dids.PortDID) if pd.dids is not None else []
                self.ok("PortDetails.dids is the one recorded PortDID",
                        len(pdids) == 1 and pdids[0].tn == "9999999999"
                        and pdids[0].endpointGroup == 8674 and pdids[0].lata == "999"
                        and pdids[0].cnam is True and pdids[0].e911 is True,
                        "got %r" % pdids)
        if self.last is not None:
            raw = self.last.resp_body
            self.ok("getPortDetails raw: salesRep omitted, portingFrom empty, "
                    "submittedDate xsi:nil",
                    b"salesRep" not in raw and re.search(rb"<portingFrom\s*/>", raw) is not None
                    and re.search(rb'<submittedDate xsi:nil="true"\s*/>', raw) is not None)
        for pid, what in ((1, "unknown port"), (41000, "another account's port")):
            res = self.call("getPortDetails(%d) %s" % (pid, what), "getPortDetails",
                            login=LOGIN, secret=SECRET, portId=pid)
            self.top("getPortDetails(%d)" % pid, res, 101, "No Records Found")
            if res is not None:
                self.ok("getPortDetails(%d) PortDetails empty (id 0)" % pid,
                        res.PortDetails is not None and res.PortDetails.id == 0,
                        "got %r" % (res.PortDetails,))

    def bad_credentials(self, tn):
        calls = [
            ("auditDIDs", {}),
            ("queryDID", {"did": tn}),
            ("reserveDID", {"didParams": didparams(tn, 0, "zeep-bad")}),
            ("assignDID", {"didParams": didparams(tn, EPG_ASSIGN, "zeep-bad")}),
            ("configDID", {"didParams": didparams(tn, EPG_CONFIG, "zeep-bad")}),
            ("releaseDID", {"didParams": didparams(tn, 0)}),
            ("getDIDs", {"state": "UT", "npa": "435"}),
            ("getDIDCount", {"state": "UT", "orderby": "rc"}),
            ("isPortable", {"tn": "4352010000"}),
            ("getPortDetails", {"portId": 36623}),
        ]
        for op, kwargs in calls:
            res = self.call("%s with a wrong secret" % op, op, login=LOGIN, secret="wrong",
                            **kwargs)
            self.top("%s wrong secret" % op, res, 902, NO_SUCH_SERVICE)
            if res is not None and op not in ("isPortable", "getPortDetails"):
                self.ok("%s wrong secret: empty arrays" % op,
                        not dids(res) and not locators(res) and not counts(res))
        for what, kwargs in (("no login/secret", {}), ("empty secret", {"login": LOGIN,
                                                                         "secret": ""})):
            res = self.call("auditDIDs with %s" % what, "auditDIDs", **kwargs)
            self.top("auditDIDs %s" % what, res, 902, NO_SUCH_SERVICE)


# ----------------------------------------------------------------------------------------------


def load_client(url, transport):
    return zeep.Client(url, transport=transport,
                       settings=zeep.Settings(strict=True, xml_huge_tree=False))


def check_wsdl(base, path, profile, transport, query):
    """Loads the served WSDL; checks its addresses. Returns (client, wsdl bytes) or (None, None)."""
    service_url = "http://127.0.0.1:%d%s" % (base, path)
    wsdl_url = service_url + "?" + query
    resp = transport.session.get(wsdl_url, timeout=10)
    R.check("GET %s -> HTTP 200" % wsdl_url, resp.status_code == 200,
            "got %s: %r" % (resp.status_code, resp.content[:300]))
    if resp.status_code != 200:
        return None, None
    try:
        client = load_client(wsdl_url, transport)
    except Exception as exc:
        R.check("zeep loads the served WSDL %s (strict)" % wsdl_url, False,
                "%s: %s" % (type(exc).__name__, exc))
        return None, None
    R.check("zeep loads the served WSDL %s (strict)" % wsdl_url, True)
    ports = client.wsdl.services["APIService"].ports if "APIService" in \
        client.wsdl.services else {}
    R.equal("WSDL ports of service APIService", sorted(ports), ["APIServiceSoap",
                                                                  "APIServiceSoap12"])
    for port in ("APIServiceSoap", "APIServiceSoap12"):
        if port in ports:
            R.equal("WSDL %s address (the URL the WSDL came from, minus ?%s)" % (port, query),
                    ports[port].binding_options.get("address"), service_url)
    ops = sorted(client.wsdl.port_types[list(client.wsdl.port_types)[0]].operations) \
        if client.wsdl.port_types else []
    # The vendor's WSDL of the profile declares 30 (sandbox) or 48 (production) operations;
    # the served one declares them all, the ten emulated among them (docs/behaviour.md §1.4).
    R.equal("WSDL operation count", len(ops), {"sandbox": 30, "production": 48}[profile])
    ten = ["assignDID", "auditDIDs", "configDID", "getDIDCount", "getDIDs", "getPortDetails",
           "queryDID", "releaseDID", "reserveDID", "isPortable"]
    R.equal("WSDL declares the ten emulated operations", [op for op in ten if op not in ops], [])
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "mock-server",
                          "soap", "wsdl", "%s.wsdl" % profile)
    if os.path.exists(source):
        with open(source, "rb") as fh:
            want = fh.read().replace(b"@SERVICE_URL@", service_url.encode())
        R.check("served WSDL is mock-server/soap/wsdl/%s.wsdl with the address filled in"
                % profile, resp.content == want,
                "differs (served %d bytes, file %d bytes)" % (len(resp.content), len(want)))
    return client, resp.content


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True, help="path to the vi-sandbox executable")
    ap.add_argument("--profile", choices=["sandbox", "production"], default="sandbox")
    args = ap.parse_args()
    print("zeep %s, python %s, profile %s" % (zeep.__version__, sys.version.split()[0],
                                              args.profile))

    server = Server(args.server, args.profile)
    try:
        if server.start():
            run(server.port, args.profile)
    except Exception:
        R.check("test harness ran to completion", False, traceback.format_exc())
    finally:
        server.stop()
    if server.proc is not None and server.port is not None:
        extra = server.stdout_lines[1:]
        R.check("server printed exactly one line on stdout (--quiet)", not extra,
                "also printed %r" % extra[:5])
    print("%d passed, %d failed" % (R.passed, R.failed))
    return 0 if R.failed == 0 else 1


def run(port, profile):
    transport = RecordingTransport(timeout=10, operation_timeout=10)
    client, wsdl_bytes = check_wsdl(port, SANDBOX_PATH, profile, transport, "wsdl")
    if client is None:
        return
    try:
        wire = WireChecker(wsdl_bytes, profile)
    except Exception as exc:
        R.check("served WSDL schema compiles as XSD", False, "%s: %s" % (type(exc).__name__, exc))
        return

    used = set()
    for label, port_name, version in (("soap11", "APIServiceSoap", "1.1"),
                                      ("soap12", "APIServiceSoap12", "1.2")):
        service = client.bind("APIService", port_name)
        p = Pass(label, client, service, transport, wire, profile, version)
        p.run(used)

    # A declared operation the emulator does not serve is a SOAP fault (HTTP 500) naming it.
    for port_name in ("APIServiceSoap", "APIServiceSoap12"):
        try:
            client.bind("APIService", port_name).GetCountries(login=LOGIN, secret=SECRET)
            R.check("%s GetCountries is a fault" % port_name, False, "no fault raised")
        except zeep.exceptions.Fault as fault:
            R.check("%s GetCountries is a fault saying it is not emulated" % port_name,
                    "GetCountries is not emulated" in (fault.message or ""), repr(fault.message))

    # The other service path answers too, with its own address in the WSDL (?WSDL spelling).
    alt_transport = RecordingTransport(timeout=10, operation_timeout=10)
    alt, alt_bytes = check_wsdl(port, PRODUCTION_PATH, profile, alt_transport, "WSDL")
    if alt is not None:
        alt_wire = WireChecker(alt_bytes, profile)
        for label, port_name, version in (("alt-path soap11", "APIServiceSoap", "1.1"),
                                          ("alt-path soap12", "APIServiceSoap12", "1.2")):
            p = Pass(label, alt, alt.bind("APIService", port_name), alt_transport, alt_wire,
                     profile, version)
            res = p.call("isPortable(4352010000) via %s" % PRODUCTION_PATH, "isPortable",
                         login=LOGIN, secret=SECRET, tn="4352010000")
            p.top("isPortable", res)
            if p.last is not None:
                p.eq("request went to", p.last.address, "http://127.0.0.1:%d%s"
                     % (port, PRODUCTION_PATH))


if __name__ == "__main__":
    sys.exit(main())
