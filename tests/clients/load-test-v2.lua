-- wrk script: the replies of scripts/load-test.lua, POSTed to /v2/check
-- (LanguageTool's form encoding, language=fr-FR), in the same rotation, to
-- compare /v2 with /v1 under the same load:
--   wrk -t1 -c200 -d30s -s tests/clients/load-test-v2.lua http://127.0.0.1:PORT/v2/check
-- PACE_MS as in scripts/load-test.lua (exponential waits between requests).
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
local n = 0

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  math.randomseed(os.time())
  delay = function()
    return math.floor(-pace * math.log(1 - math.random()) + 0.5)
  end
end
local requests = {}
init = function()
  for i, t in ipairs(texts) do
    requests[i] = wrk.format("POST", "/v2/check",
      { ["Content-Type"] = "application/x-www-form-urlencoded" },
      "language=fr-FR&text=" .. encode(t))
  end
end
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
