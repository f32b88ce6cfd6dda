-- wrk script for ci/bench-latency.sh: POSTs one SOAP 1.1 request over and over
-- on keep-alive connections, and prints one machine-readable summary line.
--
--   wrk -t2 -c8 -d10s --latency -s ci/bench/soap.lua \
--       http://127.0.0.1:PORT/VOIP/Services/APIService.asmx -- <operation> <body-file>
--
-- <operation> becomes SOAPAction: "http://tempuri.org/<operation>"; the
-- request body is read from <body-file> (bench-latency.sh writes them). The
-- request is built once per thread, so wrk stays on its static fast path.

function init(args)
   local op, path = args[1], args[2]
   if not op or not path then
      error("usage: -- <operation> <body-file>")
   end
   local f = assert(io.open(path, "rb"))
   local body = f:read("*a")
   f:close()
   wrk.method = "POST"
   wrk.body = body
   wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
   wrk.headers["SOAPAction"] = '"http://tempuri.org/' .. op .. '"'
end

-- Latencies in microseconds; errors.status counts HTTP statuses > 399.
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d " ..
      "mean_us=%.1f max_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.mean, latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
