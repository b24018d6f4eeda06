/* sila_inspect.h — what a steward's CSV looks like, before any JSON is
 * written: character set (libuchardet, checked against the bytes),
 * separator, quoting, header row, line ends, and per column its kind
 * (integer, decimal with a comma or a point, date and its format, code
 * with leading zeros, yes/no, text), empty cells and trailing spaces in
 * the header.  Then which template of vocabularies/templates/ fits the
 * headers best, and why.
 *
 * Used by `sila dataset new` (cli/cmd_dataset.c) and meant for the
 * publishing area of the portal: everything is returned in structures,
 * nothing is printed.  Not thread-hostile: no global state. */
#ifndef SILA_INSPECT_H
#define SILA_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_COL_EMPTY,    /* no value in any row */
  SILA_COL_INTEGER,  /* -12, 63.214 with group_char '.' */
  SILA_COL_DECIMAL,  /* 1,5 or 1.5 (decimal_char), maybe grouped */
  SILA_COL_DATE,     /* date_format: dd/MM/yy, dd/MM/yyyy, yyyy-MM-dd, ... */
  SILA_COL_DATETIME, /* date_format: yyyy-MM-dd HH:mm:ss, dd/MM/yyyy HH:mm */
  SILA_COL_CODE,     /* digits with leading zeros (ISTAT codes): text */
  SILA_COL_BOOLEAN,  /* bool_format: "Sì|No", "si|no", "true|false", ... */
  SILA_COL_TEXT
} SilaColumnKind;

typedef struct {
  char *title;        /* the header cell as written (UTF-8; owned) */
  char *name;         /* a CSVW column name made of it: lower case, [a-z0-9_] (owned) */
  bool title_spaces;  /* the title has leading/trailing spaces */
  SilaColumnKind kind;
  char decimal_char;  /* ',' or '.' (DECIMAL) */
  char group_char;    /* '.', ',' or 0 */
  char date_format[32];
  bool two_digit_year; /* yy in date_format: needs the twoDigitYearPivot extension */
  char bool_format[32];
  bool negative;      /* some values are negative */
  bool unique;        /* every row has a distinct, non-empty value */
  unsigned long filled, empty; /* cells with and without a value */
  char example[80];   /* the first value (cut at a character boundary) */
  /* TEXT columns: their distinct values, sorted (owned; NULL past
   * SILA_INSPECT_MAX_DISTINCT of them), e.g. to recognise municipalities */
  char **distinct;
  size_t ndistinct;
} SilaInspectColumn;

#define SILA_INSPECT_MAX_DISTINCT 5000

typedef struct {
  char *path;              /* the file inspected (owned) */
  char encoding[32];       /* for CSVW's dialect: "utf-8", "windows-1252", "iso-8859-1" */
  char detector[48];       /* what libuchardet said ("" = nothing) */
  bool bom;
  char delimiter;          /* ';' ',' '\t' '|' */
  bool quoted;             /* some fields are in double quotes */
  bool header;             /* the first row names the columns */
  bool crlf;               /* lines end with CR LF */
  bool final_newline;
  unsigned long rows;      /* data rows (blank rows not counted) */
  unsigned long blank_rows;   /* rows made only of separators or nothing */
  unsigned long ragged_rows;  /* rows with another number of cells than the header */
  unsigned long first_ragged; /* the first of them (1-based line of the file) */
  SilaInspectColumn *cols;
  size_t ncols;
  bool truncated;          /* only the first SILA_INSPECT_MAX_BYTES were read */
} SilaInspection;

#define SILA_INSPECT_MAX_BYTES (256u << 20)

/* Inspects the CSV at `path`.  Returns SILA_OK and a new *out (free with
 * sila_inspection_free), or SILA_ERR_NOT_FOUND / SILA_ERR_IO (unreadable),
 * SILA_ERR_SYNTAX (empty, or not text: NUL bytes), SILA_ERR_UNSUPPORTED (a
 * character set iconv cannot read), SILA_ERR_NOMEM; err gets the reason. */
SilaStatus sila_inspect_csv(const char *path, SilaInspection **out, SilaError *err);
void sila_inspection_free(SilaInspection *in);

/* A short Italian-free English description of a column's kind, e.g.
 * "decimal (decimal comma, '.' groups)"; into buf, returned. */
char *sila_inspect_describe(const SilaInspectColumn *c, char *buf, size_t size);

/* How well a template of vocabularies/templates/ fits the headers. */
typedef struct {
  char name[64];        /* "statistics" (file statistics.csv-metadata.json) */
  char path[1024];      /* the template's metadata */
  double score;         /* 0..1: matched template columns / template columns, less
                           a penalty for required ones missing */
  unsigned matched, columns, required_missing;
  char why[1024];       /* "COMUNE = comune, DATA RIFERIMENTO = data; missing: ..." */
  /* per CSV column: the index of the template column it matched, or -1 */
  int *match;           /* ncols entries (owned) */
} SilaTemplateMatch;

/* Scores every template of `templates_dir` against `in`, best first.
 * Returns SILA_OK with *matches (free with sila_template_matches_free) and
 * *n (0 when the folder holds none), or SILA_ERR_NOT_FOUND / SILA_ERR_NOMEM. */
SilaStatus sila_inspect_match_templates(const SilaInspection *in, const char *templates_dir,
                                        SilaTemplateMatch **matches, size_t *n, SilaError *err);
void sila_template_matches_free(SilaTemplateMatch *m, size_t n);

/* Folds a title for matching: lower case, accents and punctuation gone,
 * '_' and '-' as spaces, spaces collapsed.  New string or NULL (OOM). */
char *sila_inspect_fold(const char *s);

#ifdef __cplusplus
}
#endif
#endif
