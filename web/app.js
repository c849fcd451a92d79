// The page: builds plancheck command lines from its controls, runs them in
// the WebAssembly core (the CLI's own code, web/src/lib.rs) on the file the
// user dropped, and shows what they printed. Nothing is computed here.
"use strict";

const TEXT = {
  ja: {
    tagline: "計画の目標指標を評価します。ファイルはこのページの中だけで処理され、どこにも送信されません。",
    language: "言語",
    drop: "CSV（UTF-8・Shift_JIS）または Excel・ODS ファイルをここにドロップするか、選んでください",
    period: "期間（空欄ですべて）",
    method: "算出方法",
    "method-default": "標準（実績値÷目標値）",
    "method-ratio": "ratio：実績値÷目標値",
    "method-progress": "progress：策定時からの進捗",
    "method-deviation": "deviation：減少が望ましい指標は 2−実績÷目標",
    "method-auto": "auto：策定時の値があれば進捗",
    grades: "評価区分（例 A=100,B=80,C=60,D=0 または baseline）",
    decimals: "達成率の小数点以下の桁数",
    cap: "達成率の上限を100%とする",
    "all-sheets": "すべてのシートを読む",
    "dl-csv": "評価 CSV（Excel 用 BOM 付き）",
    "dl-summary-csv": "集計 CSV",
    "dl-markdown": "総括表 Markdown",
    "dl-html": "総括表 HTML",
    "dl-xlsx": "評価 Excel ブック",
    "dl-report-xlsx": "総括表 Excel ブック",
    messages: "メッセージ",
    "tab-report": "総括表",
    "tab-evaluation": "指標ごとの評価",
    "tab-summary": "章・節ごとの集計",
    offline: "オフラインで動作します。計算はこのページ内の plancheck（WebAssembly）で行われます。",
    waiting: "ファイルを選ぶと評価が表示されます。",
    working: "評価しています…",
    ok: (n, file) => `${file}：${n} 件の評価`,
    failed: (file) => `${file} を評価できませんでした。メッセージを確認してください。`,
    crashed: "内部エラーが発生しました：",
    "evaluation-name": "評価",
    "summary-name": "集計",
    "report-name": "総括表",
  },
  en: {
    tagline: "Evaluate a plan's indicators. Your file is processed inside this page and never sent anywhere.",
    language: "Language",
    drop: "Drop a CSV (UTF-8 or Shift_JIS) or an Excel or ODS workbook here, or choose one",
    period: "Period (blank: all)",
    method: "Method",
    "method-default": "Default (actual ÷ target)",
    "method-ratio": "ratio: actual ÷ target",
    "method-progress": "progress: share of the way from the baseline",
    "method-deviation": "deviation: 2 − actual ÷ target when lower is better",
    "method-auto": "auto: progress where a baseline exists",
    grades: "Grades (e.g. A=100,B=80,C=60,D=0 or baseline)",
    decimals: "Decimal places of rates",
    cap: "Cap rates at 100%",
    "all-sheets": "Read every sheet",
    "dl-csv": "Evaluations CSV (with BOM, for Excel)",
    "dl-summary-csv": "Summary CSV",
    "dl-markdown": "Report Markdown",
    "dl-html": "Report HTML",
    "dl-xlsx": "Evaluations workbook",
    "dl-report-xlsx": "Report workbook",
    messages: "Messages",
    "tab-report": "Report",
    "tab-evaluation": "Evaluations",
    "tab-summary": "By chapter and section",
    offline: "Works offline: plancheck runs inside this page (WebAssembly).",
    waiting: "Choose a file to see its evaluation.",
    working: "Evaluating…",
    ok: (n, file) => `${file}: ${n} evaluations`,
    failed: (file) => `${file} could not be evaluated; see the messages.`,
    crashed: "Internal error: ",
    "evaluation-name": "evaluations",
    "summary-name": "summary",
    "report-name": "report",
  },
};

const $ = (id) => document.getElementById(id);
const state = { name: null, bytes: null };

function lang() {
  return $("lang").value;
}

