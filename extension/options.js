// Options page: URL patterns of the consoles, service URL, policy.
"use strict";

const FIELDS = ["patterns", "serviceUrl", "policy", "sendKey", "profile", "sendSelector"];
const $ = (id) => document.getElementById(id);

function status(text, kind) {
  const s = $("status");
  s.textContent = text;
  s.className = kind || "";
}

// Chrome match patterns: scheme://host/path, host "*" or "*.domain".
const PATTERN = /^(\*|https?|file):\/\/(\*|\*\.[^/*]+|[^/*]+)?\/.*$/;

async function load() {
  const s = await chrome.storage.local.get(FIELDS);
  $("patterns").value = (s.patterns || []).join("\n");
  $("serviceUrl").value = s.serviceUrl || "http://127.0.0.1:8080";
  $("policy").value = s.policy || "block";
  $("sendKey").value = s.sendKey || "enter";
  $("profile").value = s.profile || "";
  $("sendSelector").value = s.sendSelector || "";
}

async function save(event) {
  event.preventDefault();
  const patterns = $("patterns").value.split("\n").map((p) => p.trim()).filter(Boolean);
  const bad = patterns.filter((p) => p !== "<all_urls>" && !PATTERN.test(p));
  if (bad.length > 0) {
    status(`Motif invalide : ${bad.join(", ")}`, "error");
    return;
  }
  let serviceUrl = $("serviceUrl").value.trim().replace(/\/+$/, "");
  try {
    const u = new URL(serviceUrl);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("schéma");
  } catch {
    status("Adresse du service invalide (http://… ou https://…).", "error");
    return;
  }
  const sendSelector = $("sendSelector").value.trim();
  if (sendSelector) {
    try {
      document.querySelector(sendSelector);
    } catch {
      status("Sélecteur CSS du bouton d'envoi invalide.", "error");
      return;
    }
  }
  await chrome.storage.local.set({
    patterns,
    serviceUrl,
    policy: $("policy").value,
    sendKey: $("sendKey").value,
    profile: $("profile").value.trim(),
    sendSelector,
  });
  const r = await chrome.runtime.sendMessage({ type: "register" });
  if (r && r.error) {
    status(`Enregistré, mais les motifs sont refusés par le navigateur : ${r.error}`, "error");
  } else {
    status("Enregistré. Rechargez les onglets des consoles déjà ouverts.", "ok");
  }
}

async function test() {
  const base = $("serviceUrl").value.trim().replace(/\/+$/, "");
  try {
    const r = await fetch(`${base}/healthz`, { cache: "no-store" });
    const v = await r.json();
    status(`Service joignable (tchatlint ${v.version}, chartes : ${(v.profiles || []).join(", ")}).`, "ok");
  } catch (e) {
    status(`Service injoignable : ${e}`, "error");
  }
}

$("form").addEventListener("submit", save);
$("test").addEventListener("click", test);
load();
