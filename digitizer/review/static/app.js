/* digitizer review: plain JS, no build step. Data is only ever put in the page with textContent. */
"use strict";
(function () {
  const cfg = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const state = {
    items: [], index: 0, cache: new Map(), undo: [], groups: [], gindex: 0,
    chain: Promise.resolve(), editing: false, view: "queue", detail: null,
  };
  window.reviewTimings = [];

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === "text") node.textContent = v == null ? "" : String(v);
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => node.appendChild(c));
    return node;
  }

  function reviewer() { return $("reviewer").value.trim(); }

  async function api(path, body) {
    const opts = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": cfg.token },
      body: JSON.stringify(body),
    };
    const response = await fetch(path, opts);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || ("HTTP " + response.status));
    return data;
  }

  function serial(task) {
    state.chain = state.chain.then(task).catch((err) => message(String(err.message || err)));
    return state.chain;
  }

  function message(text) {
    const target = state.view === "groups" ? $("g-message") : $("i-message");
    target.textContent = text || "";
  }

  function setCounts(counts) {
    if (!counts) return;
    ["pending", "accepted", "rejected", "edited"].forEach((k) => { $("n-" + k).textContent = counts[k]; });
  }

  function split(key) {
    const at = key.indexOf(":");
    return [key.slice(0, at), key.slice(at + 1)];
  }
  function cropUrl(key, kind) {
    const [doc, cid] = split(key);
    return "/crop/" + encodeURIComponent(doc) + "/" + encodeURIComponent(cid) + ".png" + (kind ? "?kind=" + kind : "");
  }
  function itemUrl(key) {
    const [doc, cid] = split(key);
    return "/api/item/" + encodeURIComponent(doc) + "/" + encodeURIComponent(cid);
  }

  const STATUS_TEXT = { flagged: "pending", accepted: "accepted", rejected: "rejected", edited: "edited", applied: "applied" };

  // ---- queue ------------------------------------------------------------------------------
  function filterQuery() {
    const q = new URLSearchParams();
    if ($("f-doc").value) q.set("doc", $("f-doc").value);
    if ($("f-rule").value) q.set("rule", $("f-rule").value);
    const max = parseFloat($("f-max").value);
    if (!Number.isNaN(max) && max < 1) q.set("max", String(max));
    q.set("status", $("f-status").value);
    q.set("sort", $("f-sort").value);
    return q.toString();
  }

  async function loadQueue() {
    const data = await api("/api/queue?" + filterQuery());
    state.items = data.items;
    state.cache.clear();
    setCounts(data.counts);
    renderQueue();
  }

  function renderQueue() {
    const body = $("queue-rows");
    body.replaceChildren();
    state.items.forEach((it, i) => {
      body.appendChild(el("tr", { class: "row s-" + it.status, onclick: () => openItem(i) }, [
        el("td", { text: i + 1 }), el("td", { text: it.confidence.toFixed(2) }),
        el("td", { text: it.document + " p" + it.page }), el("td", { text: it.rule }),
        el("td", { class: "th", text: it.original }), el("td", { class: "arr", text: "→" }),
        el("td", { class: "th", text: it.status === "edited" ? it.edit : it.suggestion }),
        el("td", { class: "status s-" + it.status, text: STATUS_TEXT[it.status] || it.status }),
      ]));
    });
    $("queue-empty").hidden = state.items.length > 0;
  }

  async function loadMeta() {
    const meta = await api("/api/meta");
    meta.documents.forEach((d) => $("f-doc").appendChild(el("option", { value: d.id, text: d.name })));
    meta.rules.forEach((r) => $("f-rule").appendChild(el("option", { value: r, text: r })));
    setCounts(meta.counts);
  }

  // ---- item -------------------------------------------------------------------------------
  async function detail(key) {
    if (!state.cache.has(key)) state.cache.set(key, api(itemUrl(key)));
    try { return await state.cache.get(key); } catch (err) { state.cache.delete(key); throw err; }
  }

  function prefetch(index) {
    for (let i = index + 1; i <= index + 3 && i < state.items.length; i++) {
      const key = state.items[i].key;
      detail(key).catch(() => {});
      const img = new Image();
      img.src = cropUrl(key);
    }
  }

  function openItem(index) {
    state.index = index;
    if (location.hash === "#/item") serial(() => showItem());
    else location.hash = "#/item";
  }

  async function showItem(t0) {
    if (!state.items.length) { message("The queue is empty."); return; }
    state.index = Math.max(0, Math.min(state.index, state.items.length - 1));
    const it = state.items[state.index];
    const d = await detail(it.key);
    state.detail = d;
    closeEdit();
    $("view-item").dataset.key = it.key;
    $("view-item").dataset.status = it.status;
    $("i-pos").textContent = (state.index + 1) + " / " + state.items.length;
    $("i-doc").textContent = d.document + " · page " + d.page;
    $("i-rule").textContent = d.rule;
    $("i-conf").textContent = "confidence " + d.confidence.toFixed(2);
    const status = it.status;
    $("i-status").textContent = STATUS_TEXT[status] + (status === "edited" ? ": " + (it.edit || "") : "");
    $("i-status").className = "status s-" + status;
    $("i-before").textContent = d.line_before;
    $("i-after").textContent = d.line_after;
    $("i-ctx-b").textContent = d.context_before;
    $("i-orig-inline").textContent = d.original;
    $("i-ctx-a").textContent = d.context_after;
    $("i-original").textContent = d.original;
    $("i-suggestion").textContent = d.suggestion;
    const alts = $("i-alts");
    alts.replaceChildren();
    d.alternatives.slice(0, 9).forEach((a, i) => {
      alts.appendChild(el("li", {}, [el("button", {
        type: "button", class: "word choice", text: a, title: "pick (" + (i + 1) + ")",
        onclick: () => serial(() => decide("alternative", { alternative: i + 1 })),
      }, [])]));
      alts.lastChild.firstChild.prepend(el("kbd", { text: String(i + 1) }));
    });
    if (!d.alternatives.length) alts.appendChild(el("li", { class: "muted", text: "none" }));
    const img = $("i-crop");
    const url = cropUrl(it.key);
    if (d.bbox) {
      img.hidden = false; $("i-nocrop").hidden = true;
      if (img.getAttribute("src") !== url) img.src = url;
    } else {
      img.hidden = true; $("i-nocrop").hidden = false;
    }
    prefetch(state.index);
    if (t0 !== undefined) window.reviewTimings.push(performance.now() - t0);
  }

  function nextPending(from) {
    const n = state.items.length;
    for (let step = 1; step <= n; step++) {
      const i = (from + step) % n;
      if (state.items[i].status === "flagged") return i;
    }
    return -1;
  }

  function applyOutcome(out) {
    setCounts(out.counts);
    const key = out.item.key;
    const it = state.items.find((x) => x.key === key);
    if (it) { it.status = out.item.status; it.edit = out.item.edit; }
    state.cache.delete(key);
    return it;
  }

  async function decide(action, extra) {
    const t0 = performance.now();
    const it = state.items[state.index];
    const out = await api("/api/decide", Object.assign({ key: it.key, action: action, reviewer: reviewer() }, extra || {}));
    applyOutcome(out);
    state.undo.push(it.key);
    const done = { accept: "accepted", reject: "rejected", edit: "edited", alternative: "alternative chosen" };
    message((done[action] || action) + ": " + it.original + " → " + out.item.text + (out.learned ? " · added to your lexicon" : ""));
    const next = nextPending(state.index);
    if (next < 0) { message("All items are decided. Export with: digitize export OUT_DIR"); await showItem(t0); return; }
    state.index = next;
    await showItem(t0);
  }

  async function undo() {
    const t0 = performance.now();
    const key = state.undo.pop();
    const out = await api("/api/undo", { key: key || null, reviewer: reviewer() });
    applyOutcome(out);
    const i = state.items.findIndex((x) => x.key === out.item.key);
    if (i >= 0) state.index = i;
    message("undone: " + out.decision.before_status + " → " + out.decision.after_status);
    await showItem(t0);
  }

  function move(delta) {
    const t0 = performance.now();
    message("");
    state.index = Math.max(0, Math.min(state.items.length - 1, state.index + delta));
    return showItem(t0);
  }

  function skip() {
    const t0 = performance.now();
    message("skipped");
    const next = nextPending(state.index);
    state.index = next < 0 ? Math.min(state.items.length - 1, state.index + 1) : next;
    return showItem(t0);
  }

  function openEdit() {
    const it = state.items[state.index];
    state.editing = true;
    $("edit-form").hidden = false;
    $("learn-box").hidden = !cfg.lexicon;
    $("edit-text").value = it.status === "edited" ? it.edit : it.suggestion;
    $("edit-text").focus();
    $("edit-text").select();
  }
  function closeEdit() {
    state.editing = false;
    $("edit-form").hidden = true;
  }

  // ---- groups -----------------------------------------------------------------------------
  async function loadGroups() {
    const data = await api("/api/groups");
    state.groups = data.groups;
    state.gindex = Math.max(0, Math.min(state.gindex, state.groups.length - 1));
    await showGroup();
  }

  async function showGroup() {
    const empty = !state.groups.length;
    $("groups-empty").hidden = !empty;
    $("g-strip").replaceChildren();
    ["g-original", "g-suggestion", "g-count", "g-pos"].forEach((id) => { $(id).textContent = ""; });
    if (empty) return;
    const g = state.groups[state.gindex];
    $("view-groups").dataset.group = g.original + "\u2192" + g.suggestion;
    $("g-pos").textContent = (state.gindex + 1) + " / " + state.groups.length;
    $("g-original").textContent = g.original;
    $("g-suggestion").textContent = g.suggestion;
    $("g-count").textContent = g.pending + " pending of " + g.count + " in " + g.documents + " documents";
    const q = new URLSearchParams({ original: g.original, suggestion: g.suggestion });
    const data = await api("/api/group?" + q.toString());
    const strip = $("g-strip");
    data.items.forEach((it) => {
      strip.appendChild(el("figure", { class: "s-" + it.status }, [
        el("img", { src: cropUrl(it.key, "tight"), alt: it.original, loading: "lazy" }),
        el("figcaption", { text: it.document + " p" + it.page + " · " + (STATUS_TEXT[it.status] || it.status) }),
      ]));
    });
  }

  async function decideGroup(action) {
    const t0 = performance.now();
    const g = state.groups[state.gindex];
    if (!g) return;
    const out = await api("/api/group", { original: g.original, suggestion: g.suggestion, action: action, reviewer: reviewer() });
    setCounts(out.counts);
    state.items = [];  // the queue changed under the item view: reload it on the next visit
    await loadGroups();
    message(action + "ed " + out.decided + " × " + g.original + " → " + g.suggestion);
    window.reviewTimings.push(performance.now() - t0);
  }

  // ---- audit ------------------------------------------------------------------------------
  async function loadHistory() {
    const data = await api("/api/history");
    const body = $("history-rows");
    body.replaceChildren();
    data.decisions.forEach((d) => {
      body.appendChild(el("tr", {}, [
        el("td", { text: d.at }), el("td", { text: d.reviewer }), el("td", { text: d.key + " " + d.original }),
        el("td", { text: d.action }), el("td", { text: d.before_status + ": " + d.before_text }),
        el("td", { text: d.after_status + ": " + d.after_text }),
      ]));
    });
  }

  // ---- views and keys ---------------------------------------------------------------------
  async function route() {
    const view = (location.hash.replace(/^#\//, "").split("/")[0]) || "queue";
    state.view = ["queue", "item", "groups", "history"].includes(view) ? view : "queue";
    document.querySelectorAll(".view").forEach((s) => { s.hidden = s.id !== "view-" + state.view; });
    document.querySelectorAll(".tabs a").forEach((a) => a.classList.toggle("on", a.dataset.view === state.view));
    if (state.view === "queue") await loadQueue();
    else if (state.view === "item") { if (!state.items.length) await loadQueue(); await showItem(); }
    else if (state.view === "groups") await loadGroups();
    else await loadHistory();
    document.body.dataset.ready = state.view;
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target && ev.target.tagName) || "";
    if (state.editing) {
      if (ev.key === "Escape") { ev.preventDefault(); closeEdit(); }
      return;
    }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    const k = ev.key;
    if (state.view === "item") {
      let task = null;
      if (k === "a" || k === "Enter") task = () => decide("accept");
      else if (k === "r") task = () => decide("reject");
      else if (/^[1-9]$/.test(k)) {
        const n = Number(k);
        const count = state.detail ? state.detail.alternatives.length : 0;
        task = n <= count ? () => decide("alternative", { alternative: n })
          : async () => message(count ? "alternatives go from 1 to " + count : "this item has no alternatives");
      }
      else if (k === "e") { ev.preventDefault(); serial(async () => openEdit()); return; }
      else if (k === "s") task = skip;
      else if (k === "u") task = undo;
      else if (k === "ArrowRight") task = () => move(1);
      else if (k === "ArrowLeft") task = () => move(-1);
      if (task) { ev.preventDefault(); serial(task); }
    } else if (state.view === "groups") {
      let task = null;
      if (k === "a") task = () => decideGroup("accept");
      else if (k === "r") task = () => decideGroup("reject");
      else if (k === "ArrowRight") task = async () => { state.gindex = Math.min(state.groups.length - 1, state.gindex + 1); await showGroup(); };
      else if (k === "ArrowLeft") task = async () => { state.gindex = Math.max(0, state.gindex - 1); await showGroup(); };
      if (task) { ev.preventDefault(); serial(task); }
    } else if (state.view === "queue" && k === "Enter") {
      ev.preventDefault(); startReview();
    }
  }

  function startReview() {
    const first = state.items.findIndex((x) => x.status === "flagged");
    openItem(first < 0 ? 0 : first);
  }

  function wire() {
    $("reviewer").value = localStorage.getItem("digitizer.reviewer") || cfg.reviewer || "";
    $("reviewer").addEventListener("change", () => localStorage.setItem("digitizer.reviewer", reviewer()));
    ["f-doc", "f-rule", "f-max", "f-status", "f-sort"].forEach((id) => $(id).addEventListener("change", () => serial(loadQueue)));
    $("filters").addEventListener("submit", (ev) => ev.preventDefault());
    $("start").addEventListener("click", startReview);
    $("b-accept").addEventListener("click", () => serial(() => decide("accept")));
    $("i-suggestion").addEventListener("click", () => serial(() => decide("accept")));
    $("b-reject").addEventListener("click", () => serial(() => decide("reject")));
    $("b-edit").addEventListener("click", openEdit);
    $("b-skip").addEventListener("click", () => serial(skip));
    $("b-undo").addEventListener("click", () => serial(undo));
    $("b-prev").addEventListener("click", () => serial(() => move(-1)));
    $("b-next").addEventListener("click", () => serial(() => move(1)));
    $("edit-cancel").addEventListener("click", closeEdit);
    $("edit-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = $("edit-text").value.trim();
      if (!text) return;
      const learn = cfg.lexicon && $("learn").checked;
      closeEdit();
      serial(() => decide("edit", { text: text, learn: learn }));
    });
    $("g-accept").addEventListener("click", () => serial(() => decideGroup("accept")));
    $("g-reject").addEventListener("click", () => serial(() => decideGroup("reject")));
    $("g-prev").addEventListener("click", () => serial(async () => { state.gindex = Math.max(0, state.gindex - 1); await showGroup(); }));
    $("g-next").addEventListener("click", () => serial(async () => { state.gindex = Math.min(state.groups.length - 1, state.gindex + 1); await showGroup(); }));
    $("i-crop").addEventListener("error", () => { $("i-crop").hidden = true; $("i-nocrop").hidden = false; });
    $("i-crop").addEventListener("load", () => { $("i-crop").hidden = false; $("i-nocrop").hidden = true; });
    document.addEventListener("keydown", onKey);
    window.addEventListener("hashchange", () => serial(route));
  }

  wire();
  serial(loadMeta).then(() => serial(route));
})();
