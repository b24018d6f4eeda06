/* home.js — the home page's theme filters: a theme button shows only the
 * datasets of that theme (the links work without JavaScript too: they
 * reach the list of each theme further down). */
(function () {
  'use strict';
  var buttons = document.querySelectorAll('a.sila-tema');
  var cards = document.querySelectorAll('#elenco-dataset .sila-dataset');
  if (!buttons.length || !cards.length) return;
  document.querySelectorAll('.sila-tema-sez').forEach(function (s) { s.hidden = true; });
  buttons.forEach(function (b) {
    b.setAttribute('role', 'button');
    b.setAttribute('aria-pressed', String(!b.getAttribute('data-tema')));
    b.addEventListener('click', function (ev) {
      ev.preventDefault();
      var tema = b.getAttribute('data-tema');
      buttons.forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
      cards.forEach(function (c) {
        c.hidden = !!tema && (' ' + c.getAttribute('data-temi') + ' ').indexOf(' ' + tema + ' ') < 0;
      });
    });
  });
})();
