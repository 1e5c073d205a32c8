-- wrk script for scripts/load-test.sh: typical replies (clean ones and
-- faulty ones) in rotation, POSTed to /v1/check as JSON, or with API=v2 to
-- /v2/check form-encoded as LanguageTool's clients send them
-- (language=fr-FR): the same texts and the same load for both.
local texts = {
  "Bonjour Madame Martin, je vérifie votre commande tout de suite.",
  "Votre colis est parti ce matin de notre entrepôt. Il sera livré jeudi avant 13 h.",
  "Le remboursement de 59,90 € a été émis le 12/05/2025. Il apparaîtra sous 5 jours ouvrés.",
  "slt, pas de problème je regarde ça",
  "Pour finaliser le paiement, pouvez-vous me donner le code reçu par SMS ?",
  "Vous trouverez le formulaire de retour ici : http://bit.ly/3xRetour",
  "Je vous remercie pour votre patience.\n\nVotre nouvelle carte vous sera envoyée sous 48 h. Bonne journée !",
  "Je comprends votre déception, Monsieur Petit. Je transmets votre demande au service livraison et je reviens vers vous demain.",
}
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
