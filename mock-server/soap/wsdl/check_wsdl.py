#!/usr/bin/python3
"""Check the emulator's WSDL files (sandbox.wsdl, production.wsdl).

For each profile this script
  1. checks the raw text: exact XML declaration + LF first line, LF line endings only,
     2-space indentation, the `@SERVICE_URL@` placeholder exactly in soap:address and
     soap12:address, no HTTP GET/POST bindings;
  2. substitutes the placeholder with a local URL, writes the result to a temp file and
     runs `xmllint --noout` on it;
  3. loads it with zeep in strict mode and checks the service, its two ports, their
     bindings (SOAP 1.1 / 1.2), exactly the operations the vendor's WSDL of the profile
     declares (30 in the sandbox, 48 in production: the ten emulated ones and the others,
     docs/behaviour.md §1.4) on each port, each operation's soapAction / style, and its
     input/output elements; checks in the document itself that the portType, both
     bindings and the messages list them in the vendor's order;
  4. checks, through zeep's type introspection, the element sequence of the request
     elements and of every complex type the ten operations use: name, order, type,
     minOccurs, maxOccurs and nillable (docs/wire-contract.md §2 and §3); for the other
     operations, that the request starts with login and secret and the response holds
     one <operation>Result of the vendor's result type, and the names of the complex
     types they add;
  5. optionally (--captures DIR) parses the recorded responses that fit the profile's
     schema with zeep (strict) against the profile's WSDL.

Uses only the standard library and python3-zeep (Debian package: run it with the
system interpreter, /usr/bin/python3). Exits 0 when every check passes, 1 otherwise.

Usage: check_wsdl.py [--captures DIR] [WSDL_DIR]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

try:
    import zeep
    from lxml import etree
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write("check_wsdl.py: cannot import zeep/lxml (%s); run it with /usr/bin/python3 "
                     "with python3-zeep installed\n" % exc)
    sys.exit(2)

PLACEHOLDER = "@SERVICE_URL@"
TEST_URL = "http://127.0.0.1:1/VOIP/Services/APIService.asmx"
TNS = "http://tempuri.org/"
XSD = "http://www.w3.org/2001/XMLSchema"
XML_DECL = '<?xml version="1.0" encoding="utf-8"?>\n'

OPERATIONS = ["auditDIDs", "queryDID", "assignDID", "getDIDs", "configDID",
              "releaseDID", "reserveDID", "isPortable", "getDIDCount", "getPortDetails"]
# Every operation each profile's WSDL declares, in the order of the vendor's WSDL of that
# profile (its portType, bindings and messages): the ten above and the vendor's others,
# which the emulator answers with a fault (docs/behaviour.md §1.4).
_SANDBOX_DECLARED = [
    "addLocation", "assignDID", "audit911", "auditDIDs", "configDID", "getDIDCount", "getDIDs",
    "getLocations", "getPortDetails", "getProvisioningHistory", "insert911", "provisionLocation",
    "query911", "queryDID", "releaseDID", "remove911", "removeLocation", "reserveDID",
    "update911", "validate911", "isPortable", "GetCountries", "AssignIntlDID", "ReleaseIntlDID",
    "GetCNAMDisplay", "UpdateCNAMDisplay", "RemoveCNAM", "SetFaxToEmail", "GetFaxToEmail",
    "RemoveFaxToEmail"]
_PRODUCTION_DECLARED = [
    "addLocation", "assignDID", "audit911", "auditDIDs", "AuditDIDGroup", "configDID",
    "getDIDCount", "getDIDs", "getLocations", "getPortDetails", "getProvisioningHistory",
    "insert911", "provisionLocation", "query911", "queryDID", "releaseDID", "remove911",
    "removeLocation", "reserveDID", "update911", "validate911", "isPortable", "GetCountries",
    "AssignIntlDID", "ReleaseIntlDID", "AuditIntlDIDs", "GetCNAMDisplay", "UpdateCNAMDisplay",
    "RemoveCNAM", "SetFaxToEmail", "GetFaxToEmail", "RemoveFaxToEmail", "Add911Alert",
    "Remove911Alert", "Query911Alert", "UpdateDIDFailover", "GetDIDFailover", "GetDIDForward",
    "SetDIDForward", "RemoveDIDForward", "GetDIDGroup", "SetDIDGroup", "RemoveDIDGroup",
    "GetDIDGroups", "SetConferenceLine", "GetConferenceLine", "RemoveConferenceLine",
    "GetPrepaidBalance"]
DECLARED = {"sandbox": _SANDBOX_DECLARED, "production": _PRODUCTION_DECLARED}
# The result type of each operation the emulator does not serve.
_RESULT_911 = ["addLocation", "audit911", "getLocations", "getProvisioningHistory", "insert911",
               "provisionLocation", "query911", "remove911", "removeLocation", "update911",
               "validate911", "Add911Alert", "Remove911Alert", "Query911Alert"]
_RESULT_INTL = ["GetCountries", "AssignIntlDID", "ReleaseIntlDID", "AuditIntlDIDs"]
_RESULT_CNAM = ["GetCNAMDisplay", "UpdateCNAMDisplay", "RemoveCNAM"]
_RESULT_FAX = ["SetFaxToEmail", "GetFaxToEmail", "RemoveFaxToEmail"]
_RESULT_DID = ["AuditDIDGroup", "UpdateDIDFailover", "GetDIDFailover", "GetDIDForward",
               "SetDIDForward", "RemoveDIDForward", "GetDIDGroup", "SetDIDGroup", "RemoveDIDGroup",
               "GetDIDGroups", "SetConferenceLine", "GetConferenceLine", "RemoveConferenceLine"]
OTHER_RESULT_TYPE = dict([(op, "Response911") for op in _RESULT_911]
                         + [(op, "IntlResponse") for op in _RESULT_INTL]
                         + [(op, "CNAMResponse") for op in _RESULT_CNAM]
                         + [(op, "FaxToEmailResponse") for op in _RESULT_FAX]
                         + [(op, "DIDResponse") for op in _RESULT_DID]
                         + [("GetPrepaidBalance", "NumericResponse")])
# The complex types the other operations add, beyond those of the ten.
_OTHER_TYPES = ["Response911", "ArrayOfStatus911", "Status911", "ArrayOfDID911", "DID911",
                "ArrayOfVILocation", "VILocation", "IntlResponse", "ArrayOfCountry", "Country",
                "ArrayOfCity", "City", "IntlDID", "CNAMResponse", "FaxToEmailResponse"]
OTHER_TYPES = {"sandbox": _OTHER_TYPES,
               "production": _OTHER_TYPES + ["ArrayOfString", "ArrayOfIntlDID", "NumericResponse"]}
PORTS = {"APIServiceSoap": "Soap11Binding", "APIServiceSoap12": "Soap12Binding"}
RESULT_TYPE = {op: ("PortResponse" if op in ("isPortable", "getPortDetails") else "DIDResponse")
               for op in OPERATIONS}


# ---------------------------------------------------------------------------------------
# Expected sequences: (name, type, minOccurs, maxOccurs, nillable).
# Types: xsd builtins as "string"/"int"/"boolean"/"dateTime", tempuri types as "tns:Name".
# ---------------------------------------------------------------------------------------

def s(name):
    return (name, "string", 0, 1, False)


def req(name, typ):
    return (name, typ, 1, 1, False)


def cx(name, typ):
    return (name, "tns:" + typ, 0, 1, False)


def items(name):
    return (name, "tns:" + name, 0, "unbounded", True)


def expected(profile):
    prod = profile == "production"
    creds = [s("login"), s("secret")]
    search = [s(n) for n in ("state", "lata", "rateCenter", "npa", "nxx", "tier", "t38", "cnam")]
    prod_search = [s("sms"), s("network")] if prod else []
    did_params = creds + [cx("didParams", "ArrayOfDIDParam")]

    elements = {
        "auditDIDs": creds,
        "queryDID": creds + [s("did")],
        "assignDID": did_params,
        "getDIDs": creds + search + prod_search,
        "configDID": did_params,
        "releaseDID": did_params,
        "reserveDID": did_params,
        "isPortable": creds + [s("tn")],
        "getDIDCount": creds + search + [s("orderby")] + prod_search,
        "getPortDetails": creds + [req("portId", "int")],
    }
    for op in OPERATIONS:
        elements[op + "Response"] = [cx(op + "Result", RESULT_TYPE[op])]

    types = {
        "ArrayOfDIDParam": [items("DIDParam")],
        "DIDParam": [s("tn"), s("cnam"), s("refId"), req("epg", "int")],
        "DIDResponse": [req("responseCode", "int"), s("responseMessage"),
                        cx("DIDs", "ArrayOfDID"), cx("DIDLocators", "ArrayOfDIDLocator"),
                        cx("DIDCounts", "ArrayOfDIDCount")]
                       + ([cx("DIDGroups", "ArrayOfDIDGroup"), cx("ConferenceLine", "ConferenceLine")]
                          if prod else []),
        "ArrayOfDID": [items("DID")],
        "DID": [s(n) for n in ("tn", "availability", "rewrite", "status", "statusCode", "tier", "refId")]
               + ([s(n) for n in ("failover", "forward", "cnamName", "state", "rateCenter",
                                  "didGroupId", "Network")] if prod else [])
               + [req("endpointId", "int"), ("expireDate", "dateTime", 0, 1, True)]
               + [req(n, "boolean") for n in ("has411", "has911", "cnam", "cnamStorageActive",
                                              "cnamStorageAvailability", "t38")],
        "ArrayOfDIDLocator": [items("DIDLocator")],
        "DIDLocator": [s("tn"), s("rateCenter"), s("state"), s("tier"), req("lataId", "int"),
                       req("outboundCNAM", "boolean"), req("t38", "boolean")]
                      + ([s("network"), req("sms", "boolean")] if prod else []),
        "ArrayOfDIDCount": [items("DIDCount")],
        "DIDCount": [s("didCount"), s("rateCenter"), s("state"), s("tier"), req("lataId", "int"),
                     req("cnam", "boolean"), req("t38", "boolean")]
                    + ([req("sms", "boolean")] if prod else []),
        "PortResponse": [req("responseCode", "int"), s("responseMessage"),
                         cx("PortDetails", "PortDetail"), req("IsPortable", "boolean")],
        "PortDetail": [req("id", "int")]
                      + [s(n) for n in ("status", "endUser", "billingTN", "portingFrom", "salesRep")]
                      + [(n, "dateTime", 1, 1, True) for n in ("submittedDate", "focDate", "requestedFocDate")]
                      + [cx("dids", "ArrayOfPortDID"), ("defaultEndpointGroup", "int", 1, 1, True)],
        "ArrayOfPortDID": [items("PortDID")],
        "PortDID": [s(n) for n in ("tn", "tier", "rateCenter", "state", "lata")]
                   + [req("endpointGroup", "int"), req("cnam", "boolean"), req("e911", "boolean")],
    }
    if prod:
        types.update({
            "ArrayOfDIDGroup": [items("DIDGroup")],
            "DIDGroup": [s("Name"), req("ID", "int")],
            "ConferenceLine": [req("Enabled", "boolean"), s("PIN")],
        })
    return elements, types


# Recorded responses and the profile whose schema they fit (docs/wire-contract.md §6; the
# file names are their sources' names, docs/fixtures.md §1).
CAPTURES = {
    "sandbox": {"assign_did.xml": "assignDID", "config_did.xml": "configDID",
                "audit_dids.xml": "auditDIDs", "release_did.xml": "releaseDID",
                "get_dids.xml": "getDIDs", "is_portable.xml": "isPortable",
                "get_port_details.xml": "getPortDetails"},
    "production": {"reserve_did.xml": "reserveDID", "query_did.xml": "queryDID"},
}


class Checker:
    def __init__(self, profile):
        self.profile = profile
        self.failures = []
        self.passed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)
        return cond


def describe(elem):
    """(name, type, minOccurs, maxOccurs, nillable) of a zeep element."""
    qn = elem.type.qname
    if qn is None:
        typ = "<anonymous>"
    elif qn.namespace == XSD:
        typ = qn.localname
    elif qn.namespace == TNS:
        typ = "tns:" + qn.localname
    else:
        typ = qn.text
    return (elem.name, typ, elem.min_occurs, elem.max_occurs, bool(elem.nillable))


def check_sequence(chk, label, zeep_type, want):
    got = [describe(e) for _, e in zeep_type.elements]
    chk.check(all(e.qname.namespace == TNS for _, e in zeep_type.elements),
              "%s: child elements are not all qualified in %s" % (label, TNS))
    if not chk.check(got == want, "%s: sequence differs" % label):
        chk.failures.append("    expected names: %s" % [w[0] for w in want])
        chk.failures.append("    got names:      %s" % [g[0] for g in got])
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            if g != w:
                chk.failures.append("    #%d expected %s, got %s" % (i, w, g))


def check_text(chk, text):
    chk.check(text.startswith(XML_DECL), "file does not start with %r" % XML_DECL)
    chk.check("\r" not in text, "file contains CR characters (LF line endings required)")
    chk.check("\t" not in text, "file contains tabs")
    bad_indent = [i + 1 for i, line in enumerate(text.split("\n"))
                  if (len(line) - len(line.lstrip(" "))) % 2]
    chk.check(not bad_indent, "odd indentation on lines %s" % bad_indent[:10])
    addresses = re.findall(r'<(soap(?:12)?):address location="([^"]*)" />', text)
    chk.check(sorted(addresses) == [("soap", PLACEHOLDER), ("soap12", PLACEHOLDER)],
              "soap:address/soap12:address are not exactly the %s placeholder: %s"
              % (PLACEHOLDER, addresses))
    chk.check(text.count(PLACEHOLDER) == 2, "placeholder %s occurs %d times, expected 2"
              % (PLACEHOLDER, text.count(PLACEHOLDER)))
    chk.check("<http:binding" not in text and "<http:operation" not in text,
              "file declares HTTP GET/POST bindings")
    for prefix, uri in (("soap", "http://schemas.xmlsoap.org/wsdl/soap/"),
                        ("soap12", "http://schemas.xmlsoap.org/wsdl/soap12/"),
                        ("tm", "http://microsoft.com/wsdl/mime/textMatching/"),
                        ("soapenc", "http://schemas.xmlsoap.org/soap/encoding/"),
                        ("mime", "http://schemas.xmlsoap.org/wsdl/mime/"),
                        ("tns", TNS),
                        ("s", XSD),
                        ("http", "http://schemas.xmlsoap.org/wsdl/http/"),
                        ("wsdl", "http://schemas.xmlsoap.org/wsdl/")):
        chk.check('xmlns:%s="%s"' % (prefix, uri) in text, "missing xmlns:%s declaration" % prefix)
    chk.check('targetNamespace="http://tempuri.org/" xmlns:wsdl=' in text,
              "wsdl:definitions targetNamespace is not http://tempuri.org/")
    chk.check('<s:schema elementFormDefault="qualified" targetNamespace="http://tempuri.org/">' in text,
              "types schema is not elementFormDefault=qualified for http://tempuri.org/")


def check_order(chk, path):
    """The portType, both bindings and the messages list the operations in the vendor's order."""
    wsdl_ns = "http://schemas.xmlsoap.org/wsdl/"
    root = etree.parse(path).getroot()
    want = DECLARED[chk.profile]
    for kind in ("portType", "binding"):
        for node in root.findall("{%s}%s" % (wsdl_ns, kind)):
            got = [op.get("name") for op in node.findall("{%s}operation" % wsdl_ns)]
            if not chk.check(got == want, "%s %s: operations not in the vendor's order"
                             % (kind, node.get("name"))):
                chk.failures.append("    expected: %s" % want)
                chk.failures.append("    got:      %s" % got)
    messages = [m.get("name") for m in root.findall("{%s}message" % wsdl_ns)]
    chk.check(messages == [op + d for op in want for d in ("SoapIn", "SoapOut")],
              "messages are not <op>SoapIn, <op>SoapOut in the vendor's order: %s" % messages)


