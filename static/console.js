// Demo chat console for tchatlint: what an integrator builds.
// Each keystroke (debounced) posts the draft to /v1/check; findings are
// underlined with the UTF-16 offsets of the response (JavaScript strings
// are UTF-16), listed with their message, and a suggestion is applied with
// one click. The send button stays disabled while an error remains.
// « Ignorer » accepts a finding's words for the rest of the conversation
// (sent as `ignore_words`) when it is a word or a name; another finding
// (punctuation, a whole sentence) is hidden in this page only, since
// accepting all the words of a sentence would silence too much. If the service cannot be reached the console
// fails open: the reply can be sent, and a notice says it is unchecked.
"use strict";

(function () {
  const draft = document.getElementById("draft");
  const backdrop = document.getElementById("backdrop");
  const list = document.getElementById("findings");
  const status = document.getElementById("status");
  const send = document.getElementById("send");
  const thread = document.getElementById("thread");
  const profile = document.getElementById("profile");
  const notice = document.getElementById("notice");
  const accepted = document.getElementById("accepted");
  const acceptedList = document.getElementById("accepted-list");
  const acceptedReset = document.getElementById("accepted-reset");

  const DEBOUNCE_MS = 150;
  let timer = null;
  let seq = 0;          // request sequence number
  let shown = -1;       // sequence number of the findings on screen
  let inflight = null;  // AbortController of the request in flight
  // `offline`: the text could not be checked, sending stays allowed.
  let current = { text: "", diagnostics: [], ok: true, offline: false };
  // What « Ignorer » accepted in this conversation: words sent to the
  // service, and findings without words (rule and text) hidden here.
  const ignoredWords = [];
  const ignoredMarks = new Set();

  // A finding of at most this many words (a name: « Kévin Dupont ») is
  // accepted by its words; a longer one is hidden in the page only.
  const MAX_IGNORED_WORDS = 3;
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
      const found = current.text.slice(d.span.utf16_start, d.span.utf16_end);
      const ignore = document.createElement("button");
      ignore.type = "button";
      ignore.className = "ignore";
      ignore.textContent = "Ignorer";
      ignore.title = found.trim()
        ? `Accepter « ${found.trim()} » pour cette conversation`
        : "Accepter cette remarque pour cette conversation";
      ignore.addEventListener("click", () => ignoreFinding(d, found));
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
      li.append(ignore);
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

  function markKey(d, found) {
    return `${d.rule}\u0000${found}`;
  }

  function hasWord(s) {
    return /[\p{L}\p{N}]/u.test(s);
  }

  // Accept a finding for the rest of the conversation and check again.
  function ignoreFinding(d, found) {
    if (draft.value !== current.text) return; // stale finding
    const words = found.split(/\s+/).filter(hasWord);
    if (words.length >= 1 && words.length <= MAX_IGNORED_WORDS) {
      for (const w of words) if (!ignoredWords.includes(w)) ignoredWords.push(w);
    } else {
      ignoredMarks.add(markKey(d, found));
    }
    renderAccepted();
    draft.focus();
    check();
  }

  function renderAccepted() {
    accepted.hidden = ignoredWords.length + ignoredMarks.size === 0;
    const items = ignoredWords.map((w) => `« ${w} »`);
    const hidden = ignoredMarks.size;
    if (hidden) {
      items.push(`${hidden} remarque${hidden > 1 ? "s" : ""} masquée${hidden > 1 ? "s" : ""}`);
    }
    acceptedList.textContent = items.join(", ");
  }

  function renderNotice(text) {
    notice.hidden = !text;
    notice.textContent = text || "";
  }

  function update(result, text) {
    // Findings hidden in the page by « Ignorer » count no more.
    const diagnostics = result.diagnostics.filter((d) =>
      !ignoredMarks.has(markKey(d, text.slice(d.span.utf16_start, d.span.utf16_end))));
    const ok = !diagnostics.some((d) => d.severity === "error");
    current = { text, diagnostics, ok, offline: false };
    renderNotice("");
    renderBackdrop(text, diagnostics);
    renderFindings(diagnostics);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.filter((d) => d.severity === "warning").length;
    const empty = text.trim() === "";
    send.disabled = empty || !ok;
    if (empty) {
      renderStatus("idle", "Rédigez votre réponse.");
    } else if (!ok) {
      renderStatus("error", `${errors} erreur${errors > 1 ? "s" : ""} à corriger avant l'envoi`);
    } else if (warnings) {
      renderStatus("warning", `Prêt à envoyer · ${warnings} suggestion${warnings > 1 ? "s" : ""}`);
    } else {
      renderStatus("ok", "Prêt à envoyer");
    }
    document.body.dataset.checked = String(shown);
  }

  // The service could not check `text`: fail open. The reply can be sent,
  // nothing is underlined, and a notice says the reply is unchecked.
  function failOpen(text, reason) {
    current = { text, diagnostics: [], ok: true, offline: true };
    renderBackdrop(text, []);
    renderFindings([]);
    send.disabled = text.trim() === "";
    renderStatus("offline", "Réponse non vérifiée");
    renderNotice(`${reason} : la réponse n'est pas vérifiée, l'envoi reste possible.`);
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
      if (ignoredWords.length) body.ignore_words = ignoredWords.slice();
      const res = await fetch("/v1/check", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: inflight.signal,
      });
      const json = await res.json().catch(() => null);
      if (mine !== seq) return; // a newer check is under way
      shown = mine;
      if (!res.ok || !json || !Array.isArray(json.diagnostics)) {
        const why = json && json.error ? json.error.message : `erreur ${res.status}`;
        failOpen(text, `Vérification impossible (${why})`);
        return;
      }
      update(json, text);
    } catch (err) {
      if (err.name === "AbortError") return;
      if (mine !== seq) return;
      shown = mine;
      failOpen(text, "Service de vérification injoignable");
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
    if (send.disabled || draft.value !== current.text) return;
    if (!current.ok && !current.offline) return;
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
    thread.scrollTop = thread.scrollHeight; // the thread scrolls, not the page
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
  acceptedReset.addEventListener("click", () => {
    ignoredWords.length = 0;
    ignoredMarks.clear();
    renderAccepted();
    check();
  });
  new ResizeObserver(() => { backdrop.style.height = draft.offsetHeight + "px"; }).observe(draft);
  // When the findings grow the thread shrinks: keep its latest message in view.
  new ResizeObserver(() => { thread.scrollTop = thread.scrollHeight; }).observe(thread);

  loadProfiles().then(check);
})();
