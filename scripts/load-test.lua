-- wrk script for scripts/load-test.sh: POST /v1/check with typical replies
-- (clean ones and faulty ones), in rotation.
local bodies = {
  '{"text":"Bonjour Madame Martin, je vérifie votre commande tout de suite."}',
  '{"text":"Votre colis est parti ce matin de notre entrepôt. Il sera livré jeudi avant 13 h."}',
  '{"text":"Le remboursement de 59,90 € a été émis le 12/05/2025. Il apparaîtra sous 5 jours ouvrés."}',
  '{"text":"slt, pas de problème je regarde ça"}',
  '{"text":"Pour finaliser le paiement, pouvez-vous me donner le code reçu par SMS ?"}',
  '{"text":"Vous trouverez le formulaire de retour ici : http://bit.ly/3xRetour"}',
  '{"text":"Je vous remercie pour votre patience.\\n\\nVotre nouvelle carte vous sera envoyée sous 48 h. Bonne journée !"}',
  '{"text":"Je comprends votre déception, Monsieur Petit. Je transmets votre demande au service livraison et je reviens vers vous demain."}',
}
local n = 0

-- PACE_MS: each connection waits on average this long between requests,
-- so the offered load is about connections * 1000 / (PACE_MS + latency)
-- per second (e.g. 200 connections, 8 ms: about 20,000/s) and the latency
-- is measured below saturation. The waits are drawn from an exponential
-- distribution (advisors send independently of each other: Poisson
-- arrivals); a fixed wait would make the 200 connections fire in
-- lock-step bursts of 200 requests. Unset: as fast as possible.
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
  for i, body in ipairs(bodies) do
    requests[i] = wrk.format("POST", "/v1/check", { ["Content-Type"] = "application/json" }, body)
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
