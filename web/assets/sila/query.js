/* query.js — starts YASGUI on the query page (/query) of `sila serve`.
 * The page carries its settings in <script id="sila-query-config">: the
 * endpoint (/sparql), the site's base IRI, the query to show and the
 * prefixes of the national ontologies.  Without YASGUI (or without
 * JavaScript) the page keeps its plain form, which this script hides only
 * once YASGUI is running.
 *
 * Besides starting it: YASGUI's interface in Italian (its visible strings
 * replaced as they appear), links in results to this site's own pages,
 * two result views of our own (a bar chart, and a map when the results
 * hold coordinates), and labels for its unlabelled controls. */
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
  var base = cfg.base || '';

  /* ---- Italian ---- */
  var words = {
    'Query': 'Query', 'Settings': 'Impostazioni', 'Request method': 'Metodo della richiesta',
    'Accept Headers': 'Formati accettati (Accept)', 'Ask / Select': 'ASK / SELECT',
    'Construct / Describe': 'CONSTRUCT / DESCRIBE', 'Arguments': 'Parametri',
    'Header Arguments': 'Intestazioni', 'Default Graphs': 'Grafi predefiniti',
    'Named Graphs': 'Grafi con nome', 'Table': 'Tabella', 'Response': 'Risposta',
    'Simple view': 'Vista semplice', 'Ellipse': 'Abbrevia', 'Page size:': 'Righe per pagina:',
    'All': 'Tutte', 'Close tab': 'Chiudi la scheda', 'Add tab': 'Nuova scheda',
    'Add a new tab': 'Apri una nuova scheda', 'Open settings': 'Apri le impostazioni',
    'Clear endpoint': 'Cancella l\'endpoint', 'Share query': 'Condividi la query',
    'Run query': 'Esegui la query', 'Shows Table view': 'Mostra la tabella',
    'Shows Response view': 'Mostra la risposta', 'Filter query results': 'Filtra i risultati',
    'Download result': 'Scarica i risultati', 'Download Results': 'Scarica i risultati',
    'View documentation of Table': 'Documentazione della tabella',
    'View documentation of Response': 'Documentazione della risposta',
    'pagination': 'paginazione', 'First': 'Prima', 'Previous': 'Precedente', 'Next': 'Successiva',
    'Last': 'Ultima', 'Close': 'Chiudi', 'Cancel': 'Annulla', 'Save': 'Salva', 'OK': 'OK',
    'Copy to clipboard': 'Copia negli appunti', 'Shorten': 'Accorcia',
    'Query is being executed': 'Query in esecuzione', 'Loading': 'Caricamento',
    'Chart': 'Grafico', 'Map': 'Mappa', 'Show all': 'Mostra tutto',
    'No results': 'Nessun risultato', 'Clear': 'Cancella', 'Show less': 'Mostra meno',
    'Error': 'Errore', 'Hide': 'Nascondi', 'Show': 'Mostra', 'More': 'Altro'
  };
  var patterns = [
    [/^(\d+) results? in ([\d.]+) seconds?$/, function (m) {
      return m[1] + (m[1] === '1' ? ' risultato' : ' risultati') + ' in ' +
        m[2].replace('.', ',') + ' secondi';
    }],
    [/^Showing (\d+) to (\d+) of (\d+) entries$/, function (m) {
      return 'Righe da ' + m[1] + ' a ' + m[2] + ' di ' + m[3];
    }],
    [/^Showing 0 to 0 of 0 entries$/, function () { return 'Nessuna riga'; }],
    [/^\(filtered from (\d+) total entries\)$/, function (m) {
      return '(filtrate da ' + m[1] + ')';
    }],
    [/^Shows (.*) view$/, function (m) { return 'Mostra: ' + (words[m[1]] || m[1]); }],
    [/^(.*): Activate to sort$/, function (m) { return m[1] + ': attiva per ordinare'; }],
    [/^(\d+) results?$/, function (m) {
      return m[1] + (m[1] === '1' ? ' risultato' : ' risultati');
    }]
  ];
  function italian(s) {
    var t = s.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(words, t)) return words[t] === t ? null : s.replace(t, words[t]);
    for (var i = 0; i < patterns.length; i++) {
      var m = t.match(patterns[i][0]);
      if (m) return s.replace(t, patterns[i][1](m));
    }
    return null;
  }
  var ATTRS = ['title', 'placeholder', 'aria-label'];
  function translate(root) {
    if (root.nodeType === 3) {
      if (root.parentElement && root.parentElement.closest('.CodeMirror-lines, tbody')) return;
      var r = italian(root.nodeValue);
      if (r !== null && r !== root.nodeValue) root.nodeValue = r;
      return;
    }
    if (root.nodeType !== 1 || root.closest('.CodeMirror-lines')) return;
    ATTRS.forEach(function (a) {
      var v = root.getAttribute(a);
      var r = v && italian(v);
      if (r && r !== v) root.setAttribute(a, r);
    });
    for (var c = root.firstChild; c; c = c.nextSibling) translate(c);
  }
  /* controls YASGUI leaves without a name, a tab list of one query */
  function fixControls() {
    el.querySelectorAll('.CodeMirror textarea').forEach(function (t) {
      if (!t.getAttribute('aria-label')) t.setAttribute('aria-label', 'Testo della query SPARQL');
    });
    el.querySelectorAll('select:not([aria-label])').forEach(function (i) {
      if (!(i.labels && i.labels.length)) i.setAttribute('aria-label', 'Righe per pagina');
    });
    el.querySelectorAll('input:not([aria-label])').forEach(function (i) {
      if (!(i.labels && i.labels.length))
        i.setAttribute('aria-label', i.closest('.autocomplete') ? 'Indirizzo dell\'endpoint SPARQL' : 'Valore');
    });
    el.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach(function (s) {
      s.setAttribute('tabindex', '0'); /* a scrolling region the keyboard can reach */
      s.setAttribute('aria-label', 'Editor della query');
    });
  }
  var observer = new MutationObserver(function (list) {
    observer.disconnect();
    list.forEach(function (m) {
      if (m.type === 'characterData') translate(m.target);
      else if (m.type === 'attributes') translate(m.target);
      else m.addedNodes.forEach(translate);
    });
    fixControls();
    rewriteLinks();
    watch();
  });
  function watch() {
    observer.observe(el, { subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ATTRS });
  }

  /* ---- links to this site's pages ---- */
  function localPath(iri) {
    if (!base || iri.indexOf(base + '/') !== 0) return null;
    var rest = iri.slice(base.length);
    if (rest.indexOf('/id/') === 0) return '/doc/' + rest.slice(4);
    return rest;
  }
  function rewriteLinks() {
    el.querySelectorAll('.yasr a[href]').forEach(function (a) {
      var p = localPath(a.getAttribute('href'));
      if (p) {
        a.setAttribute('href', p);
        a.removeAttribute('target');
      }
    });
  }

  /* ---- result views of our own ---- */
  function rows(yasr) {
    var r = yasr.results;
    if (!r || !r.getVariables || !r.getBindings) return null;
    return { vars: r.getVariables() || [], bindings: r.getBindings() || [] };
  }
  function isNum(b) {
    return b && b.type !== 'uri' && b.value !== '' && isFinite(Number(b.value));
  }
  function coordVars(d) {
    var lat = null, lon = null;
    d.vars.forEach(function (v) {
      if (!lat && /^(lat|latitud)/i.test(v)) lat = v;
      if (!lon && /^(long|lon|lng)/i.test(v)) lon = v;
    });
    if (!lat || !lon || !d.bindings.length) return null;
    var ok = d.bindings.some(function (b) { return isNum(b[lat]) && isNum(b[lon]); });
    return ok ? { lat: lat, lon: lon } : null;
  }
  function icon(text) {
    var s = document.createElement('span');
    s.textContent = text;
    s.setAttribute('aria-hidden', 'true');
    return s;
  }
  function label(d, b) {
    for (var i = 0; i < d.vars.length; i++) {
      var x = b[d.vars[i]];
      if (x && x.type === 'literal' && !isNum(x)) return x.value;
    }
    return '';
  }
  function link(d, b) {
    for (var i = 0; i < d.vars.length; i++) {
      var x = b[d.vars[i]];
      if (x && x.type === 'uri') return localPath(x.value) || x.value;
    }
    return null;
  }

  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.label = 'Grafico';
    this.priority = 2;
  }
  ChartPlugin.prototype.numVar = function (d) {
    for (var i = 0; i < d.vars.length; i++) {
      var v = d.vars[i];
      if (d.bindings.length && d.bindings.every(function (b) { return !b[v] || isNum(b[v]); }) &&
          d.bindings.some(function (b) { return isNum(b[v]); })) return v;
    }
    return null;
  };
  ChartPlugin.prototype.canHandleResults = function () {
    var d = rows(this.yasr);
    return !!(d && d.vars.length >= 2 && this.numVar(d));
  };
  ChartPlugin.prototype.getIcon = function () { return icon('▇'); };
  ChartPlugin.prototype.draw = function () {
    var d = rows(this.yasr);
    var nv = this.numVar(d);
    var lv = d.vars.filter(function (v) { return v !== nv; })[0];
    var data = d.bindings.slice(0, 50).map(function (b) {
      var l = b[lv] ? b[lv].value : '';
      return { label: (b[lv] && b[lv].type === 'uri' ? l.replace(/^.*[\/#]/, '') : l) || '—',
        value: isNum(b[nv]) ? Number(b[nv].value) : 0 };
    });
    var max = Math.max.apply(null, data.map(function (x) { return Math.abs(x.value); }).concat([1]));
    var fig = document.createElement('figure');
    fig.className = 'sila-grafico';
    var cap = document.createElement('figcaption');
    cap.textContent = nv + ' per ' + lv + (d.bindings.length > 50 ? ' (prime 50 righe)' : '');
    fig.appendChild(cap);
    var table = document.createElement('div');
    table.setAttribute('role', 'list');
    data.forEach(function (x) {
      var row = document.createElement('div');
      row.setAttribute('role', 'listitem');
      row.className = 'sila-barra';
      var name = document.createElement('span');
      name.className = 'sila-barra-nome';
      name.textContent = x.label;
      var bar = document.createElement('span');
      bar.className = 'sila-barra-valore';
      bar.style.width = (Math.abs(x.value) / max * 100).toFixed(1) + '%';
      var num = document.createElement('span');
      num.className = 'sila-barra-numero';
      num.textContent = x.value.toLocaleString('it-IT');
      row.appendChild(name);
      row.appendChild(bar);
      row.appendChild(num);
      table.appendChild(row);
    });
    fig.appendChild(table);
    this.yasr.resultsEl.appendChild(fig);
  };

  function MapPlugin(yasr) {
    this.yasr = yasr;
    this.label = 'Mappa';
    this.priority = 3;
  }
  MapPlugin.prototype.canHandleResults = function () {
    var d = rows(this.yasr);
    return !!(d && typeof window.L !== 'undefined' && coordVars(d));
  };
  MapPlugin.prototype.getIcon = function () { return icon('⌖'); };
  MapPlugin.prototype.draw = function () {
    var L = window.L;
    var d = rows(this.yasr);
    var cv = coordVars(d);
    var div = document.createElement('div');
    div.className = 'mappa';
    div.id = 'mappa-risultati';
    div.setAttribute('role', 'region');
    div.setAttribute('aria-label', 'Mappa dei risultati');
    this.yasr.resultsEl.appendChild(div);
    var tiles = cfg.tiles || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    var map = L.map(div, { scrollWheelZoom: false });
    L.tileLayer(tiles, { maxZoom: 19, attribution: cfg.attribution || '' }).addTo(map);
    var layer = typeof L.markerClusterGroup === 'function'
      ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    var n = 0;
    L.Icon.Default.imagePath = '/static/leaflet/images/';
    d.bindings.forEach(function (b) {
      if (!isNum(b[cv.lat]) || !isNum(b[cv.lon])) return;
      var text = label(d, b) || 'Risultato';
      var m = L.marker([Number(b[cv.lat].value), Number(b[cv.lon].value)], { alt: text, title: text });
      var href = link(d, b);
      var p = document.createElement(href ? 'a' : 'span');
      if (href) p.href = href;
      p.textContent = text;
      m.bindPopup(p);
      layer.addLayer(m);
      n++;
    });
    map.addLayer(layer);
    if (n) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 14 });
    window.silaResultMap = { map: map, count: n };
  };

  var Yasr = window.Yasgui.Yasr || (window.Yasr);
  if (Yasr && Yasr.registerPlugin) {
    Yasr.registerPlugin('grafico', ChartPlugin);
    Yasr.registerPlugin('mappa', MapPlugin);
  }

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
    /* the query itself in view, the cursor on it: the editor showed only the
       first of its two dozen PREFIX lines (they are listed below the editor) */
    if (yasqe && yasqe.lineCount && yasqe.setCursor) {
      for (var i = 0, n = yasqe.lineCount(); i < n; i++) {
        var line = yasqe.getLine(i);
        if (line && !/^\s*(PREFIX|BASE)\b/i.test(line)) {
          if (i > 0) {
            yasqe.setCursor({ line: i, ch: 0 });
            yasqe.scrollIntoView({ line: Math.min(n - 1, i + 6), ch: 0 });
          }
          break;
        }
      }
    }
    var yasr = tab.getYasr && tab.getYasr();
    /* a result with coordinates opens on the map */
    if (yasr && yasr.on) yasr.on('drawn', function () { rewriteLinks(); });
  }
  translate(el);
  fixControls();
  watch();
  var form = document.getElementById('modulo');
  if (form) form.hidden = true;
  window.silaYasgui = yasgui; /* for the browser test and the console */
})();
