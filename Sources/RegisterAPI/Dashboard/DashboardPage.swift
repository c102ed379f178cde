/// The dashboard at `/dashboard`: one self-contained page (HTML, CSS, JS; no build step, no
/// third-party code) that reads the documented JSON routes with the visitor's API key
/// (`POST /list/miners`, `/list/pog_history`, `/list/allocations_sql`) and listens on the
/// WebSocket `/connect` for live updates. The key comes from the page's `#key=` fragment (never
/// sent to the server in a URL) or a form, and stays in the browser's localStorage. Every value
/// is inserted as text, never as HTML.
enum DashboardPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>NI Compute dashboard</title>
        <style>
          :root { --bg: #0f1419; --panel: #182029; --text: #e6e9ec; --muted: #8a96a3; --ok: #3fb950; --bad: #f85149; --accent: #58a6ff; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; background: var(--bg); color: var(--text); }
          header { display: flex; gap: 1.5rem; align-items: baseline; padding: 1rem 1.5rem; border-bottom: 1px solid #26303b; }
          header h1 { font-size: 1.2rem; margin: 0; }
          .muted { color: var(--muted); }
          main { padding: 1rem 1.5rem; display: grid; gap: 1.25rem; }
          section { background: var(--panel); border-radius: 8px; padding: 1rem; overflow-x: auto; }
          h2 { font-size: 1rem; margin: 0 0 .75rem; }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #26303b; white-space: nowrap; }
          th { color: var(--muted); font-weight: 600; }
          tr.miner { cursor: pointer; }
          tr.miner:hover, tr.selected { background: #1f2a36; }
          .passed { color: var(--ok); } .failed { color: var(--bad); }
          .pill { padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; border: 1px solid currentColor; }
          .live { color: var(--ok); } .down { color: var(--bad); }
          code { font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
          form { display: flex; gap: .5rem; } input { flex: 1; padding: .4rem; background: #0b0f13; color: var(--text); border: 1px solid #26303b; border-radius: 4px; }
          button { padding: .4rem .8rem; background: var(--accent); color: #0b0f13; border: 0; border-radius: 4px; cursor: pointer; }
          svg text { fill: var(--muted); font-size: 10px; }
        </style>
        </head>
        <body>
        <header>
          <h1>NI Compute</h1>
          <span>subnet <b id="netuid">–</b></span>
          <span>block <b id="block">–</b></span>
          <span id="socket" class="down">offline</span>
          <span id="updated" class="muted"></span>
        </header>
        <main>
          <section id="login" hidden>
            <h2>API key</h2>
            <form id="key-form"><input id="key-input" placeholder="nic_…  (nicompute api keys create --name you)" autocomplete="off"><button>Open</button></form>
            <p class="muted">The key stays in this browser. Devnet prints a link that carries it.</p>
          </section>
          <section>
            <h2>Miners <span class="muted" id="miner-count"></span></h2>
            <table>
              <thead><tr><th>uid</th><th>hotkey</th><th>device</th><th>count</th><th>score</th><th>incentive</th><th>state</th><th>last Proof-of-GPU</th><th>history</th></tr></thead>
              <tbody id="miners"><tr><td colspan="9" class="muted">loading…</td></tr></tbody>
            </table>
          </section>
          <section>
            <h2>Proof-of-GPU history <span class="muted" id="history-of">(select a miner)</span></h2>
            <div id="history"></div>
          </section>
          <section>
            <h2>Your allocations</h2>
            <table>
              <thead><tr><th>hotkey</th><th>resource</th><th>ssh</th><th>uuid_key</th></tr></thead>
              <tbody id="allocations"><tr><td colspan="4" class="muted">loading…</td></tr></tbody>
            </table>
          </section>
        </main>
        <script>
        "use strict";
        const state = { key: null, selected: null, selectedUID: null, histories: new Map() };

        function readKey() {
          const fragment = new URLSearchParams(location.hash.slice(1)).get("key");
          if (fragment) { localStorage.setItem("nicompute.key", fragment); window.history.replaceState(null, "", location.pathname); }
          return localStorage.getItem("nicompute.key");
        }

        async function post(path) {
          const response = await fetch(path, { method: "POST", headers: { "Authorization": "Bearer " + state.key } });
          if (response.status === 401) { showLogin("That key was refused."); throw new Error("unauthorized"); }
          return { status: response.status, body: await response.json() };
        }

        function cell(row, text, className) {
          const td = document.createElement("td");
          td.textContent = text;
          if (className) td.className = className;
          row.appendChild(td);
          return td;
        }

        function ago(iso) {
          const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
          if (seconds < 90) return Math.round(seconds) + " s ago";
          if (seconds < 5400) return Math.round(seconds / 60) + " min ago";
          return Math.round(seconds / 3600) + " h ago";
        }

        function sparkline(results, width, height) {
          const ns = "http://www.w3.org/2000/svg";
          const svg = document.createElementNS(ns, "svg");
          svg.setAttribute("width", width); svg.setAttribute("height", height);
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", results.length + " Proof-of-GPU results");
          if (results.length === 0) return svg;
          const top = Math.max(1, ...results.map(r => r.score));
          const step = results.length > 1 ? (width - 8) / (results.length - 1) : 0;
          const points = results.map((r, i) => [4 + i * step, height - 4 - (r.score / top) * (height - 8)]);
          const line = document.createElementNS(ns, "polyline");
          line.setAttribute("points", points.map(p => p.join(",")).join(" "));
          line.setAttribute("fill", "none"); line.setAttribute("stroke", "#58a6ff"); line.setAttribute("stroke-width", "1.5");
          svg.appendChild(line);
          results.forEach((r, i) => {
            const dot = document.createElementNS(ns, "circle");
            dot.setAttribute("cx", points[i][0]); dot.setAttribute("cy", points[i][1]); dot.setAttribute("r", height > 40 ? 4 : 2.5);
            dot.setAttribute("fill", r.result === "passed" ? "#3fb950" : "#f85149");
            const title = document.createElementNS(ns, "title");
            title.textContent = r.at + " " + r.result + (r.reason ? ": " + r.reason : "") + " score " + r.score.toFixed(2);
            dot.appendChild(title);
            svg.appendChild(dot);
          });
          return svg;
        }

        async function loadHistory(hotkey) {
          const answer = await post("/list/pog_history?limit=60&hotkey=" + encodeURIComponent(hotkey));
          const results = answer.status === 200 ? answer.body.data : [];
          state.histories.set(hotkey, results);
          return results;
        }

        async function showHistory(hotkey, uid) {
          state.selected = hotkey;
          state.selectedUID = uid;
          document.getElementById("history-of").textContent = "uid " + uid + " · " + hotkey;
          const results = await loadHistory(hotkey);
          const box = document.getElementById("history");
          box.replaceChildren(sparkline(results, Math.min(900, box.clientWidth || 900), 160));
          const list = document.createElement("p");
          list.className = "muted";
          const failures = results.filter(r => r.result === "failed");
          list.textContent = results.length + " results, " + failures.length + " failed" +
            (failures.length ? " (last: " + (failures[failures.length - 1].reason || "") + ")" : "");
          box.appendChild(list);
          document.querySelectorAll("tr.miner").forEach(row => row.classList.toggle("selected", row.dataset.hotkey === hotkey));
        }

        async function refreshMiners() {
          const answer = await post("/list/miners");
          const miners = answer.body.data || [];
          document.getElementById("block").textContent = answer.body.block;
          document.getElementById("netuid").textContent = answer.body.netuid;
          document.getElementById("miner-count").textContent = "(" + miners.length + ")";
          const body = document.getElementById("miners");
          const rows = [];
          for (const miner of miners) {
            const row = document.createElement("tr");
            row.className = "miner";
            row.dataset.hotkey = miner.hotkey;
            cell(row, miner.uid);
            const key = cell(row, miner.hotkey.slice(0, 10) + "…");
            key.title = miner.hotkey;
            cell(row, miner.device || "not verified", miner.device ? "" : "muted");
            cell(row, miner.count);
            cell(row, String(Number(miner.score.toPrecision(3))));
            cell(row, String(Number(miner.incentive.toPrecision(3))));
            cell(row, miner.allocated ? "allocated" : "free");
            const last = miner.last_pog;
            cell(row, last ? last.result + (last.reason ? " — " + last.reason : "") + " · " + ago(last.at) : "not tested yet",
                 last ? last.result : "muted");
            const chart = cell(row, "");
            if (rows.length < 64) {
              loadHistory(miner.hotkey).then(results => chart.replaceChildren(sparkline(results, 140, 28))).catch(() => {});
            }
            row.addEventListener("click", () => showHistory(miner.hotkey, miner.uid));
            rows.push(row);
          }
          if (rows.length === 0) {
            const row = document.createElement("tr");
            cell(row, "no miner serves an axon yet", "muted").colSpan = 9;
            rows.push(row);
          }
          body.replaceChildren(...rows);
          if (state.selected) showHistory(state.selected, state.selectedUID);
          else if (miners.length > 0) showHistory(miners[0].hotkey, miners[0].uid);
        }

        async function refreshAllocations() {
          const answer = await post("/list/allocations_sql");
          const body = document.getElementById("allocations");
          const rows = [];
          for (const rental of (answer.status === 200 ? answer.body.data : [])) {
            const row = document.createElement("tr");
            cell(row, rental.hotkey.slice(0, 10) + "…").title = rental.hotkey;
            cell(row, rental.resource);
            const ssh = cell(row, "");
            const code = document.createElement("code");
            code.textContent = rental.ssh_command;
            ssh.appendChild(code);
            cell(row, rental.uuid_key);
            rows.push(row);
          }
          if (rows.length === 0) {
            const row = document.createElement("tr");
            cell(row, "none — allocate with POST /service/allocate_spec", "muted").colSpan = 4;
            rows.push(row);
          }
          body.replaceChildren(...rows);
        }

        async function refresh() {
          try {
            await Promise.all([refreshMiners(), refreshAllocations()]);
            document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
          } catch (error) {
            document.getElementById("updated").textContent = "update failed: " + error.message;
          }
        }

        function connect() {
          const scheme = location.protocol === "https:" ? "wss://" : "ws://";
          const socket = new WebSocket(scheme + location.host + "/connect", ["nicompute.v1", "nicompute.key." + state.key]);
          const status = document.getElementById("socket");
          socket.onopen = () => { status.textContent = "live"; status.className = "live"; };
          socket.onmessage = event => {
            const message = JSON.parse(event.data);
            if (message.type === "allocation") refresh();
          };
          socket.onclose = () => { status.textContent = "offline, reconnecting"; status.className = "down"; setTimeout(connect, 5000); };
        }

        function showLogin(message) {
          document.getElementById("login").hidden = false;
          if (message) document.getElementById("key-input").placeholder = message;
        }

        document.getElementById("key-form").addEventListener("submit", event => {
          event.preventDefault();
          localStorage.setItem("nicompute.key", document.getElementById("key-input").value.trim());
          location.reload();
        });

        state.key = readKey();
        if (!state.key) {
          showLogin();
        } else {
          refresh();
          connect();
          setInterval(refresh, 10000);
        }
        </script>
        </body>
        </html>
        """#
}