def check_xmllint(chk, path):
    try:
        res = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    except FileNotFoundError:
        chk.check(False, "xmllint not found")
        return
    chk.check(res.returncode == 0, "xmllint --noout failed: %s" % res.stderr.strip())


def check_zeep(chk, path, captures_dir):
    try:
        client = zeep.Client(wsdl=path, settings=zeep.Settings(strict=True))
    except Exception as exc:  # noqa: BLE001 - report any load failure
        chk.check(False, "zeep (strict) could not load the WSDL: %r" % exc)
        return
    wsdl = client.wsdl
    chk.check(list(wsdl.services) == ["APIService"], "services are %s" % list(wsdl.services))
    service = wsdl.services.get("APIService")
    if service is None:
        return
    chk.check(sorted(service.ports) == sorted(PORTS), "ports are %s" % list(service.ports))
    chk.check(sorted(wsdl.bindings) == sorted("{%s}%s" % (TNS, p) for p in PORTS),
              "bindings are %s (expected only the two SOAP bindings)" % list(wsdl.bindings))
    for port_name, binding_class in PORTS.items():
        port = service.ports.get(port_name)
        if port is None:
            continue
        binding = port.binding
        chk.check(type(binding).__name__ == binding_class,
                  "%s: binding is %s, expected %s" % (port_name, type(binding).__name__, binding_class))
        chk.check(binding.name.text == "{%s}%s" % (TNS, port_name),
                  "%s: binding name is %s" % (port_name, binding.name))
        chk.check(port.binding_options.get("address") == TEST_URL,
                  "%s: address is %s" % (port_name, port.binding_options.get("address")))
        ops = binding._operations  # zeep keeps the bound operations here
        declared = DECLARED[chk.profile]
        chk.check(sorted(ops) == sorted(declared),
                  "%s: operations are %s, expected exactly %s" % (port_name, sorted(ops), sorted(declared)))
        for op_name in declared:
            op = ops.get(op_name)
            if op is None:
                continue
            chk.check(op.soapaction == TNS + op_name,
                      "%s.%s: soapAction %r" % (port_name, op_name, op.soapaction))
            chk.check(op.style == "document", "%s.%s: style %r" % (port_name, op_name, op.style))
            in_el = op.input.body
            out_el = op.output.body
            chk.check(in_el is not None and in_el.qname.text == "{%s}%s" % (TNS, op_name),
                      "%s.%s: input element %s" % (port_name, op_name, getattr(in_el, "qname", None)))
            chk.check(out_el is not None and out_el.qname.text == "{%s}%sResponse" % (TNS, op_name),
                      "%s.%s: output element %s" % (port_name, op_name, getattr(out_el, "qname", None)))

    want_elements, want_types = expected(chk.profile)
    for op_name in DECLARED[chk.profile]:
        if op_name in OPERATIONS:
            continue
        try:
            req_el = client.get_element("ns0:" + op_name)
            resp_el = client.get_element("ns0:" + op_name + "Response")
        except Exception as exc:  # noqa: BLE001
            chk.check(False, "elements of %s missing: %r" % (op_name, exc))
            continue
        got = [describe(e) for _, e in req_el.type.elements]
        chk.check(got[:2] == [s("login"), s("secret")],
                  "element %s does not start with login, secret: %s" % (op_name, got[:2]))
        check_sequence(chk, "element %sResponse" % op_name, resp_el.type,
                       [cx(op_name + "Result", OTHER_RESULT_TYPE[op_name])])
    for name, want in want_elements.items():
        try:
            el = client.get_element("ns0:" + name)
        except Exception as exc:  # noqa: BLE001
            chk.check(False, "element %s missing: %r" % (name, exc))
            continue
        check_sequence(chk, "element " + name, el.type, want)
    for name, want in want_types.items():
        try:
            typ = client.get_type("ns0:" + name)
        except Exception as exc:  # noqa: BLE001
            chk.check(False, "type %s missing: %r" % (name, exc))
            continue
        check_sequence(chk, "type " + name, typ, want)
    # No type beyond those the ten operations use and those the others add.
    all_types = sorted(list(want_types) + OTHER_TYPES[chk.profile])
    declared = sorted(t.qname.localname for t in wsdl.types.types
                      if t.qname is not None and t.qname.namespace == TNS)
    chk.check(declared == all_types,
              "declared complex types %s, expected %s" % (declared, all_types))
    all_elements = sorted(n for op in DECLARED[chk.profile] for n in (op, op + "Response"))
    declared_el = sorted(e.qname.localname for e in wsdl.types.elements
                         if e.qname.namespace == TNS)
    chk.check(declared_el == all_elements,
              "declared elements %s, expected %s" % (declared_el, all_elements))

    if captures_dir:
        soap11 = service.ports["APIServiceSoap"].binding
        for fname, op_name in CAPTURES[chk.profile].items():
            path_c = os.path.join(captures_dir, fname)
            if not chk.check(os.path.exists(path_c), "capture %s not found" % path_c):
                continue
            try:
                envelope = etree.parse(path_c).getroot()
                result = soap11._operations[op_name].process_reply(envelope)
                ok = result is not None
                err = ""
            except Exception as exc:  # noqa: BLE001
                ok, err = False, repr(exc)
            chk.check(ok, "capture %s does not parse against %s.%s: %s"
                      % (fname, chk.profile, op_name, err))


