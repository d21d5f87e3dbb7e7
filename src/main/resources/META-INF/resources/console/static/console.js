// Lead scoring console. Charts are declared by the server as ECharts options in a data-chart
// attribute (JSON, escaped like any other attribute); this file only draws them, so no script
// is ever built from data.
(function () {
  'use strict';
  var charts = [];

  function draw(root) {
    if (typeof echarts === 'undefined') {
      return;
    }
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      if (el.getAttribute('data-chart-ready')) {
        return;
      }
      var option = JSON.parse(el.getAttribute('data-chart'));
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      charts.push(chart);
      el.setAttribute('data-chart-ready', 'true');
    });
  }

  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:load', function (e) { draw(e.target); });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } });
  });
})();
