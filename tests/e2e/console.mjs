// End-to-end test of the demo console in a real headless Chromium.
//
//   node console.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]
//
// It starts nothing itself: it is given the URL of a running
// `tchatlint serve`. It types a faulty reply, waits for the underline,
// applies the suggestion with one click, checks that the reply is clean and
// can be sent, and saves screenshots (faulty and clean). Chromium comes from
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
  check(errors.length === 0, `no JavaScript error (${errors.join("; ")})`);
} catch (e) {
  failed = true;
  console.error(`not ok - ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
