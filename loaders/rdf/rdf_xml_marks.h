/* rdf_xml_marks.h — where the markup of an XML document is, for the
 * RDF/XML parser's error positions (rdf_xml_marks.c).
 *
 * raptor's SAX2 reader says neither where an element starts nor where an
 * attribute is, and the position libxml2 gives with a well-formedness
 * error is where it stopped reading (just after the bad construct).  So
 * the parser feeds every chunk here before it feeds raptor, and this
 * light tokenizer notes each start tag (with its attributes), end tag,
 * reference, comment, CDATA section, processing instruction and document
 * type declaration with its first and last character.  The reader reports
 * start and end tags in document order, so the parser takes them one by
 * one as its events arrive; a reader position is mapped back to the
 * construct that holds it.  Lines and columns count from 1; a column
 * counts characters (UTF-8 sequences), as libxml2's do.
 *
 * It is not a validator: on malformed markup it keeps going, and the XML
 * reader's error decides.  Elements an internal entity would bring in have
 * no tag here: the parser notices (the names differ) and does not take. */
#ifndef SILA_RDF_XML_MARKS_H
#define SILA_RDF_XML_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_term.h"

typedef struct {
  unsigned long line, col; /* 0 = unknown */
} XmlPos;

typedef enum {
  XM_START, /* a start tag; an empty-element tag is a start and an end */
  XM_END,
  XM_REF,   /* &name; or &#N; in content */
  XM_OTHER, /* comment, CDATA section, processing instruction, DOCTYPE */
} XmlMarkKind;

typedef struct {
  XmlMarkKind kind;
  bool done;            /* its last character was read */
  XmlPos start, end;    /* its first and last character */
  XmlPos text;          /* XM_START/XM_END: the first non-blank text after it */
  size_t name_off, name_len; /* XM_START/XM_END: the tag's name, in XmlMarks.names */
  size_t attr0, nattr;  /* XM_START: its attributes, XmlMarks.attrs[attr0..] */
} XmlMark;

typedef struct {
  XmlPos start, end;    /* the name's first character, the value's closing quote */
  size_t name_off, name_len;
} XmlAttrMark;

typedef struct {
  XmlMark *marks;
  size_t n, cap;
  size_t next;          /* the first start or end tag not taken yet */
  XmlAttrMark *attrs;
  size_t nattrs, capattrs;
  SilaBuf names;        /* tag and attribute names */
  /* the tokenizer */
  int state;
  char quote;           /* the open quote of an attribute value or a declaration */
  uint64_t hist;        /* the last 8 bytes read: for "-->", "]]>", "?>", "<!--" */
  int depth;            /* '[' of a DOCTYPE's internal subset */
  size_t last_tag;      /* the newest start or end tag + 1 (0: none) */
  XmlPos at;            /* the last character read */
  XmlPos lt;            /* the '<' of the construct being read */
  XmlPos ink;           /* the last character read that is not white space */
  unsigned long bytes;
} XmlMarks;

/* Zero-initialise.  Frees what it holds; again after free is fine. */
void xml_marks_free(XmlMarks *m);
/* Reads the next bytes of the document; -1 when out of memory. */
int xml_marks_feed(XmlMarks *m, const char *data, size_t len);
/* The start (or end) tag the reader reports now, when its name is `name`
 * (the qualified name as written): taken, and returned (valid until the
 * next feed or take).  NULL when the next one has another name (content of
 * an entity) or there is none; nothing is taken then. */
const XmlMark *xml_marks_take(XmlMarks *m, XmlMarkKind kind, const char *name, size_t len);
/* The next start tag not taken yet (NULL none), for errors the reader
 * raises before it reports the element. */
const XmlMark *xml_marks_pending(const XmlMarks *m);
/* The position of the attribute written `name` (qualified, as written) of
 * start tag `t`; false when it has none. */
bool xml_marks_attr(const XmlMarks *m, const XmlMark *t, const char *name, size_t len,
                    XmlPos *out);
/* The construct the XML reader meant when it stopped at `reader` (the
 * position after the character it read last): the attribute or the
 * markup that holds that character, else that character itself. */
XmlPos xml_marks_blame(const XmlMarks *m, XmlPos reader);
/* The first non-blank character of the text after the tag taken last
 * (else that tag's end): where an error about character data points. */
XmlPos xml_marks_text(const XmlMarks *m);
/* The construct the input ends inside (a tag, a comment… cut short), or NULL. */
const XmlMark *xml_marks_unfinished(const XmlMarks *m);
/* True when the reader stopped (`reader`, as for xml_marks_blame) at the
 * last character read that is not white space, or after it: at the end
 * of the input. */
bool xml_marks_past(const XmlMarks *m, XmlPos reader);
/* The position after the last character read. */
XmlPos xml_marks_eof(const XmlMarks *m);

#endif
