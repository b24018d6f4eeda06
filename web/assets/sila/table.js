/* table.js — the dataset page's preview table and resource lists: pages of
 * data-per-page rows with "precedente/successiva" buttons, and the table
 * sortable by any column (numbers written the Italian way, 1.234,5, sort
 * as numbers).  Without JavaScript the page shows all the rows it has. */
(function () {
  'use strict';
  function pager(container, items, perPage, label) {
    var page = 0;
    var nav = document.createElement('nav');
    nav.className = 'sila-pager my-2';
    nav.setAttribute('aria-label', label);
    var prev = document.createElement('button');
    var next = document.createElement('button');
    var info = document.createElement('span');
    prev.type = next.type = 'button';
    prev.className = next.className = 'btn btn-outline-primary btn-sm me-2';
    prev.textContent = '« Precedenti';
    next.textContent = 'Successive »';
    info.className = 'me-2';
    info.setAttribute('aria-live', 'polite');
    nav.appendChild(prev);
    nav.appendChild(info);
    nav.appendChild(next);
    container.parentNode.insertBefore(nav, container.nextSibling);
    function show() {
      var list = items();
      var pages = Math.max(1, Math.ceil(list.length / perPage));
      if (page >= pages) page = pages - 1;
      list.forEach(function (el, i) {
        el.hidden = Math.floor(i / perPage) !== page;
      });
      info.textContent = 'Pagina ' + (page + 1) + ' di ' + pages;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      nav.hidden = pages < 2;
    }
    prev.addEventListener('click', function () { page--; show(); });
    next.addEventListener('click', function () { page++; show(); });
    show();
    return { show: show, first: function () { page = 0; show(); } };
  }

  function num(s) {
    var t = s.replace(/\s/g, '');
    if (/^-?[\d.]*,\d+$/.test(t) || /^-?\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
    var v = parseFloat(t);
    return isNaN(v) ? null : v;
  }

  document.querySelectorAll('table.sila-table').forEach(function (table) {
    var tbody = table.tBodies[0];
    var rows = function () { return Array.prototype.slice.call(tbody.rows); };
    var per = parseInt(table.getAttribute('data-per-page'), 10) || 10;
    var p = pager(table.parentNode.classList.contains('table-responsive') ? table.parentNode : table,
      rows, per, 'Pagine della tabella');
    var ths = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    ths.forEach(function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      th.setAttribute('aria-sort', 'none');
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        ths.forEach(function (o) { o.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var isNum = th.getAttribute('data-kind') === 'num';
        var sorted = rows().sort(function (a, c) {
          var x = a.cells[col] ? a.cells[col].textContent : '';
          var y = c.cells[col] ? c.cells[col].textContent : '';
          var r;
          if (isNum) {
            var nx = num(x), ny = num(y);
            r = nx === null ? (ny === null ? 0 : 1) : ny === null ? -1 : nx - ny;
          } else {
            r = x.localeCompare(y, 'it');
          }
          return asc ? r : -r;
        });
        sorted.forEach(function (r) { tbody.appendChild(r); });
        p.first();
      });
    });
  });

  document.querySelectorAll('ul.sila-list').forEach(function (ul) {
    var per = parseInt(ul.getAttribute('data-per-page'), 10) || 10;
    pager(ul, function () { return Array.prototype.slice.call(ul.children); }, per,
      'Pagine dell\'elenco');
  });
})();
