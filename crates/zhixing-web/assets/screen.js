// The big screen: a 1920×1080 layout scaled to fit the window, tiles drawn with ECharts at devicePixelRatio 2,
// refreshed from the snapshots the server pushes over SSE (/command/events).
(function () {
  "use strict";
  var screen = document.getElementById("screen");
  if (!screen) return;
  var TEXT = "#e6edf7", AXIS = "#8aa4c8", BAR = "#38bdf8", WARN = "#fb923c";

  function fit() {
    var scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    screen.style.transform = "scale(" + scale + ")";
  }
  window.addEventListener("resize", fit);
  fit();

  function chart(id) {
    var el = document.getElementById(id);
    return window.echarts ? window.echarts.init(el, null, { devicePixelRatio: 2, renderer: "canvas" }) : null;
  }
  var nodes = chart("chart-nodes"), overdue = chart("chart-overdue");

  function bars(c, names, values, color) {
    if (!c) return;
    c.setOption({
      animation: false,
      grid: { left: 8, right: 48, top: 10, bottom: 30, containLabel: true },
      xAxis: { type: "value", axisLabel: { color: AXIS, fontSize: 16 }, splitLine: { lineStyle: { color: "#1e3a5f" } } },
      yAxis: { type: "category", data: names, axisLabel: { color: TEXT, fontSize: 16, width: 170, overflow: "truncate" } },
      series: [{ type: "bar", data: values, itemStyle: { color: color }, label: { show: true, position: "right", color: TEXT, fontSize: 16 } }]
    });
  }

  function localTime(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
  }

  function draw(s) {
    var kpis = {
      received_today: s.total.received_today, closed_today: s.total.closed_today,
      received_year: s.total.received_year, closed_year: s.total.closed_year,
      shixin_public: s.credit.shixin_public, shixin_year: s.credit.shixin_year,
      xiaofei_public: s.credit.xiaofei_public, xiaofei_year: s.credit.xiaofei_year,
      in_library: s.library.in_library, resumed: s.library.resumed,
      rounds_answered: s.library.rounds_answered, rounds_found: s.library.rounds_found,
      shixin_removed_year: s.credit.shixin_removed_year, xiaofei_lifted_year: s.credit.xiaofei_lifted_year,
      ending_7: s.freezes.ending_7, ending_30: s.freezes.ending_30, freezes_in_force: s.freezes.in_force,
      sent_today: s.sent_today
    };
    Object.keys(kpis).forEach(function (k) {
      var el = screen.querySelector('[data-kpi="' + k + '"]');
      if (el) el.textContent = String(kpis[k]);
    });
    var at = localTime(s.computed_at);
    document.getElementById("computed-at").textContent = at;
    screen.querySelectorAll("[data-stamp]").forEach(function (el) { el.textContent = at; });
    bars(nodes, s.by_node.map(function (n) { return n[0]; }), s.by_node.map(function (n) { return n[1]; }), BAR);
    var courts = s.courts.length ? s.courts : [s.total];
    // A court's name without the common suffix fits the axis ("杭州市西湖区人民法院" → "杭州市西湖区").
    bars(overdue, courts.map(function (c) { return c.name.replace(/人民法院$/, ""); }), courts.map(function (c) { return c.overdue_nodes; }), WARN);
    var net = document.getElementById("network");
    if (net) {
      net.innerHTML = "";
      s.network.forEach(function (p) {
        var li = document.createElement("li"), k = document.createElement("span"), v = document.createElement("b");
        k.textContent = p[0]; v.textContent = String(p[1]); li.appendChild(k); li.appendChild(v); net.appendChild(li);
      });
    }
    var quota = document.getElementById("quota");
    if (quota) {
      quota.innerHTML = "";
      s.quota.forEach(function (q) {
        var li = document.createElement("li"), k = document.createElement("span"), v = document.createElement("b");
        k.textContent = q.name; v.textContent = q.quota ? q.used + " / " + q.quota : String(q.used);
        li.appendChild(k); li.appendChild(v); quota.appendChild(li);
      });
      if (!s.quota.length) {
        var none = document.createElement("li"); none.textContent = "今日尚无查询"; quota.appendChild(none);
      }
    }
    screen.dataset.updated = s.computed_at;
  }

  var first = JSON.parse(document.getElementById("snapshot").textContent);
  draw(first);
  if (window.EventSource) {
    var source = new EventSource("/command/events?court=" + encodeURIComponent(screen.dataset.court));
    source.addEventListener("snapshot", function (e) { draw(JSON.parse(e.data)); });
  }
})();
