-- wrk script: POST /v1/runs, a new run on every request (unique id), as a batch system's epilog sends them.
-- BENCH_ID_PREFIX makes ids unique across wrk invocations; BENCH_NODES is the number of nodes (node-1 ...);
-- BENCH_WINDOW_END (Unix seconds) is the latest end of a run; windows are 5-60 s long within 10 minutes before it.
-- BENCH_TOKEN is the bearer token every request carries (a token of the analyzer's token file).
local prefix = os.getenv("BENCH_ID_PREFIX") or tostring(os.time())
local nodes = tonumber(os.getenv("BENCH_NODES") or "3")
local window_end = tonumber(os.getenv("BENCH_WINDOW_END") or tostring(os.time()))
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
    thread:set("seed", math.random(1, 2 ^ 30))
end

local n = 0

function init(args)
    math.randomseed(seed or os.time())
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
end

local function iso(t)
    return os.date("!%Y-%m-%dT%H:%M:%S", t) .. "Z"
end

function request()
    n = n + 1
    local duration = math.random(5, 60)
    local e = window_end - math.random(0, 600)
    local body = string.format('{"program":"app-%02d","nodes":["node-%d"],"start":"%s","end":"%s","id":"%s-%d-%d"}',
        math.random(1, 50), math.random(1, nodes), iso(e - duration), iso(e), prefix, tid or 1, n)
    return wrk.format(nil, "/v1/runs", nil, body)
end
