/* map.js — the Leaflet map of a resource page of `sila serve`: reads the
 * coordinates from <div id="mappa" data-lat data-lon data-label> and shows
 * OpenStreetMap tiles with a marker.  The page always has a plain link to
 * openstreetmap.org as well, so nothing is lost without JavaScript. */
(function () {
  'use strict';
  var el = document.getElementById('mappa');
  if (!el || typeof window.L === 'undefined') return;
  var lat = parseFloat(el.getAttribute('data-lat'));
  var lon = parseFloat(el.getAttribute('data-lon'));
  if (!isFinite(lat) || !isFinite(lon)) return;
  /* Leaflet finds its marker images relative to its own script. */
  window.L.Icon.Default.imagePath = '/static/leaflet/images/';
  var map = window.L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 15);
  window.L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);
  var marker = window.L.marker([lat, lon], { alt: el.getAttribute('data-label') || '' });
  marker.addTo(map);
  var label = el.getAttribute('data-label');
  if (label) marker.bindPopup(document.createTextNode(label));
})();
