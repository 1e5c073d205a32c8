// tchatlint extension: service worker.
//
// - Registers the content script on the console pages the team lists in the
//   options (URL patterns), and only there.
// - Calls the configured tchatlint service for the content script: the only
//   thing sent is the draft (plus the profile name and the words the advisor
//   chose to accept in this conversation). Calls are made from here, with
//   the extension's host permission, so the service needs no CORS setting.
"use strict";

const SCRIPT_ID = "tchatlint-console";
const TIMEOUT_MS = 3000;

const DEFAULTS = Object.freeze({
  patterns: [],
  serviceUrl: "http://127.0.0.1:8080",
  policy: "block", // block | warn | off
  profile: "",
  sendSelector: "",
  sendKey: "enter", // enter | ctrl-enter | none
});

async function settings() {
  const stored = await chrome.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...stored };
}

// (Re-)register the content script for the listed patterns. Returns an
// error message, or "" when all went well.
async function registerContentScript() {
  const { patterns } = await settings();
  try {
    const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length > 0) {
      await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    }
    if (patterns.length === 0) return "";
    await chrome.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches: patterns,
        js: ["content.js"],
        css: ["content.css"],
        runAt: "document_idle",
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
    return "";
  } catch (e) {
    return String(e && e.message ? e.message : e);
  }
}

chrome.runtime.onInstalled.addListener(() => {
  registerContentScript();
});
chrome.runtime.onStartup.addListener(() => {
  registerContentScript();
});
chrome.action.onClicked.addListener(() => {
  chrome.runtime.openOptionsPage();
});

// POST the draft to /v1/check. Resolves to {ok, diagnostics} from the
// service, or {unreachable: true, reason} when it cannot be used.
async function checkDraft(text, ignoreWords) {
  const s = await settings();
  const base = String(s.serviceUrl || "").replace(/\/+$/, "");
  const body = { text };
  if (s.profile) body.profile = s.profile;
  if (Array.isArray(ignoreWords) && ignoreWords.length > 0) body.ignore_words = ignoreWords;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const r = await fetch(`${base}/v1/check`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
    });
    if (!r.ok) {
      return { unreachable: true, reason: `HTTP ${r.status}` };
    }
    const v = await r.json();
    return { ok: Boolean(v.ok), diagnostics: Array.isArray(v.diagnostics) ? v.diagnostics : [] };
  } catch (e) {
    return { unreachable: true, reason: controller.signal.aborted ? "délai dépassé" : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
  if (!msg || typeof msg !== "object") return false;
  if (msg.type === "check" && typeof msg.text === "string") {
    checkDraft(msg.text, msg.ignoreWords).then(reply);
    return true;
  }
  if (msg.type === "settings") {
    settings().then((s) => reply({ policy: s.policy, sendSelector: s.sendSelector, sendKey: s.sendKey }));
    return true;
  }
  if (msg.type === "register") {
    registerContentScript().then((error) => reply({ error }));
    return true;
  }
  return false;
});
