-- wrk script: POST the body file BENCH_BODY to BENCH_PATH (/filter or /prioritize) on every request.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "application/json"
f:close()
