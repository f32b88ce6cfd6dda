#!/usr/bin/env python3
"""Regenerates the seed corpus in corpus/ (layout: soap_service_fuzzer.cc).

Byte 0 is the flag byte: bit 0 SOAP 1.2, bit 1 production, bit 2 strict
SOAPAction, bits 3-4 field mode (1: action param / SOAPAction, 3: SOAPAction),
bits 5-7 method (7: PUT). Then "<field>\\0" and the body.
"""
import pathlib

OUT = pathlib.Path(__file__).with_name("corpus")
ENV = {
    0: "http://schemas.xmlsoap.org/soap/envelope/",
    1: "http://www.w3.org/2003/05/soap-envelope",
}
CRED = "<login>sandbox</login><secret>sandbox</secret>"
PARAMS = ("<didParams><DIDParam><tn>4352154006</tn><epg>8674</epg><cnam>1</cnam>"
          "<refId>r1</refId></DIDParam></didParams>")
OPS = {
    "auditDIDs": "",
    "queryDID": "<did>4352154006</did>",
    "assignDID": PARAMS,
    "getDIDs": "<state>UT</state><npa>435</npa><tier>2</tier><t38>1</t38>",
    "configDID": PARAMS.replace("8674", "8675"),
    "releaseDID": "<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams>",
    "reserveDID": PARAMS,
    "isPortable": "<tn>4352154006</tn>",
    "getDIDCount": "<state>UT</state><orderby>rc</orderby>",
    "getPortDetails": "<portId>36623</portId>",
}


def envelope(v, op, inner, prefix="soap"):
    return (f'<?xml version="1.0" encoding="utf-8"?><{prefix}:Envelope xmlns:{prefix}="{ENV[v]}">'
            f'<{prefix}:Body><{op} xmlns="http://tempuri.org/">{CRED}{inner}</{op}>'
            f'</{prefix}:Body></{prefix}:Envelope>').encode()


def seed(flags, field, body):
    return bytes([flags]) + (field + b"\0" if field is not None else b"") + body


def main():
    OUT.mkdir(exist_ok=True)
    for f in OUT.iterdir():
        f.unlink()
    seeds = {}
    for i, (op, inner) in enumerate(OPS.items()):
        action = f"http://tempuri.org/{op}".encode()
        prod = 2 if i % 3 == 0 else 0
        # SOAP 1.1: quoted SOAPAction header, or (every fourth op) none, so
        # routing by the Body element is seeded too.
        flags11 = (0x00 if i % 4 == 3 else 0x18) | prod
        seeds[f"{op}_11"] = seed(flags11, b'"' + action + b'"', envelope(0, op, inner))
        # SOAP 1.2: the action parameter of the content type.
        seeds[f"{op}_12"] = seed(0x09 | prod, action, envelope(1, op, inner, "env"))
    # Bad ones.
    seeds["bad_doctype"] = seed(0x00, None, b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                                b'<!ENTITY b "&a;&a;&a;">]><soap:Envelope xmlns:soap="' +
                                ENV[0].encode() + b'"><soap:Body><x>&b;</x></soap:Body></soap:Envelope>')
    seeds["bad_deep"] = seed(0x00, None, envelope(0, "queryDID", "<a>" * 80 + "</a>" * 80))
    seeds["bad_utf8"] = seed(0x00, None, envelope(0, "queryDID", "<did>X(4352154006</did>")
                             .replace(b"X(", b"\xc3\x28"))
    seeds["bad_nul_ref"] = seed(0x00, None, envelope(0, "isPortable", "").replace(
        b"</isPortable>", b"<tn>435&#0;2154006</tn></isPortable>"))
    seeds["bad_mustunderstand"] = seed(0x00, None, (
        '<soap:Envelope xmlns:soap="%s"><soap:Header><h xmlns="urn:x" soap:mustUnderstand="1"/>'
        '</soap:Header><soap:Body><auditDIDs xmlns="http://tempuri.org/"/></soap:Body>'
        '</soap:Envelope>' % ENV[0]).encode())
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
