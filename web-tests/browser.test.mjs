// Real-browser tests of the web UI: headless Debian chromium driven by playwright-core, against the demo
// (embedded SQLite, the in-process sandbox, a generated province) started for the run.
//
//   ZHIXING_BIN=path/to/zhixing node --test browser.test.mjs
//
// Each test saves a screenshot under target/screenshots/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "..", "target", "screenshots");
const bin = process.env.ZHIXING_BIN;
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const port = 21000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const password = "zhixing-demo";

let server, dataDir, browser;

/// A 公民身份号码 with a valid check digit (GB 11643), born on the given day.
function citizenId(area, birth, seq) {
  const body = `${area}${birth}${String(seq).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + "10X98765432"[sum % 11];
}

async function waitForServer() {
  for (let i = 0; i < 180; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the demo did not start");
}

before(async () => {
  assert.ok(bin, "ZHIXING_BIN names the zhixing binary");
  mkdirSync(shots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "zhixing-web-"));
  server = spawn(bin, ["demo", "--data-dir", dataDir, "--listen", `127.0.0.1:${port}`, "--cases", "1500"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await new Promise((r) => (server ? server.once("exit", r) : r()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(page, login) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForLoadState("load");
}

/// Files a case through the filing form against one debtor; answers its 案号.
async function fileCase(page, kind, name, id) {
  await page.getByRole("link", { name: "立案" }).click();
  await page.locator("#applicant_kind").selectOption("person");
  await page.locator("#applicant_name").fill("测试申请人乙");
  await page.locator("#applicant_id").fill(citizenId("330106", "19900101", 201));
  await page.locator("#debtor_kind").selectOption(kind);
  await page.locator("#debtor_name").fill(name);
  await page.locator("#debtor_id").fill(id);
  if (kind === "company") await page.locator("#debtor_rep").fill("测试代表人");
  await page.getByLabel("制作机关").fill("杭州市西湖区人民法院");
  await page.getByLabel("文书编号").fill(`（2026）浙0106民初${1000 + Math.floor(Math.random() * 8000)}号`);
  await page.getByLabel("生效日期").fill("2026-06-01");
  await page.getByLabel("履行期限届满日").fill("2026-06-15");
  await page.getByLabel("本金").fill("120000");
  await page.getByRole("button", { name: "提交立案" }).click();
  await page.waitForLoadState("load");
  // When the debtor has other cases the clerk sees them and confirms.
  const confirm = page.getByRole("button", { name: "已核对，确认立案" });
  if (await confirm.count()) {
    await confirm.click();
    await page.waitForLoadState("load");
  }
  const caseNumber = (await page.locator("h1").innerText()).split(" ")[0];
  assert.match(caseNumber, /^（2026）浙0106执\d+号$/, await page.locator("main").innerText());
  return caseNumber;
}

const debtorName = "测试被执行人甲";
const debtorId = citizenId("330106", "19850505", 100 + Math.floor(Math.random() * 800));

test("an officer signs in, files a case, runs a one-click inquiry and sees its result on the case page", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  // A page of the workbench without a session goes to the sign-in page.
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login$/);
  await signIn(page, "officer");
  assert.equal(new URL(page.url()).pathname, "/");
  await page.getByRole("heading", { name: "执行工作台" }).waitFor();
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "zx_session");
  assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session.sameSite, "Strict");

  // A debtor of the province (the sandbox's banks know the province's people): from a case of the court.
  await page.locator("#cases tbody tr a").first().click();
  const debtorRow = page.locator("tr", { hasText: "被执行人" }).filter({ hasText: "自然人" }).first();
  const hasPerson = (await debtorRow.count()) > 0;
  const row = hasPerson ? debtorRow : page.locator("tr", { hasText: "被执行人" }).first();
  const cells = await row.locator("td").allInnerTexts();
  const [kind, name, id] = [cells[1] === "自然人" ? "person" : "company", cells[2], cells[3]];

  const caseNumber = await fileCase(page, kind, name, id);
  assert.ok((await page.locator("body").innerText()).includes(name));

  await page.getByRole("button", { name: "一键查询（网络查控）" }).click();
  await page.waitForLoadState("load");
  await page.locator("#inquiries").waitFor();
  // The gateway batches the inquiry to the in-process sandbox, whose institutions answer with realistic
  // latency: the case page shows what the answers found as they arrive.
  let found = false;
  for (let i = 0; i < 120 && !found; i++) {
    found = (await page.locator("#assets").count()) > 0 || (await page.locator("#inquiries").innerText()).includes("已完成");
    if (!found) {
      await new Promise((r) => setTimeout(r, 1000));
      await page.reload();
    }
  }
  assert.ok(found, "the inquiry's answers show on the case page");
  await page.screenshot({ path: join(shots, "case-page.png"), fullPage: true });
  await page.close();
});

test("the command center's big screen shows numbers in every tile, with when they were computed", async () => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await signIn(page, "center");
  assert.equal(new URL(page.url()).pathname, "/command");
  await page.locator("#screen").waitFor();
  for (const kpi of ["received_year", "closed_year", "shixin_public", "shixin_removed_year", "in_library", "ending_30", "freezes_in_force", "sent_today"]) {
    const text = await page.locator(`[data-kpi="${kpi}"]`).innerText();
    assert.match(text.trim(), /^\d+$/, `${kpi} is a number`);
  }
  assert.ok(Number(await page.locator('[data-kpi="received_year"]').innerText()) > 0, "the province received cases");
  // ECharts drew both charts (a canvas each), and every tile carries its computation time.
  await page.locator("#chart-nodes canvas").waitFor();
  await page.locator("#chart-overdue canvas").waitFor();
  const stamps = await page.locator("[data-stamp]").allInnerTexts();
  assert.ok(stamps.length >= 6 && stamps.every((s) => s.trim().length > 0), "every tile shows when it was computed");
  // The quality indicators drill down to the courts below.
  const rows = await page.locator("#quality tbody tr").count();
  assert.ok(rows > 1, "the court and the courts below it");
  await page.screenshot({ path: join(shots, "big-screen.png") });
  // Contrast (WCAG 2.1): every text on the screen against the background it is drawn on, at least 4.5:1.
  const low = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const found = [];
    for (const el of document.querySelectorAll("#screen *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest("details:not([open])")) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) found.push(`${el.tagName} "${el.textContent.trim().slice(0, 20)}" ${ratio.toFixed(2)}`);
    }
    return found;
  });
  assert.deepEqual(low, [], "text on the big screen has a contrast of at least 4.5:1");
  // An update pushed over SSE lands on the page.
  const first = await page.locator("#screen").getAttribute("data-updated");
  await page.waitForFunction((f) => document.getElementById("screen").dataset.updated !== f, first, { timeout: 20000 });
  await page.close();
});

test("the public portal finds a listed debtor by name and ID number, with the number masked", async () => {
  const officer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(officer, "officer");
  const filedCase = await fileCase(officer, "person", debtorName, debtorId);
  // The officer lists the debtor as 失信 on the case page, and restricts consumption.
  await officer.locator("#shixin-debtor").selectOption(debtorId);
  await officer.locator("#shixin-behaviour").selectOption("obstructs:forged_evidence");
  await officer.getByLabel("具体情形（写入决定书）").fill("伪造借条对抗执行");
  await officer.getByRole("button", { name: "决定纳入" }).click();
  await officer.waitForLoadState("load");
  await officer.getByRole("button", { name: "发出限制消费令" }).click();
  await officer.waitForLoadState("load");
  const measures = await officer.locator("#measures").innerText();
  assert.ok(measures.includes("失信被执行人名单") && measures.includes("限制消费令"), measures);
  // The 终本 checklist says what is still missing before closing.
  const checklist = await officer.locator("#zhongben-checklist").innerText();
  assert.ok(checklist.includes("约谈"), checklist);
  await officer.screenshot({ path: join(shots, "case-measures.png"), fullPage: true });
  // Every input of the case page has a label.
  const unlabelledOnCase = await officer.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select")].filter(
      (el) => !el.closest("label") && (!el.id || !document.querySelector(`label[for="${el.id}"]`)),
    ).length,
  );
  assert.equal(unlabelledOnCase, 0, "the case page: every input has a label");
  await officer.close();

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/public?list=shixin`);
  await page.getByLabel("姓名或名称").fill(debtorName);
  await page.getByLabel("身份证号码或统一社会信用代码").fill(debtorId);
  await page.getByRole("button", { name: "查询" }).click();
  await page.locator("#results").waitFor();
  const results = await page.locator("#results").innerText();
  assert.ok(results.includes(debtorName), results);
  assert.ok(results.includes(filedCase), results);
  assert.ok(!results.includes(debtorId), "the ID number is masked");
  await page.screenshot({ path: join(shots, "portal.png"), fullPage: true });
  // A name with another person's number finds nothing.
  await page.goto(`${base}/public?list=shixin&name=${encodeURIComponent("别人")}&id_number=${debtorId}`);
  assert.ok((await page.locator("#results").innerText()).includes("未查到"));
  await page.close();
});

test("every input of the sign-in, filing and portal pages has a label, and the sign-in works from the keyboard", async () => {
  const page = await browser.newPage();
  for (const path of ["/login", "/public"]) {
    await page.goto(`${base}${path}`);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input:not([type=hidden]), select")].filter(
        (el) => !el.id || !document.querySelector(`label[for="${el.id}"]`),
      ).length,
    );
    assert.equal(unlabelled, 0, `${path}: every input has a label`);
  }
  await page.goto(`${base}/login`);
  await page.waitForLoadState("load");
  // The login field takes the focus as the page loads (autofocus); typing before it has it would be lost.
  const focused = await page
    .waitForFunction(() => document.activeElement?.id === "login", null, { timeout: 5000 })
    .then(() => true, () => false);
  if (!focused) await page.locator("#login").focus();
  await page.keyboard.type("officer");
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/`);
  await page.goto(`${base}/cases/new`);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select")].filter(
      (el) => !el.id || !document.querySelector(`label[for="${el.id}"]`),
    ).length,
  );
  assert.equal(unlabelled, 0, "/cases/new: every input has a label");
  await page.close();
});
