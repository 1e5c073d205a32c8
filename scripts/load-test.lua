-- wrk script for scripts/load-test.sh: typical replies (clean ones and
-- faulty ones) in rotation, POSTed to /v1/check as JSON, or with API=v2 to
-- /v2/check form-encoded as LanguageTool's clients send them
-- (language=fr-FR): the same texts and the same load for both.
-- The replies, one a line in scripts/load-test-replies.txt (`\n` stands
-- for a line break); benches/server.rs reads the same file. The script
-- runs from the repository's root (scripts/load-test.sh goes there).
local texts = {}
do
  local f = assert(io.open("scripts/load-test-replies.txt", "r"),
    "scripts/load-test-replies.txt not found: run from the repository's root")
  for line in f:lines() do
    if line ~= "" then
      texts[#texts + 1] = (line:gsub("\\n", "\n"))
    end
  end
  f:close()
end
local api = os.getenv("API") or "v1"
local n = 0

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == "\n" then return "\\n" end
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

local function form_value(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- PACE_MS: each connection waits on average this long between requests,
-- so the offered load is about connections * 1000 / (PACE_MS + latency)
-- per second (e.g. 200 connections, 8 ms: about 20,000/s) and the latency
-- is measured below saturation. The waits are drawn from an exponential
-- distribution (advisors send independently of each other: Poisson
-- arrivals); a fixed wait would make the connections fire in lock-step
-- bursts. Unset: as fast as possible.
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  math.randomseed(os.time())
  delay = function()
    return math.floor(-pace * math.log(1 - math.random()) + 0.5)
  end
end
-- The requests are formatted once: wrk then only hands out strings, which
-- leaves more of the shared CPU to the server.
local requests = {}
init = function()
  for i, t in ipairs(texts) do
    if api == "v2" then
      requests[i] = wrk.format("POST", "/v2/check",
        { ["Content-Type"] = "application/x-www-form-urlencoded" },
        "language=fr-FR&text=" .. form_value(t))
    else
      requests[i] = wrk.format("POST", "/v1/check",
        { ["Content-Type"] = "application/json" }, '{"text":' .. json_string(t) .. '}')
    end
  end
end
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT api=%s requests=%d duration_s=%.2f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non2xx=%d\n",
    api, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
