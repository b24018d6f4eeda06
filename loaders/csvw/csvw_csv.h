/* csvw_csv.h — the CSVW dialect and a streaming reader of tabular data.
 *
 * The reader follows "Parsing Tabular Data" of the CSVW Tabular Data Model:
 * skip rows and comment lines become comments, header rows become titles,
 * then data rows follow with their source row numbers.  Input is decoded to
 * UTF-8 through iconv as it is read, so memory stays bounded by the longest
 * row.  Internal to loaders/. */
#ifndef SILA_CSVW_CSV_H
#define SILA_CSVW_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "sila_status.h"

enum { SILA_CSVW_TRIM_NONE = 0, SILA_CSVW_TRIM_START = 1, SILA_CSVW_TRIM_END = 2, SILA_CSVW_TRIM_BOTH = 3 };

typedef struct {
  char *encoding;          /* iconv name; "utf-8" by default */
  char **line_terminators; /* NULL-terminated; default "\r\n", "\n" */
  char *quote_char;        /* NULL = no quoting */
  bool double_quote;       /* escape char is the quote (true) or '\' (false) */
  char *delimiter;
  long header_row_count;
  long skip_rows;
  long skip_columns;
  bool skip_blank_rows;
  bool skip_initial_space;
  int trim;              /* SILA_CSVW_TRIM_* */
  char *comment_prefix;  /* NULL = none */
} SilaCsvwDialect;

/* The CSVW default dialect (all strings owned by `d`). */
void sila_csvw_dialect_init(SilaCsvwDialect *d);
/* Frees what `d` owns; safe on a zeroed dialect. */
void sila_csvw_dialect_clear(SilaCsvwDialect *d);
/* Replaces a string field with a copy of `s` (NULL allowed). */
void sila_csvw_dialect_set(char **field, const char *s);
void sila_csvw_dialect_set_terminators(SilaCsvwDialect *d, const char *const *lt, size_t n);

typedef enum {
  SILA_CSVW_ROW_EOF = 0,
  SILA_CSVW_ROW_DATA,
  SILA_CSVW_ROW_HEADER,
  SILA_CSVW_ROW_COMMENT,
  SILA_CSVW_ROW_ERROR,
} SilaCsvwRowKind;

typedef struct {
  SilaCsvwRowKind kind;
  unsigned long source_row; /* 1-based physical row (a quoted newline stays in its row) */
  char **cells;             /* after skipColumns; for COMMENT one cell holding the text */
  size_t n;
} SilaCsvwRow;

typedef struct SilaCsvwReader SilaCsvwReader;

/* A reader over `f` (borrowed; the caller closes it after freeing the
 * reader) or over `n` bytes at `data` (borrowed, when f is NULL).  Returns
 * NULL with err set (SILA_ERR_UNSUPPORTED) when iconv lacks the encoding. */
SilaCsvwReader *sila_csvw_reader_new(FILE *f, const char *data, size_t n,
                                     const SilaCsvwDialect *d, SilaError *err);
/* Reads the next row.  row's strings belong to the reader and stay valid
 * until the next call.  ROW_ERROR sets err (bad bytes for the encoding,
 * read error, unterminated quote is NOT an error: the cell ends at EOF). */
SilaCsvwRowKind sila_csvw_reader_next(SilaCsvwReader *r, SilaCsvwRow *row, SilaError *err);
void sila_csvw_reader_free(SilaCsvwReader *r);

#endif
