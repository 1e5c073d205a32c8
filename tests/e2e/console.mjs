// End-to-end test of the demo console in a real headless Chromium.
//
//   node console.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]
//
// It starts nothing itself: it is given the URL of a running
// `tchatlint serve`. It types a faulty reply, waits for the underline,
// applies the suggestion with one click, checks that the reply is clean and
// can be sent, and saves screenshots (faulty and clean). Then: « Ignorer »
// accepts a word for the conversation (sent as `ignore_words`); a long list
// of findings scrolls in a bounded area and leaves the conversation on
// screen; with the service unreachable (its requests refused by the
// browser) the console fails open with a visible notice. Chromium comes from
// the system (Debian's package): CHROMIUM or /usr/bin/chromium.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const url = process.argv[2] || process.env.TCHATLINT_URL;
const outDir = process.argv[3] || process.env.SCREENSHOT_DIR || ".";
if (!url) {
  console.error("usage: node console.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// "Hélène" puts two-byte characters before the link, so byte offsets and
// UTF-16 offsets differ: a wrong unit would underline the wrong text.
const LINK = "http://www.exemple.fr/suivi";
const FIXED = "https://www.exemple.fr/suivi";
const REPLY = `Bonjour Hélène, votre colis est en route. Suivez-le ici : ${LINK}.`;

function check(cond, message) {
  if (!cond) throw new Error(message);
  console.log(`ok - ${message}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 720 } });
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  check((await page.title()).includes("tchatlint"), "console page loads");
  // The profile list comes from /healthz.
  await page.waitForSelector("#profile option", { state: "attached" });

  const draft = page.locator("#draft");
  await draft.click();
  await draft.pressSequentially(REPLY, { delay: 8 });

  // The underline appears under exactly the faulty link.
  const mark = page.locator("#backdrop mark.error");
  await mark.first().waitFor({ state: "attached" });
  const underlined = await mark.first().textContent();
  check(underlined === LINK, `the link is underlined (« ${underlined} »)`);
  const finding = page.locator(".finding.error", { hasText: "lien non sécurisé" });
  await finding.waitFor();
  check(await page.locator("#send").isDisabled(), "send is held back while an error remains");
  await page.screenshot({ path: join(outDir, "console-faulty.png"), fullPage: true });

  // One click applies the suggestion.
  const apply = finding.locator("button.apply").first();
  check((await apply.textContent()).includes(FIXED), "the suggestion is offered");
  await apply.click();
  await page.waitForFunction(
    () => !document.querySelector("#backdrop mark.error") &&
      !document.querySelector("#send").disabled,
  );
  const value = await draft.inputValue();
  check(value === REPLY.replace(LINK, FIXED), "the suggestion replaced the link");
  check((await page.locator(".finding.error").count()) === 0, "no error remains");
  const left = await page.locator(".finding").count();
  console.log(`# ${left} finding(s) below error level remain`);
  check(!(await page.locator("#send").isDisabled()), "send is enabled");
  await page.screenshot({ path: join(outDir, "console-clean.png"), fullPage: true });

  await page.locator("#send").click();
  await page.locator(".bubble.advisor", { hasText: FIXED }).waitFor();
  check((await draft.inputValue()) === "", "the reply is sent and the draft cleared");

  // « Ignorer »: the word is accepted for the rest of the conversation.
  const bodies = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/v1/check")) bodies.push(r.postDataJSON());
  });
  await draft.fill("Bonjour, slt, votre colis est en route.");
  const sms = page.locator('.finding.error[data-rule="sms-language"]');
  await sms.waitFor();
  await sms.locator("button.ignore").click();
  await page.waitForFunction(
    () => !document.querySelector('.finding[data-rule="sms-language"]') &&
      !document.querySelector("#send").disabled,
  );
  const last = bodies[bodies.length - 1] || {};
  check(Array.isArray(last.ignore_words) && last.ignore_words.includes("slt"),
    `« Ignorer » sends the word as ignore_words (${JSON.stringify(last.ignore_words)})`);
  check(await page.locator("#accepted").isVisible(), "the accepted words are shown");
  await draft.fill("Bien noté, slt.");
  await page.waitForFunction(() => document.querySelector("#draft").value === "Bien noté, slt." &&
    !document.querySelector("#send").disabled);
  check((await sms.count()) === 0, "the ignored word stays accepted in the conversation");
  await page.locator("#send").click();
  await page.locator(".bubble.advisor", { hasText: "Bien noté" }).waitFor();

  // Many findings: the list scrolls inside a bounded area, the page does
  // not, and the conversation stays on screen.
  const many = Array.from({ length: 14 }, (_, i) =>
    `Commande ${i + 1} : votre colis est en route !! Suivez-le ici : ${LINK}.`).join("\n");
  await draft.fill(many);
  await page.waitForFunction(() => document.querySelectorAll(".finding").length >= 10);
  const layout = await page.evaluate(() => {
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    const list = document.querySelector("#findings");
    return {
      listScrolls: list.scrollHeight > list.clientHeight + 1,
      listBottom: box("#findings").bottom,
      threadTop: box("#thread").top,
      threadHeight: box("#thread").height,
      bubbleBottom: box(".bubble.advisor:last-child").bottom,
      sendBottom: box("#send").bottom,
      pageScrolls: document.scrollingElement.scrollHeight > window.innerHeight + 1,
      viewport: window.innerHeight,
    };
  });
  console.log(`# layout ${JSON.stringify(layout)}`);
  check(layout.listScrolls, "a long list of findings scrolls in its own area");
  check(layout.listBottom <= layout.viewport && layout.sendBottom <= layout.viewport,
    "the findings and the send button fit in the window");
  check(layout.threadTop >= 0 && layout.threadHeight >= 100,
    "the conversation stays on screen beside the findings");
  check(layout.bubbleBottom <= layout.threadTop + layout.threadHeight + 1,
    "the last message sent is visible");
  check(!layout.pageScrolls, "the page itself does not scroll");
  await page.screenshot({ path: join(outDir, "console-many.png") });

  // Service down: fail open, with a notice, and the reply can be sent.
  await page.route("**/v1/check", (route) => route.abort("connectionrefused"));
  await draft.fill(REPLY);
  const notice = page.locator("#notice");
  await notice.waitFor({ state: "visible" });
  check((await notice.textContent()).includes("injoignable"),
    `a notice says the service is down (« ${await notice.textContent()} »)`);
  check(!(await page.locator("#send").isDisabled()), "send stays possible while the service is down");
  check((await page.locator(".finding").count()) === 0, "no stale finding is shown");
  await page.screenshot({ path: join(outDir, "console-offline.png") });
  await page.locator("#send").click();
  await page.locator(".bubble.advisor", { hasText: LINK }).waitFor();
  check((await draft.inputValue()) === "", "the unchecked reply is sent");
  await page.unroute("**/v1/check");
  check(errors.length === 0, `no JavaScript error (${errors.join("; ")})`);
} catch (e) {
  failed = true;
  console.error(`not ok - ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
