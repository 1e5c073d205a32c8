// tchatlint extension: content script, run on the console pages listed in
// the options.
//
// It attaches to the reply box the advisor types in (a textarea or a
// contenteditable element), checks the draft as they type (debounced),
// underlines the findings in place (an overlay for a textarea, the CSS
// Custom Highlight API for contenteditable, so the console's DOM is never
// changed), lists them in a small panel with one-click suggestions, and
// holds back Enter or the send button while an error-level finding remains
// (policy block or warn; "Envoyer quand même" always sends). When the
// service cannot be reached, it lets everything through and says so.
//
// Offsets come from the service in UTF-16 code units (utf16_start,
// utf16_end), which are JavaScript string indices.
(() => {
  "use strict";
  if (window.__tchatlintAttached) return;
  window.__tchatlintAttached = true;

  const DEBOUNCE_MS = 400;
  const HIGHLIGHTS = { error: "tchatlint-error", warning: "tchatlint-warning", info: "tchatlint-info" };
  const DEFAULT_SEND =
    'button[type="submit"], input[type="submit"], [data-testid*="send" i], ' +
    'button[aria-label*="envoyer" i], button[aria-label*="send" i], button[title*="envoyer" i]';
  const SEND_WORDS = /^(envoyer|send|envoi|répondre|reply)$/i;

  let settings = { policy: "block", sendSelector: "", sendKey: "enter" };
  const boxes = new Map(); // element -> state
  let current = null; // state of the last box used
  let bypassOnce = false; // set by "Envoyer quand même"

  chrome.runtime.sendMessage({ type: "settings" }, (s) => {
    if (s) settings = s;
  });

  // ---- Reading the draft -------------------------------------------------

  function editableRoot(el) {
    if (!(el instanceof Element)) return null;
    if (el instanceof HTMLTextAreaElement) return el.readOnly || el.disabled ? null : el;
    const ce = el.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]');
    if (!ce) return null;
    // The outermost editable element is the reply box.
    let root = ce;
    while (root.parentElement && root.parentElement.isContentEditable) root = root.parentElement;
    return root;
  }

  const BLOCKS = new Set(["DIV", "P", "LI", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6"]);

  // The text of a contenteditable box and where each text node starts in
  // it: block boundaries and <br> count as "\n".
  function readEditable(root) {
    const pieces = [];
    let text = "";
    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === Node.TEXT_NODE) {
          pieces.push({ node: n, start: text.length });
          text += n.data;
        } else if (n.nodeName === "BR") {
          text += "\n";
        } else if (n.nodeType === Node.ELEMENT_NODE) {
          const block = BLOCKS.has(n.nodeName);
          if (block && text.length > 0 && !text.endsWith("\n")) text += "\n";
          walk(n);
          if (block && !text.endsWith("\n")) text += "\n";
        }
      }
    };
    walk(root);
    // A trailing line break added for the last block is not part of the draft.
    if (text.endsWith("\n") && !(root.lastChild && root.lastChild.nodeName === "BR")) {
      text = text.slice(0, -1);
    }
    return { text, pieces };
  }

  function draftOf(state) {
    if (state.kind === "textarea") return state.el.value;
    return readEditable(state.el).text;
  }

  // A DOM Range for [start, end) of a contenteditable box's text.
  function rangeOf(state, start, end) {
    const { pieces } = readEditable(state.el);
    const locate = (offset, isEnd) => {
      for (let i = 0; i < pieces.length; i++) {
        const p = pieces[i];
        const len = p.node.data.length;
        if (offset >= p.start && (offset < p.start + len || (isEnd && offset === p.start + len))) {
          return [p.node, offset - p.start];
        }
      }
      return null;
    };
    const a = locate(start, false);
    const b = locate(end, true);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a[0], a[1]);
    r.setEnd(b[0], b[1]);
    return r;
  }

  // ---- The panel -----------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const panel = el("div", "tchatlint-panel");
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "tchatlint");
  panel.hidden = true;
  const head = el("div", "tchatlint-head");
  const title = el("span", "tchatlint-title", "tchatlint");
  const summary = el("span", "tchatlint-summary", "");
  const fold = el("button", "tchatlint-fold", "–");
  fold.type = "button";
  fold.title = "Réduire / déplier";
  head.append(title, summary, fold);
  const notice = el("div", "tchatlint-notice");
  notice.hidden = true;
  const hold = el("div", "tchatlint-hold");
  hold.hidden = true;
  const holdText = el("span", "tchatlint-hold-text", "");
  const override = el("button", "tchatlint-override", "Envoyer quand même");
  override.type = "button";
  hold.append(holdText, override);
  const list = el("ul", "tchatlint-list");
  panel.append(head, notice, hold, list);
  fold.addEventListener("click", () => panel.classList.toggle("tchatlint-folded"));
  override.addEventListener("click", () => {
    if (!current) return;
    bypassOnce = true;
    hideHold();
    resend(current);
  });
  // Clicks in the panel must not take the focus away from the reply box.
  panel.addEventListener("mousedown", (e) => e.preventDefault());
  (document.body || document.documentElement).appendChild(panel);

  function placePanel(state) {
    const r = state.el.getBoundingClientRect();
    const width = Math.min(360, Math.max(240, r.width));
    panel.style.width = `${width}px`;
    let left = Math.min(window.innerWidth - width - 8, Math.max(8, r.right - width));
    panel.style.left = `${left}px`;
    // Above the box when there is room, else below: never over the draft.
    panel.style.maxHeight = "";
    const h = panel.offsetHeight || 120;
    if (r.top - h - 6 > 0) {
      panel.style.top = `${r.top - h - 6}px`;
    } else {
      panel.style.top = `${Math.min(window.innerHeight - h - 4, r.bottom + 6)}px`;
    }
  }

  function showHold(text) {
    holdText.textContent = text;
    hold.hidden = false;
    panel.hidden = false;
    panel.classList.remove("tchatlint-folded");
    if (current) placePanel(current);
  }

  function hideHold() {
    hold.hidden = true;
    if (current) current.armed = false;
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  const SEVERITY_FR = { error: "erreur", warning: "avertissement", info: "suggestion" };

  function renderPanel(state) {
    list.textContent = "";
    const diags = state.result && state.result.diagnostics ? state.result.diagnostics : [];
    const errors = diags.filter((d) => d.severity === "error").length;
    if (state.unreachable) {
      summary.textContent = "service injoignable";
      showNotice("tchatlint est injoignable : la réponse n'est pas vérifiée et l'envoi reste libre.");
    } else {
      showNotice("");
      summary.textContent =
        diags.length === 0
          ? "aucune remarque"
          : `${diags.length} remarque${diags.length > 1 ? "s" : ""}` +
            (errors ? `, dont ${errors} erreur${errors > 1 ? "s" : ""}` : "");
    }
    for (const d of diags) {
      const item = el("li", `tchatlint-finding tchatlint-${d.severity}`);
      const line = el("div", "tchatlint-line");
      line.append(
        el("span", "tchatlint-badge", SEVERITY_FR[d.severity] || d.severity),
        el("span", "tchatlint-message", d.message),
      );
      item.appendChild(line);
      if (d.help) item.appendChild(el("div", "tchatlint-help", d.help));
      const actions = el("div", "tchatlint-actions");
      for (const s of (d.suggestions || []).slice(0, 3)) {
        const b = el("button", "tchatlint-apply", s === "" ? "(supprimer)" : s);
        b.type = "button";
        b.title = "Remplacer";
        b.addEventListener("click", () => applySuggestion(state, d, s));
        actions.appendChild(b);
      }
      const ignore = el("button", "tchatlint-ignore", "Ignorer");
      ignore.type = "button";
      ignore.title = "Accepter ce mot pour cette conversation";
      ignore.addEventListener("click", () => {
        const word = draftOf(state).slice(d.span.utf16_start, d.span.utf16_end).trim();
        if (word && !state.ignoreWords.includes(word)) state.ignoreWords.push(word);
        runCheck(state);
      });
      actions.appendChild(ignore);
      item.appendChild(actions);
      list.appendChild(item);
    }
    panel.hidden = diags.length === 0 && !state.unreachable && hold.hidden;
    state.el.dataset.tchatlintFindings = String(diags.length);
    state.el.dataset.tchatlintErrors = String(errors);
    if (!panel.hidden) placePanel(state);
  }

  // ---- Underlines ------------------------------------------------------------

  const MIRRORED = [
    "boxSizing", "width", "height", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderStyle",
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "lineHeight",
    "textAlign", "textIndent", "textTransform", "wordSpacing", "tabSize", "direction",
  ];

  function syncOverlay(state) {
    const o = state.overlay;
    if (!o) return;
    const cs = getComputedStyle(state.el);
    for (const p of MIRRORED) o.style[p] = cs[p];
    const r = state.el.getBoundingClientRect();
    o.style.top = `${r.top + window.scrollY}px`;
    o.style.left = `${r.left + window.scrollX}px`;
    o.scrollTop = state.el.scrollTop;
    o.scrollLeft = state.el.scrollLeft;
  }

  function underlineTextarea(state, diags) {
    if (!state.overlay) {
      state.overlay = el("div", "tchatlint-overlay");
      state.overlay.setAttribute("aria-hidden", "true");
      document.body.appendChild(state.overlay);
      state.el.addEventListener("scroll", () => syncOverlay(state));
      window.addEventListener("resize", () => syncOverlay(state));
    }
    const text = state.el.value;
    const o = state.overlay;
    o.textContent = "";
    let at = 0;
    for (const d of diags) {
      const s = d.span.utf16_start;
      const e = d.span.utf16_end;
      if (s < at || e > text.length || e <= s) continue;
      o.appendChild(document.createTextNode(text.slice(at, s)));
      const m = el("mark", `tchatlint-mark tchatlint-${d.severity}`, text.slice(s, e));
      o.appendChild(m);
      at = e;
    }
    o.appendChild(document.createTextNode(text.slice(at) + "\n"));
    syncOverlay(state);
  }

  function underlineEditable(state, diags) {
    if (!window.CSS || !CSS.highlights || typeof Highlight !== "function") return;
    const ranges = { error: [], warning: [], info: [] };
    for (const d of diags) {
      const r = rangeOf(state, d.span.utf16_start, d.span.utf16_end);
      if (r && ranges[d.severity]) ranges[d.severity].push(r);
    }
    for (const [sev, name] of Object.entries(HIGHLIGHTS)) {
      if (ranges[sev].length > 0) CSS.highlights.set(name, new Highlight(...ranges[sev]));
      else CSS.highlights.delete(name);
    }
  }

  function underline(state) {
    const fresh = state.result && state.checkedText === draftOf(state);
    const diags = fresh ? state.result.diagnostics : [];
    if (state.kind === "textarea") underlineTextarea(state, diags);
    else underlineEditable(state, diags);
  }

  // ---- Checking ----------------------------------------------------------------

  function runCheck(state) {
    clearTimeout(state.timer);
    const text = draftOf(state);
    const seq = ++state.seq;
    return new Promise((resolve) => {
      if (text.trim() === "") {
        // Nothing to check: the service's state (reachable or not) is
        // unknown, so the last notice stays.
        state.result = { ok: true, diagnostics: [] };
        state.checkedText = text;
        underline(state);
        renderPanel(state);
        resolve(state);
        return;
      }
      chrome.runtime.sendMessage({ type: "check", text, ignoreWords: state.ignoreWords }, (r) => {
        if (seq !== state.seq) return resolve(state); // a newer check is on its way
        if (chrome.runtime.lastError || !r || r.unreachable) {
          state.unreachable = true;
          state.result = { ok: true, diagnostics: [] };
        } else {
          state.unreachable = false;
          state.result = r;
        }
        state.checkedText = text;
        underline(state);
        renderPanel(state);
        resolve(state);
      });
    });
  }

  function scheduleCheck(state) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => runCheck(state), DEBOUNCE_MS);
  }

  function attach(target) {
    const root = editableRoot(target);
    if (!root) return null;
    let state = boxes.get(root);
    if (!state) {
      state = {
        el: root,
        kind: root instanceof HTMLTextAreaElement ? "textarea" : "editable",
        seq: 0,
        timer: 0,
        result: null,
        checkedText: null,
        unreachable: false,
        ignoreWords: [],
        overlay: null,
        armed: false,
        lastSend: null,
      };
      boxes.set(root, state);
      root.dataset.tchatlint = "on";
      root.addEventListener("input", () => {
        hideHold();
        underline(state); // drop stale underlines at once
        scheduleCheck(state);
      });
      if (draftOf(state).trim() !== "") scheduleCheck(state);
    }
    current = state;
    return state;
  }

  // ---- Applying a suggestion -------------------------------------------------

  function applySuggestion(state, d, value) {
    const s = d.span.utf16_start;
    const e = d.span.utf16_end;
    if (draftOf(state) !== state.checkedText) return; // the draft changed meanwhile
    state.el.focus();
    if (state.kind === "textarea") {
      state.el.setRangeText(value, s, e, "end");
      state.el.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      const r = rangeOf(state, s, e);
      if (!r) return;
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      // insertText keeps the console's editor (and its undo) informed.
      if (!document.execCommand("insertText", false, value)) {
        r.deleteContents();
        r.insertNode(document.createTextNode(value));
        state.el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }

  // ---- Holding back the send -----------------------------------------------

  // The send button that `target` is in, if any. With the team's selector,
  // any match; otherwise a button that looks like a send button and sits
  // near the reply box (so that other forms of the page are left alone).
  function sendButtonFor(target, box) {
    if (settings.sendSelector) {
      try {
        return target.closest(settings.sendSelector);
      } catch {
        return null;
      }
    }
    let button = target.closest(DEFAULT_SEND);
    if (!button) {
      const b = target.closest('button, [role="button"], input[type="button"]');
      const label = b ? (b.getAttribute("aria-label") || b.textContent || b.value || "").trim() : "";
      button = SEND_WORDS.test(label) ? b : null;
    }
    if (!button) return null;
    let around = box;
    for (let i = 0; i < 5 && around; i++) {
      if (around.contains(button)) return button;
      around = around.parentElement;
    }
    return null;
  }

  // Is this key press the console's "send"? (options: Entrée, Ctrl+Entrée,
  // or no key).
  function isSendKey(e) {
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.isComposing) return false;
    if (settings.sendKey === "none") return false;
    if (settings.sendKey === "ctrl-enter") return e.ctrlKey || e.metaKey;
    return !e.ctrlKey && !e.metaKey;
  }

  function errorCount(state) {
    const diags = state.result && state.result.diagnostics ? state.result.diagnostics : [];
    return diags.filter((d) => d.severity === "error").length;
  }

  // Send again what was held back: click the same button, or press Enter
  // in the box again.
  function resend(state) {
    const how = state.lastSend;
    bypassOnce = true;
    if (how && how.button && how.button.isConnected) {
      how.button.click();
    } else {
      state.el.focus();
      state.el.dispatchEvent(
        new KeyboardEvent("keydown", {
          key: "Enter",
          code: "Enter",
          ctrlKey: settings.sendKey === "ctrl-enter",
          bubbles: true,
          cancelable: true,
        }),
      );
    }
    bypassOnce = false;
  }

  function holdMessage(state) {
    const n = errorCount(state);
    const what = `${n} erreur${n > 1 ? "s" : ""} dans la réponse`;
    return settings.policy === "warn"
      ? `Envoi retenu : ${what}. Envoyez à nouveau pour confirmer.`
      : `Envoi bloqué : ${what}. Corrigez-la ou forcez l'envoi.`;
  }

  // Decide on a send attempt; returns true when it must be held back.
  function guard(state, event, how) {
    if (bypassOnce) return false;
    if (settings.policy === "off") return false;
    const text = draftOf(state);
    if (text.trim() === "") return false;
    if (settings.policy === "warn" && state.armed && state.checkedText === text) {
      state.armed = false;
      hideHold();
      return false;
    }
    state.lastSend = how;
    const fresh = state.result && state.checkedText === text;
    if (fresh) {
      if (state.unreachable || errorCount(state) === 0) return false;
      state.armed = true;
      showHold(holdMessage(state));
      return true;
    }
    // Not checked yet: hold, check now, then send or explain.
    runCheck(state).then((s) => {
      if (draftOf(s) !== text) return;
      if (s.unreachable || errorCount(s) === 0) {
        resend(s);
      } else {
        s.armed = true;
        showHold(holdMessage(s));
      }
    });
    return true;
  }

  // After a send goes through, the console usually clears the box without
  // an input event: check what is left so stale underlines and findings go.
  function afterSend(state) {
    setTimeout(() => {
      if (draftOf(state) !== state.checkedText) runCheck(state);
    }, 60);
  }

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  document.addEventListener("focusin", (e) => attach(e.target), true);

  window.addEventListener(
    "keydown",
    (e) => {
      if (!isSendKey(e)) return;
      const root = editableRoot(e.target);
      const state = root && boxes.get(root);
      if (!state) return;
      current = state;
      if (guard(state, e, { key: true })) stop(e);
      else afterSend(state);
    },
    true,
  );

  window.addEventListener(
    "click",
    (e) => {
      if (!(e.target instanceof Element) || panel.contains(e.target)) return;
      if (!current) return;
      const button = sendButtonFor(e.target, current.el);
      if (!button) return;
      if (guard(current, e, { button })) stop(e);
      else afterSend(current);
    },
    true,
  );

  window.addEventListener("scroll", () => {
    if (current) {
      syncOverlay(current);
      if (!panel.hidden) placePanel(current);
    }
  }, true);

  // A box that already has the focus when the script arrives.
  if (document.activeElement) attach(document.activeElement);
})();
