-- wrk script: GET /v1/placement for a random program among BENCH_PROGRAMS (program-0001 ...).
-- Optional BENCH_QUERY is appended to every request (e.g. "&limit=10" or "&candidate=system-0001...").
local programs = tonumber(os.getenv("BENCH_PROGRAMS") or "1000")
local extra = os.getenv("BENCH_QUERY") or ""

function setup(thread)
    thread:set("seed", math.random(1, 2 ^ 30))
end

function init(args)
    math.randomseed(seed or os.time())
end

function request()
    return wrk.format("GET", string.format("/v1/placement?program=program-%04d%s", math.random(1, programs), extra))
end