function text(key) {
  return TEXT[lang()][key];
}

function translate() {
  document.documentElement.lang = lang();
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = text(element.dataset.text);
  }
}

// The command line for `command` with the page's options; the file's name
// comes last, after `--`, so that no name is read as an option.
function commandLine(command, extra) {
  const args = [command, ...extra, `--lang=${lang()}`, `--decimals=${$("decimals").value}`];
  const period = $("period").value.trim();
  if (period) args.push(`--period=${period}`);
  if ($("method").value) args.push(`--method=${$("method").value}`);
  const grades = $("grades").value.trim();
  if (grades) args.push(`--grades=${grades}`);
  if (!$("cap").checked) args.push("--no-cap");
  if ($("all-sheets").checked) args.push("--all-sheets");
  args.push("--", state.name);
  return args;
}

const UTF8 = new TextDecoder();

// One run: its standard output is read once, as bytes (a workbook) and,
// when asked for, as text.
function plancheck(command, extra) {
  const output = wasm_bindgen.run(commandLine(command, extra), state.bytes);
  const result = {
    code: output.exit_code,
    bytes: output.stdout,
    messages: output.stderr,
    get text() {
      return UTF8.decode(this.bytes);
    },
  };
  output.free();
  return result;
}

// RFC 4180 CSV, as plancheck writes it: quoted cells may hold commas,
// quotes ("") and line breaks.
function parseCsv(csv) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && csv[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const NUMBER = /^-?[\d,]+(\.\d+)?%?$/;
const UNMET = new Set(["unmet", "未達成"]);
const TOTAL = new Set(["(total)", "（合計）", "合計"]);

function csvTable(records) {
  const [header, ...rows] = records;
  const table = document.createElement("table");
  if (!header) return table;
  const status = header.findIndex((h) => h === "status" || h === "判定");
  const head = table.createTHead().insertRow();
  for (const name of header) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    if (status >= 0 && UNMET.has(cells[status])) tr.className = "unmet";
    if (TOTAL.has(cells[0])) tr.className = "total";
    for (const cell of cells) {
      const td = tr.insertCell();
      td.textContent = cell;
      if (NUMBER.test(cell)) td.className = "num";
    }
  }
  return table;
}

function showMessages(lines) {
  const list = $("message-list");
  list.replaceChildren();
  for (const line of lines) {
    const item = document.createElement("li");
    item.textContent = line;
    if (/\berror\b|エラー|^plancheck: /.test(line)) item.className = "error";
    list.appendChild(item);
  }
  $("messages").hidden = lines.length === 0;
}

function setStatus(message, bad) {
  $("status").textContent = message;
  $("status").className = bad ? "bad" : "";
}

// Shows "Evaluating…" before the work starts: a large file takes a moment,
// and the runs hold the page's one thread until they end.
function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function evaluate() {
  if (state.bytes === null) {
    setStatus(text("waiting"), false);
    return;
  }
  document.body.dataset.state = "working";
  setStatus(text("working"), false);
  await nextPaint();
  try {
    const evaluation = plancheck("eval", ["--format=csv"]);
    const summary = plancheck("summary", ["--by=chapter,section", "--format=csv"]);
    const report = plancheck("report", ["--format=html"]);
    // The evaluation's messages are every row's problems; the other runs
    // read the same rows, so theirs add only what differs.
    const lines = evaluation.messages.split("\n").filter((l) => l !== "");
    for (const run of [summary, report]) {
      for (const line of run.messages.split("\n")) {
        if (line !== "" && !lines.includes(line)) lines.push(line);
      }
    }
    showMessages(lines);
    const evaluations = parseCsv(evaluation.text);
    $("evaluation").replaceChildren(csvTable(evaluations));
    $("summary").replaceChildren(csvTable(parseCsv(summary.text)));
    // As on the command line, rows that could be read are reported even
    // when others could not; the messages say which.
    $("report").srcdoc = report.text;
    const failed = evaluation.code === 2 && evaluations.length === 0;
    const count = Math.max(evaluations.length - 1, 0);
    setStatus(failed ? text("failed")(state.name) : text("ok")(count, state.name), failed);
    document.body.dataset.state = failed ? "failed" : "done";
    for (const button of document.querySelectorAll("[data-download]")) button.disabled = failed;
  } catch (error) {
    setStatus(text("crashed") + error, true);
    document.body.dataset.state = "crashed";
  }
}