def run_profile(profile, wsdl_dir, captures_dir):
    chk = Checker(profile)
    src = os.path.join(wsdl_dir, profile + ".wsdl")
    if not chk.check(os.path.isfile(src), "%s not found" % src):
        return chk
    with open(src, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        chk.check(False, "not UTF-8: %s" % exc)
        return chk
    chk.check(not raw.startswith(b"\xef\xbb\xbf"), "file starts with a BOM")
    check_text(chk, text)
    with tempfile.TemporaryDirectory(prefix="check_wsdl_") as tmp:
        path = os.path.join(tmp, profile + ".wsdl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text.replace(PLACEHOLDER, TEST_URL))
        check_xmllint(chk, path)
        check_order(chk, path)
        check_zeep(chk, path, captures_dir)
    return chk


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wsdl_dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)),
                    help="directory holding sandbox.wsdl and production.wsdl (default: this script's)")
    ap.add_argument("--captures", metavar="DIR",
                    help="also parse the recorded responses in DIR against the fitting profile")
    args = ap.parse_args(argv)

    failed = False
    for profile in ("sandbox", "production"):
        chk = run_profile(profile, args.wsdl_dir, args.captures)
        status = "OK" if not chk.failures else "FAIL"
        print("%-10s %s: %d checks passed, %d failed"
              % (profile, status, chk.passed, sum(1 for f in chk.failures if not f.startswith("    "))))
        for f in chk.failures:
            print("  " + f if not f.startswith("    ") else f)
        failed = failed or bool(chk.failures)
    print("RESULT: %s" % ("FAIL" if failed else "PASS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
