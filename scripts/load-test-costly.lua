-- wrk script for scripts/load-test.sh MODE=costly: the costliest request
-- the default limits allow, POSTed to /v1/check again and again: a 64 KiB
-- body of unknown eight-letter words (each one looked up in the dictionary
-- for suggestions: the costliest text per byte found). Counts the answers
-- by status (200: checked in time; 503: stopped at --timeout-ms).
local max_body = tonumber(os.getenv("MAX_BODY") or "65536")
-- Accented letters make the dictionary's fuzzy walk longer.
local letters = {}
for c in ("abcdefghijklmnopqrstuvwxyz"):gmatch(".") do letters[#letters + 1] = c end
for _, c in ipairs({ "é", "è", "à", "ç", "ê" }) do letters[#letters + 1] = c end
local words, x = {}, 12345
local size = 0
while size < max_body - 40 do
  local w = {}
  for i = 1, 8 do
    x = (x * 69069 + 1) % 4294967296
    w[i] = letters[1 + math.floor(x / 65536) % #letters]
  end
  words[#words + 1] = table.concat(w)
  size = size + #words[#words] + 1
end
local body = '{"text":"' .. table.concat(words, " ") .. '"}'
local request_text

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end
init = function()
  request_text = wrk.format("POST", "/v1/check", { ["Content-Type"] = "application/json" }, body)
  ok, unavailable, other = 0, 0, 0
end
request = function()
  return request_text
end
response = function(status)
  if status == 200 then ok = ok + 1
  elseif status == 503 then unavailable = unavailable + 1
  else other = other + 1 end
end
done = function(summary, latency)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a, b, c = a + t:get("ok"), b + t:get("unavailable"), c + t:get("other")
  end
  io.write(string.format(
    "COSTLY body_bytes=%d requests=%d status200=%d status503=%d other=%d p50_ms=%.1f max_ms=%.1f\n",
    #body, summary.requests, a, b, c, latency:percentile(50) / 1000, latency.max / 1000))
end
