/* query.js — starts YASGUI on the query page (/query) of `sila serve`.
 * The page carries its settings in <script id="sila-query-config">: the
 * endpoint (/sparql), the query to show and the prefixes of the national
 * ontologies.  Without YASGUI (or without JavaScript) the page keeps its
 * plain form, which this script hides only once YASGUI is running. */
(function () {
  'use strict';
  var cfgEl = document.getElementById('sila-query-config');
  var el = document.getElementById('yasgui');
  if (!cfgEl || !el || typeof window.Yasgui !== 'function') return;
  var cfg;
  try {
    cfg = JSON.parse(cfgEl.textContent);
  } catch (e) {
    return;
  }
  var endpoint = new URL(cfg.endpoint || '/sparql', window.location.href).href;
  var yasgui;
  try {
    yasgui = new window.Yasgui(el, {
      requestConfig: { endpoint: endpoint, method: 'POST' },
      copyEndpointOnNewTab: true,
      // The page's query wins over whatever an earlier visit stored.
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: {
        getData: function () {
          return [{ endpoint: endpoint, label: 'Sila' }];
        }
      },
      yasqe: { value: cfg.query, resizeable: true, editorHeight: '320px' }
    });
  } catch (e) {
    if (window.console) console.error('YASGUI did not start:', e);
    return;
  }
  var tab = yasgui.getTab();
  if (tab) {
    tab.setEndpoint && tab.setEndpoint(endpoint);
    tab.setQuery(cfg.query);
    var yasqe = tab.getYasqe && tab.getYasqe();
    if (yasqe && cfg.prefixes && yasqe.addPrefixes) yasqe.addPrefixes(cfg.prefixes);
  }
  var form = document.getElementById('modulo');
  if (form) form.hidden = true;
  window.silaYasgui = yasgui; /* for the browser test and the console */
})();
