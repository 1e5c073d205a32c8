// Demo chat console for tchatlint: what an integrator builds.
// Each keystroke (debounced) posts the draft to /v1/check; findings are
// underlined with the UTF-16 offsets of the response (JavaScript strings
// are UTF-16), listed with their message, and a suggestion is applied with
// one click. The send button stays disabled while an error remains.
"use strict";

(function () {
  const draft = document.getElementById("draft");
  const backdrop = document.getElementById("backdrop");
  const list = document.getElementById("findings");
  const status = document.getElementById("status");
  const send = document.getElementById("send");
  const thread = document.getElementById("thread");
  const profile = document.getElementById("profile");

  const DEBOUNCE_MS = 150;
  let timer = null;
  let seq = 0;          // request sequence number
  let shown = -1;       // sequence number of the findings on screen
  let inflight = null;  // AbortController of the request in flight
  let current = { text: "", diagnostics: [], ok: true };

  const LABELS = { error: "erreur", warning: "avertissement", info: "info" };

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    })[c]);
  }

  // Underlines: the draft's text with <mark> around each span. Overlapping
  // spans are drawn once, by the most severe finding that starts first.
  function renderBackdrop(text, diagnostics) {
    const rank = { error: 3, warning: 2, info: 1 };
    const spans = diagnostics
      .map((d, i) => ({ s: d.span.utf16_start, e: d.span.utf16_end, sev: d.severity, i }))
      .filter((x) => x.e > x.s && x.e <= text.length)
      .sort((a, b) => a.s - b.s || rank[b.sev] - rank[a.sev]);
    let html = "";
    let pos = 0;
    for (const sp of spans) {
      if (sp.s < pos) continue; // overlaps the previous mark
      html += escapeHtml(text.slice(pos, sp.s));
      html += `<mark class="${sp.sev}" data-index="${sp.i}">` +
        escapeHtml(text.slice(sp.s, sp.e)) + "</mark>";
      pos = sp.e;
    }
    html += escapeHtml(text.slice(pos));
    // A trailing newline needs a character after it to take up a line.
    backdrop.innerHTML = html + "\u200b";
    backdrop.scrollTop = draft.scrollTop;
  }

  function renderFindings(diagnostics) {
    list.textContent = "";
    diagnostics.forEach((d, i) => {
      const li = document.createElement("li");
      li.className = `finding ${d.severity}`;
      li.dataset.rule = d.rule;
      li.dataset.index = String(i);
      const head = document.createElement("div");
      head.className = "head";
      const sev = document.createElement("span");
      sev.className = "sev";
      sev.textContent = LABELS[d.severity] || d.severity;
      const msg = document.createElement("span");
      msg.className = "message";
      msg.textContent = d.message;
      const rule = document.createElement("span");
      rule.className = "rule";
      rule.textContent = d.rule;
      head.append(sev, msg, rule);
      li.append(head);
      if (d.help) {
        const help = document.createElement("div");
        help.className = "help";
        help.textContent = d.help;
        li.append(help);
      }
      d.suggestions.slice(0, 3).forEach((s) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "apply";
        b.textContent = s === "" ? "Supprimer" : `Remplacer par « ${s.trim()} »`;
        b.title = d.applicability === "safe"
          ? "Correction sûre" : "Relisez la phrase après la correction";
        b.addEventListener("click", () => apply(d, s));
        li.append(b);
      });
      li.addEventListener("mouseenter", () => highlight(i, true));
      li.addEventListener("mouseleave", () => highlight(i, false));
      list.append(li);
    });
  }

  function highlight(i, on) {
    const m = backdrop.querySelector(`mark[data-index="${i}"]`);
    if (m) m.classList.toggle("active", on);
  }

  function renderStatus(state, text) {
    status.className = `status ${state}`;
    status.textContent = text;
  }

  function update(result, text) {
    current = { text, diagnostics: result.diagnostics, ok: result.ok };
    renderBackdrop(text, result.diagnostics);
    renderFindings(result.diagnostics);
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
    const empty = text.trim() === "";
    send.disabled = empty || !result.ok;
    if (empty) {
      renderStatus("idle", "Rédigez votre réponse.");
    } else if (!result.ok) {
      renderStatus("error", `${errors} erreur${errors > 1 ? "s" : ""} à corriger avant l'envoi`);
    } else if (warnings) {
      renderStatus("warning", `Prêt à envoyer · ${warnings} suggestion${warnings > 1 ? "s" : ""}`);
    } else {
      renderStatus("ok", "Prêt à envoyer");
    }
    document.body.dataset.checked = String(shown);
  }

  // Replace the span of `d` (UTF-16 offsets, like JavaScript strings) by
  // the suggestion, keep the caret after it, and check again at once.
  function apply(d, suggestion) {
    const text = draft.value;
    if (text !== current.text) return; // stale finding: a check is coming
    const { utf16_start: s, utf16_end: e } = d.span;
    draft.value = text.slice(0, s) + suggestion + text.slice(e);
    const caret = s + suggestion.length;
    draft.focus();
    draft.setSelectionRange(caret, caret);
    check();
  }

  async function check() {
    clearTimeout(timer);
    const text = draft.value;
    const mine = ++seq;
    send.disabled = true; // until this text is checked
    if (inflight) inflight.abort();
    if (text.trim() === "") {
      shown = mine;
      update({ ok: true, diagnostics: [] }, text);
      return;
    }
    inflight = new AbortController();
    try {
      const body = { text };
      if (profile.value && profile.value !== "default") body.profile = profile.value;
      const res = await fetch("/v1/check", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: inflight.signal,
      });
      const json = await res.json();
      if (mine !== seq) return; // a newer check is under way
      if (!res.ok) {
        renderStatus("offline", `Vérification impossible : ${json.error ? json.error.message : res.status}`);
        return;
      }
      shown = mine;
      update(json, text);
    } catch (err) {
      if (err.name === "AbortError") return;
      if (mine === seq) renderStatus("offline", "Service de vérification injoignable");
    }
  }

  function schedule() {
    // Keep the underlines aligned while typing; findings follow shortly.
    renderBackdrop(draft.value, draft.value === current.text ? current.diagnostics : []);
    send.disabled = true;
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function sendReply() {
    if (send.disabled || draft.value !== current.text || !current.ok) return;
    const bubble = document.createElement("div");
    bubble.className = "bubble advisor";
    const who = document.createElement("div");
    who.className = "who";
    const now = new Date();
    who.textContent = `Vous · ${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = draft.value;
    bubble.append(who, body);
    thread.append(bubble);
    draft.value = "";
    check();
  }

  async function loadProfiles() {
    try {
      const res = await fetch("/healthz");
      const h = await res.json();
      for (const name of h.profiles) {
        const o = document.createElement("option");
        o.value = name;
        o.textContent = name === "default" ? "par défaut" : name;
        profile.append(o);
      }
    } catch (_) {
      const o = document.createElement("option");
      o.value = "default";
      o.textContent = "par défaut";
      profile.append(o);
    }
  }

  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", () => { backdrop.scrollTop = draft.scrollTop; });
  draft.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); sendReply(); }
  });
  send.addEventListener("click", sendReply);
  profile.addEventListener("change", check);
  new ResizeObserver(() => { backdrop.style.height = draft.offsetHeight + "px"; }).observe(draft);

  loadProfiles().then(check);
})();
