/* csvw_httpd.h — a small HTTP server for the CSVW test suite: serves a
 * folder on 127.0.0.1 under a URL path prefix, answers 404 for what is
 * not there, adds a test's Link header, and serves a site-wide
 * /.well-known/csvm. */
#ifndef SILA_CSVW_HTTPD_H
#define SILA_CSVW_HTTPD_H

typedef struct CsvwHttpd CsvwHttpd;

/* Starts serving `root` (a directory) for paths under `prefix` (e.g.
 * "/2013/csvw/tests/") on a free port of 127.0.0.1.  `well_known` (may be
 * NULL) is the body of /.well-known/csvm.  NULL on failure. */
CsvwHttpd *csvw_httpd_start(const char *root, const char *prefix, const char *well_known);
unsigned short csvw_httpd_port(const CsvwHttpd *h);
/* Answers requests for `path` (no query) with "Link: link"; NULLs clear it. */
void csvw_httpd_set_link(CsvwHttpd *h, const char *path, const char *link);
void csvw_httpd_stop(CsvwHttpd *h);

#endif
