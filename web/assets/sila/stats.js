// stats.js — draws the charts of /statistiche with Chart.js from the JSON
// beside each canvas (the same numbers are in the table after each chart).
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;
  var colours = ['#0066cc', '#008055', '#cc7a00', '#5c2f91', '#a30000', '#5c6f82'];
  function draw(canvasId, dataId, stacked) {
    var canvas = document.getElementById(canvasId);
    var data = document.getElementById(dataId);
    if (!canvas || !data) return;
    var d = JSON.parse(data.textContent);
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: d.labels.map(function (l) { return l === '*' ? '(query senza grafo)' : l; }),
        datasets: d.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: {
        animation: false,
        responsive: true,
        // counts: whole numbers on the axis (it showed 0,1 … 0,9 for one visit)
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  draw('chart-datasets', 'data-datasets', false);
  draw('chart-days', 'data-days', true);
})();
