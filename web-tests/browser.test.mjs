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
  for (const kpi of ["received_year", "closed_year", "shixin_public", "in_library"]) {
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
  // An update pushed over SSE lands on the page.
  const first = await page.locator("#screen").getAttribute("data-updated");
  await page.waitForFunction((f) => document.getElementById("screen").dataset.updated !== f, first, { timeout: 20000 });
  await page.close();
});

test("the public portal finds a listed debtor by name and ID number, with the number masked", async () => {
  const officer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(officer, "officer");
  const filedCase = await fileCase(officer, "person", debtorName, debtorId);
  await officer.close();
  // The officer lists the debtor as 失信 through the JSON API.
  const token = await (await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: "officer", password }),
  })).json();
  const listed = await fetch(`${base}/api/v1/cases/${encodeURIComponent(filedCase)}/shixin`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token.token}` },
    body: JSON.stringify({
      debtor: debtorId,
      behaviours: [{ facts: { ground: "obstructs", means: "forged_evidence", serious: false }, conduct: "伪造借条对抗执行" }],
    }),
  });
  assert.equal(listed.status, 201, await listed.text());

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
