/* map.js — Leaflet maps of `sila serve`'s pages.  A resource page has
 * <div id="mappa" data-lat data-lon data-label>; a dataset page has
 * <div id="mappa" data-points="ID"> with the points in <script
 * type="application/json" id="ID"> as [lat, lon, label, path], shown as
 * clustered markers (Leaflet.markercluster, when present) with popups that
 * link to each resource's page.  The tiles come from data-tiles (a server
 * setting, OpenStreetMap's by default) credited with data-attribution. */
(function () {
  'use strict';
  var el = document.getElementById('mappa');
  if (!el || typeof window.L === 'undefined') return;
  var L = window.L;
  /* Leaflet finds its marker images relative to its own script. */
  L.Icon.Default.imagePath = '/static/leaflet/images/';
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.getAttribute('data-tiles') || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19,
    attribution: el.getAttribute('data-attribution') || ''
  }).addTo(map);
  function popup(label, path) {
    var a = document.createElement(path ? 'a' : 'span');
    if (path) a.href = path;
    a.textContent = label;
    return a;
  }
  var pointsId = el.getAttribute('data-points');
  if (pointsId) {
    var pts = [];
    try {
      pts = JSON.parse(document.getElementById(pointsId).textContent);
    } catch (e) {
      return;
    }
    var layer = typeof L.markerClusterGroup === 'function'
      ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    pts.forEach(function (p) {
      var m = L.marker([p[0], p[1]], { alt: p[2], title: p[2] });
      m.bindPopup(popup(p[2], p[3]));
      layer.addLayer(m);
    });
    map.addLayer(layer);
    if (pts.length) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 14 });
    else map.setView([39.0, 16.5], 8);
    window.silaMap = { map: map, layer: layer, count: pts.length };
    return;
  }
  var lat = parseFloat(el.getAttribute('data-lat'));
  var lon = parseFloat(el.getAttribute('data-lon'));
  if (!isFinite(lat) || !isFinite(lon)) return;
  map.setView([lat, lon], 15);
  var label = el.getAttribute('data-label') || '';
  var marker = L.marker([lat, lon], { alt: label });
  marker.addTo(map);
  if (label) marker.bindPopup(popup(label, null));
})();
