#!/usr/bin/env python3
"""Sends one SOAP request COUNT times over one keep-alive connection and reads
each whole answer (Content-Length framing), for ci/bench-instructions.sh.
Reconnects if the server closes the connection (at most 50 times).

Usage: keepalive_posts.py PORT COUNT BODY_FILE ACTION [PATH]
"""
import re
import socket
import sys


def main():
    port, count, body_file, action = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    path = sys.argv[5] if len(sys.argv) > 5 else "/VOIP/Services/APIService.asmx"
    with open(body_file, "rb") as f:
        body = f.read()
    request = (
        "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: text/xml; charset=utf-8\r\n"
        'SOAPAction: "http://tempuri.org/%s"\r\nContent-Length: %d\r\n\r\n' % (path, port, action, len(body))
    ).encode() + body
    length = re.compile(rb"\r\ncontent-length: *(\d+)", re.IGNORECASE)
    sock = socket.create_connection(("127.0.0.1", port))
    answered = reconnects = 0
    while answered < count:
        sock.sendall(request)
        data = b""
        complete = False
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            end = data.find(b"\r\n\r\n")
            if end < 0:
                continue
            m = length.search(data[: end + 2])
            if m is None:
                sys.exit("an answer without Content-Length")
            if len(data) >= end + 4 + int(m.group(1)):
                complete = True
                break
        if complete:
            answered += 1
            continue
        reconnects += 1
        if reconnects > 50:
            sys.exit("the server kept closing the connection")
        sock.close()
        sock = socket.create_connection(("127.0.0.1", port))
    sock.close()


if __name__ == "__main__":
    main()