// Each download is the CLI's own output for that format.
const DOWNLOADS = {
  csv: { command: "eval", extra: ["--format=csv", "--bom"], kind: "evaluation-name", ext: "csv", type: "text/csv" },
  "summary-csv": { command: "summary", extra: ["--by=chapter,section", "--format=csv", "--bom"], kind: "summary-name", ext: "csv", type: "text/csv" },
  markdown: { command: "report", extra: ["--format=markdown"], kind: "report-name", ext: "md", type: "text/markdown" },
  html: { command: "report", extra: ["--format=html"], kind: "report-name", ext: "html", type: "text/html" },
  xlsx: { command: "eval", extra: ["--format=xlsx"], kind: "evaluation-name", ext: "xlsx",
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  "report-xlsx": { command: "report", extra: ["--format=xlsx"], kind: "report-name", ext: "xlsx",
                   type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
};

function download(which) {
  const spec = DOWNLOADS[which];
  const result = plancheck(spec.command, spec.extra);
  if (result.code === 2 && result.bytes.length === 0) {
    showMessages(result.messages.split("\n").filter((l) => l !== ""));
    return;
  }
  const stem = state.name.replace(/\.[^.]*$/, "");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([result.bytes], { type: spec.type }));
  link.download = `${stem}-${text(spec.kind)}.${spec.ext}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function load(name, bytes) {
  state.name = name;
  state.bytes = bytes;
  $("file-name").textContent = name;
  return evaluate();
}

async function loadFile(file) {
  if (!file) return;
  await load(file.name, new Uint8Array(await file.arrayBuffer()));
}

function showTab(name) {
  for (const tab of document.querySelectorAll("[data-tab]")) {
    tab.setAttribute("aria-selected", String(tab.dataset.tab === name));
  }
  for (const panel of document.querySelectorAll("[data-panel]")) {
    panel.hidden = panel.dataset.panel !== name;
  }
}

function base64Bytes(text) {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function start() {
  const preferred = (navigator.language || "ja").startsWith("ja") ? "ja" : "en";
  $("lang").value = /[#&]lang=en\b/.test(location.hash) ? "en" : /[#&]lang=ja\b/.test(location.hash) ? "ja" : preferred;
  translate();
  await wasm_bindgen({ module_or_path: base64Bytes($("wasm").textContent) });
  $("wasm").textContent = "";
  const version = wasm_bindgen.run(["--version"], new Uint8Array());
  $("version").textContent = UTF8.decode(version.stdout).trim();
  version.free();
  $("file").addEventListener("change", async (e) => {
    await loadFile(e.target.files[0]);
    // Choosing the same file again (after editing it) reads it again.
    e.target.value = "";
  });
  // A file dropped beside the drop zone must not replace the page with it.
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (e) => e.preventDefault());
  }
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    loadFile(e.dataTransfer.files[0]);
  });
  for (const id of ["period", "method", "grades", "decimals", "cap", "all-sheets"]) {
    $(id).addEventListener("change", evaluate);
  }
  $("lang").addEventListener("change", () => { translate(); evaluate(); });
  for (const tab of document.querySelectorAll("[data-tab]")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
  }
  for (const button of document.querySelectorAll("[data-download]")) {
    button.addEventListener("click", () => download(button.dataset.download));
  }
  document.body.dataset.state = "ready";
  if (/^#example\b/.test(location.hash)) {
    load(wasm_bindgen.example_name(), wasm_bindgen.example());
  } else {
    setStatus(text("waiting"), false);
  }
}

start().catch((error) => {
  setStatus(text("crashed") + error, true);
  document.body.dataset.state = "crashed";
});
