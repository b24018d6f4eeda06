/* sila.h — Sila's public API, in one include: the linked-data store and
 * SPARQL 1.1 engine of libsila.  Compile and link with
 * `pkg-config --cflags --libs sila`.
 *
 * The library exports exactly the functions declared in these headers
 * (installed in $(includedir)/sila); everything else is internal:
 *
 *   sila_status.h     SilaStatus, SilaError: the one error model
 *   sila_term.h       SilaTerm: IRIs, blank nodes, literals (borrowed strings)
 *   sila_store.h      the LMDB quad store: open, transactions, add, scan, stats
 *   sila_sparql.h     parsing SPARQL 1.1 queries and updates into algebra
 *   sila_exec.h       evaluating a parsed query over a read transaction
 *   sila_results.h    SPARQL result formats: writers, parsers, result sets
 *   sila_query_run.h  running a query and writing its result in a format
 *   sila_update.h     applying a SPARQL 1.1 Update to a store
 *   sila_rdf_syntax.h sila_rdf_write.h   RDF syntaxes: parsing and writing
 *   sila_load.h       loading RDF files into a store (all or nothing)
 *   sila_dump.h       dumping a store as RDF
 *   sila_csvw.h       mapping CSV tables with CSVW metadata to RDF
 *   sila_publish.h    publishing CSVW datasets into a store, with a catalogue
 *   sila_web.h        the HTTP server (SPARQL protocol, Graph Store, pages)
 *
 * sila_redland.h (the store as a Redland storage) is installed beside them
 * but not included here: it needs redland's headers. */
#ifndef SILA_H
#define SILA_H

#include "sila_status.h"
#include "sila_term.h"
#include "sila_iri.h"
#include "sila_store.h"
#include "sila_text.h"
#include "sila_ops.h"
#include "sila_sparql.h"
#include "sila_exec.h"
#include "sila_results.h"
#include "sila_query_run.h"
#include "sila_update.h"
#include "sila_rdf_syntax.h"
#include "sila_rdf_write.h"
#include "sila_load.h"
#include "sila_dump.h"
#include "sila_csvw.h"
#include "sila_publish.h"
#include "sila_inspect.h"
#include "sila_dataset.h"
#include "sila_accounts.h"
#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_report.h"
#include "sila_kv.h"
#include "sila_web.h"

#endif
